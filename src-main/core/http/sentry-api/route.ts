/**
 * Sentry's web API (`/api/0/…`) for the tools that speak it (sentry-cli, editor plugins, Sentry's
 * MCP server): one organization, its projects, issues and events, as thin adapters over the core.
 * Authenticated as Sentry's API is, with `Authorization: Bearer <token>`, the token being `serve`'s
 * (server.json, `faultline token`); requests from web pages or foreign hosts are refused as the RPC
 * refuses them. Errors answer Sentry's `{"detail": …}`.
 */
import type http from 'node:http';
import { FaultlineError } from '../../../../src-shared/errors.ts';
import { checkSource, type RpcGuard, readBody, statusForError, tokensMatch } from '../../api/http-rpc.ts';
import type { CoreContext } from '../../context.ts';
import { damagedFileError } from '../../store/damaged-file.ts';
import { type Route, sendJson } from '../route.ts';
import { dashboardEndpoints } from './dashboards.ts';
import { discoverEndpoints } from './discover.ts';
import { facetEndpoints } from './discover-facets.ts';
import { discoverSavedEndpoints } from './discover-saved.ts';
import { discoverStatsEndpoints } from './discover-stats.ts';
import { environmentEndpoints } from './environments.ts';
import { eventEndpoints } from './events.ts';
import { exploreSavedEndpoints } from './explore-saved.ts';
import { issueDeleteEndpoints } from './issue-delete.ts';
import { issueDetailEndpoints } from './issue-details.ts';
import { issueViewEndpoints } from './issue-views.ts';
import { environmentAsSearch, issueListEndpoints } from './issues.ts';
import { organizationEndpoints } from './organization.ts';
import { projectEndpoints } from './projects.ts';
import { releaseChangeEndpoints } from './release-changes.ts';
import { releaseEndpoints } from './releases.ts';
import { replayEndpoints } from './replays.ts';
import { type ApiReply, type Endpoint, NOT_FOUND, SentryApiError } from './request.ts';
import { chunkUploadEndpoint, indexEndpoint } from './server-index.ts';
import { tagEndpoints } from './tags.ts';

export const SENTRY_API_PREFIX = '/api/0/';
const MAX_BODY_BYTES = 1024 * 1024;

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface ApiRoute {
  pattern: RegExp;
  methods: Partial<Record<Method, Endpoint>>;
  template: string;
}

/** The endpoints whose search narrows the events they count and list as Sentry's `environment` does. */
const ENVIRONMENT_AS_SEARCH = new Set(['issues/{issue}/events', 'organizations/{org}/issues/{issue}/events']);

/** The endpoints that read the `environment` parameter themselves (the issue streams, issues.ts). */
const ENVIRONMENT_OWN = new Set([
  'organizations/{org}/events',
  'organizations/{org}/events-stats',
  'organizations/{org}/events-facets',
  'organizations/{org}/events-meta',
  'issues/{issue}/events/{event}',
  'organizations/{org}/issues/{issue}/events/{event}',
  'organizations/{org}/issues',
  'projects/{org}/{project}/issues',
  'issues/{issue}',
  'organizations/{org}/issues/{issue}',
  'issues/{issue}/tags',
  'organizations/{org}/issues/{issue}/tags',
  'issues/{issue}/tags/{key}',
  'organizations/{org}/issues/{issue}/tags/{key}',
  'issues/{issue}/tags/{key}/values',
  'organizations/{org}/issues/{issue}/tags/{key}/values',
]);

/**
 * Sentry's `environment` parameter narrows what an endpoint counts and lists to those environments.
 * Where the endpoint's search narrows the same events it joins the search (`environment:[…]`), each
 * an environment of the organization, else 404 (Sentry's `get_environments`); elsewhere it is
 * refused, as the answer would be every environment's: other numbers than asked for.
 */
async function applyEnvironment(ctx: CoreContext, template: string, query: URLSearchParams): Promise<void> {
  if (ENVIRONMENT_OWN.has(template) || query.getAll('environment').every((name) => name === '')) return;
  if (!ENVIRONMENT_AS_SEARCH.has(template))
    throw new SentryApiError(
      400,
      'The environment parameter is not supported here: Faultline would answer for every environment. Search with environment:NAME in the query instead.',
    );
  await environmentAsSearch(ctx, query);
}

/** `{org}`-style placeholders to a pattern whose groups are named after them; trailing slash optional. */
function route(template: string, methods: ApiRoute['methods']): ApiRoute {
  const source = template.replace(/\{(\w+)\}/g, (_, name: string) => `(?<${name}>[^/]+)`);
  return { pattern: new RegExp(`^${source}/?$`), methods, template };
}

