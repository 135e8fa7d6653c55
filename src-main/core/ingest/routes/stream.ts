/**
 * Spotlight's sidecar API, `POST /stream` (what `@sentry/node`'s spotlight integration posts to,
 * `http://localhost:8969/stream`): an envelope body, no auth, ingested into the default project.
 * SDKs configured with `spotlight: true` work with no DSN at all.
 */
import { emptyBody, readIngestBody } from '../read-body.ts';
import { requestMeta } from '../request-meta.ts';
import { sendStoreResponse } from '../responses.ts';
import { type IngestRequest, requireMethod } from '../router.ts';
import { type IngestService, queueEnvelope } from '../service.ts';
import { parseBody } from './envelope.ts';

export async function handleStream(service: IngestService, request: IngestRequest): Promise<void> {
  requireMethod(request, ['POST']);
  request.scoping = { projectId: service.streamProjectId, keyId: null };
  const held = await readIngestBody(service, request.req, service.limits.maxEnvelopeSize);
  try {
    if (held.body.length === 0) throw emptyBody();
    const envelope = parseBody(held.body);
    const eventId = await queueEnvelope(service, {
      scoping: request.scoping,
      route: 'stream',
      meta: requestMeta(request.req, sdkClient(envelope.headers.sdk)),
      body: held.body,
      envelope,
    });
    sendStoreResponse(request.res, eventId);
  } finally {
    held.release();
  }
}

/** `name/version` from the envelope's `sdk` header: the only client hint a Spotlight request has. */
function sdkClient(sdk: unknown): string | undefined {
  if (!sdk || typeof sdk !== 'object') return undefined;
  const { name, version } = sdk as Record<string, unknown>;
  return typeof name === 'string' && typeof version === 'string' ? `${name}/${version}` : undefined;
}
