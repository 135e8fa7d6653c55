/**
 * One issue (`GET`/`PUT /issues/{id}/`, also under `/organizations/{org}/`, the id numeric or a
 * short id) and the bulk mutation of a project's issues (`PUT /projects/{org}/{project}/issues/`
 * with `?id=…`, or for every issue a search finds, as sentry-cli's `issues resolve/mute/unresolve`
 * send it). Status, priority and bookmark changes go through the core's `issues.update`.
 */
import type { IssueDetail, StatsPeriod } from '../../../../src-shared/issues-api.ts';
import type { CoreContext } from '../../context.ts';
import { findDirectHit } from '../../issues/queries/direct-hit.ts';
import { groupDetailsJson, listStats } from './group-json.ts';
import { organizationEnvironments } from './issues.ts';
import { assertOrganization } from './organization.ts';
import { resolveProject } from './projects.ts';
import {
  type ApiReply,
  type ApiRequest,
  callCore,
  type Endpoint,
  NOT_FOUND,
  numericId,
  ok,
  SentryApiError,
} from './request.ts';
import { issueChangesOf } from './status-update.ts';

/** Sentry's `BULK_MUTATION_LIMIT`: a mutation without ids changes at most this many issues. */
const BULK_MUTATION_LIMIT = 1000;
const SEARCHABLE_STATUSES: Record<string, string> = {
  resolved: 'is:resolved',
  unresolved: 'is:unresolved',
  ignored: 'is:ignored',
  muted: 'is:ignored',
};

/** The issue a path names: its numeric id, or its short id (`DEFAULT-1A`). */
export function issueId(ctx: CoreContext, text: string | undefined): number {
  const id = numericId(text ?? '');
  if (id !== undefined) return id;
  const hit = text ? findDirectHit(ctx.db, text) : null;
  if (!hit || hit.eventId !== undefined) throw new SentryApiError(404, NOT_FOUND);
  return hit.groupId;
}

export async function issueDetail(
  ctx: CoreContext,
  groupId: number,
  input: { period?: StatsPeriod; environments?: string[] } = {},
): Promise<IssueDetail> {
  try {
    return await callCore(ctx, 'issues.get', { groupId, ...input });
  } catch (error) {
    if ((error as { type?: string }).type === 'not_found') throw new SentryApiError(404, NOT_FOUND);
    throw error;
  }
}

/** Sentry's `userReportCount`: the feedback on the issue's events (of the environments given). */
async function userReportCount(ctx: CoreContext, groupId: number, environments: string[] = []) {
  return (await callCore(ctx, 'issues.feedback', { groupId, environments, limit: 1 })).total;
}

/**
 * With Sentry's `environment` (`get_environments`: each the organization's, else 404), the issue's
 * events, users, first and last seen, its 24h and 30d graphs and its feedback are those environments'.
 */
async function getIssue({ ctx, params, query }: ApiRequest): Promise<ApiReply> {
  if (params.org !== undefined) assertOrganization(params.org);
  const groupId = issueId(ctx, params.issue);
  const environments = await organizationEnvironments(ctx, query);
  if (environments.length === 0)
    return ok(groupDetailsJson(ctx, await issueDetail(ctx, groupId), await userReportCount(ctx, groupId)));
  const issue = await issueDetail(ctx, groupId, { environments });
  const monthly = await issueDetail(ctx, groupId, { period: '30d', environments });
  const stats = { ...listStats([issue], '24h').get(groupId), ...listStats([monthly], '30d').get(groupId) };
  return ok(groupDetailsJson(ctx, issue, await userReportCount(ctx, groupId, environments), stats));
}

/** Sentry's group details answer a mutation with the group as it now is. */
async function putIssue({ ctx, params, body }: ApiRequest): Promise<ApiReply> {
  if (params.org !== undefined) assertOrganization(params.org);
  const groupId = issueId(ctx, params.issue);
  const before = await issueDetail(ctx, groupId);
  for (const update of issueChangesOf(body).updates)
    await callCore(ctx, 'issues.update', { projectId: before.projectId, groupIds: [groupId], update });
  return ok(groupDetailsJson(ctx, await issueDetail(ctx, groupId), await userReportCount(ctx, groupId)));
}

/** The issues a bulk mutation without ids changes: what its search finds (`status` narrows it). */
export async function searchedIds(
  ctx: CoreContext,
  projectId: number,
  query: URLSearchParams,
): Promise<number[]> {
  const status = query.get('status');
  if (status !== null && !(status in SEARCHABLE_STATUSES))
    throw new SentryApiError(400, `Invalid status: '${status}'`);
  const search = query.get('query')?.trim() ?? (status ? SEARCHABLE_STATUSES[status] : 'is:unresolved') ?? '';
  const list = await callCore(ctx, 'issues.list', {
    projectId,
    query: search,
    period: '30d',
    limit: BULK_MUTATION_LIMIT,
    filteredStats: false,
  });
  return list.issues.filter((issue) => issue.projectId === projectId).map((issue) => issue.id);
}

async function bulkUpdate({ ctx, params, query, body }: ApiRequest): Promise<ApiReply> {
  const project = resolveProject(ctx, params.org, params.project);
  const change = issueChangesOf(body);
  const given = query.getAll('id');
  const ids =
    given.length > 0 ? given.map((id) => numericId(id) ?? 0) : await searchedIds(ctx, project.id, query);
  if (given.length > 0 && ids.some((id) => id === 0))
    throw new SentryApiError(400, { id: ['A valid integer is required.'] });
  if (ids.length === 0) return given.length > 0 ? { status: 204 } : ok(change.result);
  let changed = 0;
  for (const update of change.updates)
    ({ changed } = await callCore(ctx, 'issues.update', { projectId: project.id, groupIds: ids, update }));
  // As Sentry: ids of which none is the project's change nothing and answer 204.
  return changed === 0 && given.length > 0 ? { status: 204 } : ok(change.result);
}

export const issueDetailEndpoints: Record<string, Endpoint> = { getIssue, putIssue, bulkUpdate };
