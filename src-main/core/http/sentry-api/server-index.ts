/**
 * The API's root and what Faultline declines. `GET /api/0/` is Sentry's `IndexEndpoint`, which
 * `sentry-cli info` reads to check its token: `serve`'s token belongs to no user, as Sentry's
 * organization auth tokens do not, so `user` is null and `auth` lists the scopes the token is
 * good for (every endpoint served). `…/chunk-upload/` is where sentry-cli starts uploading
 * source maps and debug files; Faultline keeps no uploaded artifacts (it reads source maps from
 * this machine's files or a loopback dev server when an event is shown), so the upload is refused
 * with a message saying so: 501, whose `detail` sentry-cli prints (a 404 it reports as "organization
 * not found").
 */
import { assertOrganization } from './organization.ts';
import { type ApiReply, type ApiRequest, ok, SentryApiError } from './request.ts';

const SCOPES = [
  'org:read',
  'project:read',
  'project:write',
  'project:releases',
  'event:read',
  'event:write',
  'event:admin',
];

export function indexEndpoint(): ApiReply {
  return ok({ version: '0', auth: { scopes: SCOPES }, user: null });
}

export function chunkUploadEndpoint({ params }: ApiRequest): ApiReply {
  assertOrganization(params.org);
  throw new SentryApiError(
    501,
    "Faultline does not take uploads of source maps or debug files: when it shows an event it reads each JavaScript frame's file and its source map (sourceMappingURL, SourceMap header or inline) from this machine or a loopback dev server",
  );
}