const ROUTES: ApiRoute[] = [
  route('', { GET: indexEndpoint }),
  route('organizations', { GET: organizationEndpoints.list }),
  route('organizations/{org}', { GET: organizationEndpoints.details }),
  route('organizations/{org}/projects', { GET: projectEndpoints.ofOrganization }),
  route('organizations/{org}/events', { GET: discoverEndpoints.organizationEvents }),
  route('organizations/{org}/events-stats', { GET: discoverStatsEndpoints.organizationEventsStats }),
  route('organizations/{org}/events-facets', { GET: facetEndpoints.organizationEventsFacets }),
  route('organizations/{org}/events-meta', { GET: facetEndpoints.organizationEventsMeta }),
  route('organizations/{org}/discover/saved', {
    GET: discoverSavedEndpoints.list,
    POST: discoverSavedEndpoints.create,
  }),
  route('organizations/{org}/discover/saved/{id}', {
    GET: discoverSavedEndpoints.details,
    PUT: discoverSavedEndpoints.update,
    DELETE: discoverSavedEndpoints.remove,
  }),
  route('organizations/{org}/explore/saved', {
    GET: exploreSavedEndpoints.list,
    POST: exploreSavedEndpoints.create,
  }),
  route('organizations/{org}/explore/saved/{id}', {
    GET: exploreSavedEndpoints.details,
    PUT: exploreSavedEndpoints.update,
    DELETE: exploreSavedEndpoints.remove,
  }),
  route('organizations/{org}/explore/saved/{id}/starred', { POST: exploreSavedEndpoints.starred }),
  route('organizations/{org}/group-search-views', {
    GET: issueViewEndpoints.list,
    POST: issueViewEndpoints.create,
  }),
  // Before `{id}`, which would take these names for ids.
  route('organizations/{org}/group-search-views/starred', { GET: issueViewEndpoints.starred }),
  route('organizations/{org}/group-search-views/starred-order', { PUT: issueViewEndpoints.starredOrder }),
  route('organizations/{org}/group-search-views/{id}', {
    GET: issueViewEndpoints.details,
    PUT: issueViewEndpoints.update,
    DELETE: issueViewEndpoints.remove,
  }),
  route('organizations/{org}/group-search-views/{id}/starred', { POST: issueViewEndpoints.star }),
  route('organizations/{org}/group-search-views/{id}/visit', { POST: issueViewEndpoints.visit }),
  route('organizations/{org}/dashboards', { GET: dashboardEndpoints.list, POST: dashboardEndpoints.create }),
  route('organizations/{org}/dashboards/widgets', { POST: dashboardEndpoints.widget }),
  route('organizations/{org}/dashboards/{id}', {
    GET: dashboardEndpoints.details,
    PUT: dashboardEndpoints.update,
    DELETE: dashboardEndpoints.remove,
  }),
  route('organizations/{org}/issues', { GET: issueListEndpoints.organizationIssues }),
  route('organizations/{org}/issues/{issue}', {
    GET: issueDetailEndpoints.getIssue,
    PUT: issueDetailEndpoints.putIssue,
    DELETE: issueDeleteEndpoints.deleteIssue,
  }),
  route('organizations/{org}/issues/{issue}/events', { GET: eventEndpoints.issueEvents }),
  route('organizations/{org}/issues/{issue}/tags', { GET: tagEndpoints.issueTags }),
  route('organizations/{org}/issues/{issue}/tags/{key}', { GET: tagEndpoints.issueTagKey }),
  route('organizations/{org}/issues/{issue}/tags/{key}/values', { GET: tagEndpoints.issueTagValues }),
  route('organizations/{org}/releases', {
    GET: releaseEndpoints.organizationReleases,
    POST: releaseChangeEndpoints.createInOrganization,
  }),
  route('organizations/{org}/releases/{version}', {
    GET: releaseChangeEndpoints.details,
    PUT: releaseChangeEndpoints.update,
  }),
  route('organizations/{org}/releases/{version}/deploys', {
    GET: releaseChangeEndpoints.listDeploys,
    POST: releaseChangeEndpoints.createDeploy,
  }),
  route('organizations/{org}/environments', { GET: environmentEndpoints.organizationEnvironments }),
  route('organizations/{org}/chunk-upload', { GET: chunkUploadEndpoint }),
  route('organizations/{org}/tags', { GET: tagEndpoints.organizationTags }),
  route('organizations/{org}/replays', { GET: replayEndpoints.replayIndex }),
  route('organizations/{org}/replays/{replay}', { GET: replayEndpoints.replayDetails }),
  route('organizations/{org}/issues/{issue}/events/{event}', { GET: eventEndpoints.issueEvent }),
  route('projects', { GET: projectEndpoints.list }),
  route('projects/{org}/{project}', { GET: projectEndpoints.details, PUT: projectEndpoints.update }),
  route('projects/{org}/{project}/issues', {
    GET: issueListEndpoints.projectIssues,
    PUT: issueDetailEndpoints.bulkUpdate,
    DELETE: issueDeleteEndpoints.bulkDelete,
  }),
  route('projects/{org}/{project}/events', { GET: eventEndpoints.projectEvents }),
  route('projects/{org}/{project}/environments', { GET: environmentEndpoints.projectEnvironments }),
  route('projects/{org}/{project}/environments/{environment}', {
    GET: environmentEndpoints.projectEnvironment,
    PUT: environmentEndpoints.updateProjectEnvironment,
  }),
  route('projects/{org}/{project}/releases', {
    GET: releaseEndpoints.projectReleases,
    POST: releaseChangeEndpoints.createInProject,
  }),
  route('projects/{org}/{project}/releases/{version}', {
    GET: releaseChangeEndpoints.details,
    PUT: releaseChangeEndpoints.update,
  }),
  route('projects/{org}/{project}/events/{event}', { GET: eventEndpoints.projectEvent }),
  route('issues/{issue}', {
    GET: issueDetailEndpoints.getIssue,
    PUT: issueDetailEndpoints.putIssue,
    DELETE: issueDeleteEndpoints.deleteIssue,
  }),
  route('issues/{issue}/events', { GET: eventEndpoints.issueEvents }),
  route('issues/{issue}/tags', { GET: tagEndpoints.issueTags }),
  route('issues/{issue}/tags/{key}', { GET: tagEndpoints.issueTagKey }),
  route('issues/{issue}/tags/{key}/values', { GET: tagEndpoints.issueTagValues }),
  route('issues/{issue}/events/{event}', { GET: eventEndpoints.issueEvent }),
];

