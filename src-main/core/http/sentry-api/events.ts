/**
 * Events through Sentry's web API: an issue's (`/issues/{id}/events/`, and one of them by id or as
 * `latest`, `oldest` or `recommended`, within the `environment`s given) and a project's
 * (`/projects/{org}/{project}/events/`, and one by id). Lists are `SimpleEventSerializer` rows (`full=true` gives whole events), one event is
 * the whole event from the core's `events.get`.
 */

import type { CoreContext } from '../../context.ts';
import type { EventRow } from '../../issues/queries/events.ts';
import { projectEventRows } from '../../issues/queries/events.ts';
import { Nodestore } from '../../store/nodestore.ts';
import { fullEventJson, simpleEventJson } from './event-json.ts';
import { issueDetail, issueId } from './issue-details.ts';
import { organizationEnvironments } from './issues.ts';
import { assertOrganization } from './organization.ts';
import { pageHeaders, pageOf } from './pagination.ts';
import { resolveProject } from './projects.ts';
import {
  type ApiReply,
  type ApiRequest,
  callCore,
  type Endpoint,
  NOT_FOUND,
  ok,
  SentryApiError,
} from './request.ts';
import { isoRange, optionalRangeOf } from './time-range.ts';

function isFull(query: URLSearchParams): boolean {
  const full = query.get('full');
  return full === 'true' || full === '1';
}

async function eventRows(ctx: CoreContext, rows: EventRow[], full: boolean): Promise<unknown[]> {
  if (full)
    return Promise.all(
      rows.map(async (row) =>
        fullEventJson(
          await callCore(ctx, 'events.get', { projectId: row.project_id, eventId: row.event_id }),
        ),
      ),
    );
  const nodestore = new Nodestore(ctx.db);
  return rows.map((row) =>
    simpleEventJson({
      projectId: row.project_id,
      eventId: row.event_id,
      groupId: row.group_id,
      timestamp: row.timestamp,
      event: (nodestore.get(row.project_id, row.event_id) ?? {}) as Record<string, unknown>,
    }),
  );
}

/** The issue of `/issues/{issue}/…` (the org prefix, when present, must be Faultline's). */
async function issueOf(ctx: CoreContext, params: Record<string, string>) {
  if (params.org !== undefined) assertOrganization(params.org);
  return issueDetail(ctx, issueId(ctx, params.issue));
}

/** Sentry's group events without dates: the last 90 days. */
const DEFAULT_EVENTS_MS = 90 * 24 * 3_600_000;

async function issueEvents({ ctx, params, query, url }: ApiRequest): Promise<ApiReply> {
  const issue = await issueOf(ctx, params);
  const page = pageOf(query);
  const now = Date.now();
  // `statsPeriod`, or `start` and `end`, with Sentry's 400s; without them Sentry's 90 days.
  const range = optionalRangeOf(query, now) ?? { start: now - DEFAULT_EVENTS_MS, end: now };
  const list = await callCore(ctx, 'issues.events', {
    groupId: issue.id,
    query: query.get('query') ?? '',
    offset: page.offset,
    limit: page.limit,
    ...isoRange(range),
  });
  const rows = list.events.map((e) => ({
    project_id: issue.projectId,
    event_id: e.eventId,
    group_id: e.groupId,
    timestamp: Date.parse(e.timestamp),
  }));
  return ok(await eventRows(ctx, rows, isFull(query)), pageHeaders(url, page, list.total));
}

/**
 * One event of the issue, by id or as its `latest`, `oldest` or `recommended`: those, and the event's
 * previous and next (by time, for the recommended too), of the `environment`s, dates and event search
 * `query` given (Sentry's group event details), 404 when none is there, 400 for a query that does not
 * parse or names issue filters. An event named by its id is that event, whatever (known) environments
 * are given.
 */
async function issueEvent({ ctx, params, query }: ApiRequest): Promise<ApiReply> {
  const issue = await issueOf(ctx, params);
  // `latest`, `oldest` and `recommended` (Sentry's pick: see event-navigation.ts) are the core's too.
  const eventId = params.event ?? '';
  // Every environment given must be the organization's (404), as Sentry checks before the event.
  const environments = await organizationEnvironments(ctx, query);
  const range = optionalRangeOf(query);
  try {
    const event = await callCore(ctx, 'events.get', {
      groupId: issue.id,
      eventId,
      query: query.get('query') ?? '',
      environments,
      ...(range ? isoRange(range) : {}),
    });
    return ok(fullEventJson(event));
  } catch (error) {
    const { type, message } = error as { type?: string; message?: string };
    if (type === 'not_found') throw new SentryApiError(404, NOT_FOUND);
    if (type === 'invalid_query') throw new SentryApiError(400, `Invalid event query: ${message}`);
    throw error;
  }
}

async function projectEvents({ ctx, params, query, url }: ApiRequest): Promise<ApiReply> {
  const project = resolveProject(ctx, params.org, params.project);
  const page = pageOf(query);
  const { rows, total } = projectEventRows(ctx.db, project.id, page);
  return ok(await eventRows(ctx, rows, isFull(query)), pageHeaders(url, page, total));
}

async function projectEvent({ ctx, params }: ApiRequest): Promise<ApiReply> {
  const project = resolveProject(ctx, params.org, params.project);
  const eventId = params.event ?? '';
  if (!/^[0-9a-f]{32}$|^[0-9a-f-]{36}$/i.test(eventId)) throw new SentryApiError(404, NOT_FOUND);
  return ok(fullEventJson(await callCore(ctx, 'events.get', { projectId: project.id, eventId })));
}

export const eventEndpoints: Record<string, Endpoint> = {
  issueEvents,
  issueEvent,
  projectEvents,
  projectEvent,
};
