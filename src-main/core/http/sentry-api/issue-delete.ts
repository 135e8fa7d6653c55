/**
 * Removing issues through Sentry's web API: `DELETE /issues/{id}/` (also under `/organizations/{org}/`)
 * answers 202 as Sentry's group details do, and `DELETE /projects/{org}/{project}/issues/?id=…`
 * answers 204 as Sentry's bulk removal does (ids outside the project change nothing; without ids, the
 * first 1,000 issues the search finds). Both go through the core's `issues.delete`, which takes the
 * issues' events, nodestore entries and attachments with them.
 */
import { issueDetail, issueId, searchedIds } from './issue-details.ts';
import { assertOrganization } from './organization.ts';
import { resolveProject } from './projects.ts';
import {
  type ApiReply,
  type ApiRequest,
  callCore,
  type Endpoint,
  numericId,
  SentryApiError,
} from './request.ts';

async function deleteIssue({ ctx, params }: ApiRequest): Promise<ApiReply> {
  if (params.org !== undefined) assertOrganization(params.org);
  const issue = await issueDetail(ctx, issueId(ctx, params.issue));
  await callCore(ctx, 'issues.delete', { projectId: issue.projectId, groupIds: [issue.id] });
  return { status: 202 };
}

async function bulkDelete({ ctx, params, query }: ApiRequest): Promise<ApiReply> {
  const project = resolveProject(ctx, params.org, params.project);
  const given = query.getAll('id');
  const ids = given.map((id) => numericId(id) ?? 0);
  if (ids.some((id) => id === 0)) throw new SentryApiError(400, { id: ['A valid integer is required.'] });
  const groupIds = given.length > 0 ? ids : await searchedIds(ctx, project.id, query);
  if (groupIds.length > 0) await callCore(ctx, 'issues.delete', { projectId: project.id, groupIds });
  return { status: 204 };
}

export const issueDeleteEndpoints: Record<string, Endpoint> = { deleteIssue, bulkDelete };