/** 401 as Sentry's authentication answers it; undefined when the bearer token is serve's. */
function authenticate(req: http.IncomingMessage, token: string): SentryApiError | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) return new SentryApiError(401, 'Authentication credentials were not provided.');
  return tokensMatch(match[1] ?? '', token) ? undefined : new SentryApiError(401, 'Invalid token');
}

async function jsonBody(req: http.IncomingMessage): Promise<unknown> {
  const body = await readBody(req, MAX_BODY_BYTES);
  if (body === undefined) throw new SentryApiError(413, 'Request body too large.');
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new SentryApiError(400, 'JSON parse error');
  }
}

function decode(groups: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(groups ?? {})) {
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      throw new SentryApiError(404, NOT_FOUND);
    }
  }
  return out;
}

async function answer(ctx: CoreContext, req: http.IncomingMessage, pathname: string): Promise<ApiReply> {
  const rest = pathname.slice(SENTRY_API_PREFIX.length).replace(/\/$/, '');
  for (const candidate of ROUTES) {
    const match = candidate.pattern.exec(rest);
    if (!match) continue;
    const endpoint = candidate.methods[req.method as Method];
    if (!endpoint) {
      const allow = Object.keys(candidate.methods).join(', ');
      throw new SentryApiError(405, `Method "${req.method}" not allowed. (${allow})`);
    }
    const url = new URL(req.url ?? '/', ctx.ingestUrl());
    if (req.method === 'GET') await applyEnvironment(ctx, candidate.template, url.searchParams);
    const body = req.method === 'PUT' || req.method === 'POST' ? await jsonBody(req) : undefined;
    return endpoint({ ctx, params: decode(match.groups), query: url.searchParams, body, url });
  }
  throw new SentryApiError(404, NOT_FOUND);
}

function errorReply(ctx: CoreContext, error: unknown): ApiReply {
  if (error instanceof SentryApiError) return { status: error.status, body: error.body };
  // An endpoint that reads the stores itself: a damaged file is named, not a bare 500.
  const damaged = error instanceof FaultlineError ? undefined : damagedFileError(error, ctx.dataDir);
  if (damaged) {
    ctx.log.error(`${damaged.message}`);
    return { status: statusForError(damaged.toPayload()), body: { detail: damaged.message } };
  }
  if (error instanceof FaultlineError) {
    const status = statusForError(error.toPayload());
    return { status, body: { detail: status === 404 ? NOT_FOUND : error.message } };
  }
  throw error;
}

export function sentryApiRoute(ctx: CoreContext, guard: () => RpcGuard): Route {
  return async (req, res, pathname) => {
    if (!pathname.startsWith(SENTRY_API_PREFIX)) return false;
    const current = guard();
    const refused = checkSource(req, current);
    const unauthenticated = refused ? undefined : authenticate(req, current.token);
    let reply: ApiReply;
    try {
      if (refused) throw new SentryApiError(403, refused.message);
      if (unauthenticated) throw unauthenticated;
      reply = await answer(ctx, req, pathname);
    } catch (error) {
      reply = errorReply(ctx, error);
    }
    if (reply.body === undefined) {
      res.writeHead(reply.status, reply.headers ?? {});
      res.end();
    } else sendJson(res, reply.status, reply.body, reply.headers);
    return true;
  };
}
