/**
 * Tags through Sentry's web API, as its tagstore serializes them (`TagKey`: key, name, totalValues,
 * topValues; `TagValue`: key, name, value, count, lastSeen, firstSeen): an organization's tag keys
 * with their event counts over the period (`/organizations/{org}/tags/`, SnQL over the event index),
 * and an issue's (`/issues/{id}/tags/`, `…/tags/{key}/`, `…/tags/{key}/values/`) over the core's
 * `issues.tags` and `issues.tagValues`. Keys show without Sentry's `sentry:` prefix.
 */
import type { TagValueSort } from '../../../../src-shared/tag-values-api.ts';
import { issueDetail, issueId } from './issue-details.ts';
import { organizationEnvironments, streamProjects } from './issues.ts';
import { assertOrganization } from './organization.ts';
import { pageHeaders, pageOf } from './pagination.ts';
import {
  type ApiReply,
  type ApiRequest,
  callCore,
  type Endpoint,
  NOT_FOUND,
  ok,
  SentryApiError,
} from './request.ts';
import { scopeConditions, snqlRows } from './snql-text.ts';
import { isoRange, optionalRangeOf, timeRangeOf } from './time-range.ts';

/** Sentry's `TAG_LABELS`; other keys are title-cased with `_` as a space (`get_tag_key_label`). */
const TAG_LABELS: Record<string, string> = {
  exc_type: 'Exception Type',
  'sentry:user': 'User',
  'sentry:release': 'Release',
  'sentry:dist': 'Distribution',
  os: 'OS',
  url: 'URL',
  server_name: 'Server',
};
/** How many values a key's `topValues` carries in Sentry's group tag details. */
const TOP_VALUES = 9;
/** Datasets with tags here: Faultline's events are errors (`search_issues` is the issue platform's). */
const TAG_DATASETS = new Set(['errors', 'discover', 'events']);

const standardKey = (key: string) => (key.startsWith('sentry:') ? key.slice('sentry:'.length) : key);

/** Python's `str.title()` of the key with `_` as a space. */
export function tagLabel(key: string): string {
  const label = TAG_LABELS[key] ?? TAG_LABELS[`sentry:${key}`];
  if (label) return label;
  return key
    .replaceAll('_', ' ')
    .replace(/[A-Za-z]+/g, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase());
}

async function organizationTags({ ctx, params, query }: ApiRequest): Promise<ApiReply> {
  assertOrganization(params.org);
  const dataset = query.get('dataset');
  const projects = streamProjects(ctx, query);
  if ((dataset && !TAG_DATASETS.has(dataset)) || projects.length === 0) return ok([]);
  const where = scopeConditions(
    projects.map((p) => p.id),
    timeRangeOf(query),
  );
  const rows = await snqlRows(
    ctx,
    `MATCH (events) SELECT count() AS n BY tags_key WHERE ${where.join(' AND ')} ORDER BY n DESC, tags_key ASC LIMIT 1000`,
  );
  const counts = new Map<string, number>();
  for (const row of rows) {
    const key = standardKey(String(row.tags_key));
    counts.set(key, (counts.get(key) ?? 0) + Number(row.n));
  }
  return ok([...counts].map(([key, totalValues]) => ({ key, name: tagLabel(key), totalValues })));
}

async function issueOf(request: ApiRequest) {
  if (request.params.org !== undefined) assertOrganization(request.params.org);
  return issueDetail(request.ctx, issueId(request.ctx, request.params.issue));
}

const valueJson = (
  key: string,
  v: { value: string; count: number; firstSeen?: string; lastSeen?: string },
) => ({
  key,
  name: v.value,
  value: v.value,
  count: v.count,
  ...(v.lastSeen !== undefined ? { lastSeen: v.lastSeen, firstSeen: v.firstSeen } : {}),
});

async function issueTags(request: ApiRequest): Promise<ApiReply> {
  const issue = await issueOf(request);
  // Sentry's `environment` (get_environments: each the organization's, else 404): those environments' events.
  const environments = await organizationEnvironments(request.ctx, request.query);
  // Sentry's group tags take the page's dates too (`statsPeriod`, or `start` and `end`); none is all time.
  const range = optionalRangeOf(request.query);
  const tags = await callCore(request.ctx, 'issues.tags', {
    groupId: issue.id,
    limit: TOP_VALUES,
    environments,
    ...(range ? isoRange(range) : {}),
  });
  const wanted = new Set(request.query.getAll('key'));
  return ok(
    tags
      .filter((tag) => wanted.size === 0 || wanted.has(tag.key))
      .map((tag) => ({
        key: tag.key,
        name: tagLabel(tag.key),
        totalValues: tag.totalValues,
        uniqueValues: tag.uniqueValues,
        topValues: tag.topValues.map((v) => valueJson(tag.key, v)),
      })),
  );
}

/**
 * A page of the key's values, of the `environment`s' events (each the organization's, else 404, as
 * `get_environments` answers); a key no event of the issue has is 404.
 */
async function tagPage(request: ApiRequest, sort: TagValueSort, offset: number, limit: number) {
  const issue = await issueOf(request);
  const key = standardKey(request.params.key ?? '');
  const environments = await organizationEnvironments(request.ctx, request.query);
  return callCore(request.ctx, 'issues.tagValues', {
    groupId: issue.id,
    key,
    sort,
    offset,
    limit,
    environments,
  });
}

async function issueTagKey(request: ApiRequest): Promise<ApiReply> {
  const page = await tagPage(request, 'count', 0, TOP_VALUES);
  // As Sentry's `get_group_tag_key` in an environment: a key without values there does not exist.
  if (page.totalValues === 0) throw new SentryApiError(404, NOT_FOUND);
  return ok({
    key: page.key,
    name: tagLabel(page.key),
    uniqueValues: page.uniqueValues,
    totalValues: page.totalValues,
    topValues: page.values.map((v) => valueJson(page.key, v)),
  });
}

/** Sentry's group tag values: `sort` `date` (the default), `age` or `count`, newest / most first. */
const SORTS: Record<string, TagValueSort> = { date: 'date', age: 'age', count: 'count' };

async function issueTagValues(request: ApiRequest): Promise<ApiReply> {
  const sortText = request.query.get('sort')?.replace(/^-/, '') || 'date';
  const sort = SORTS[sortText];
  if (!sort) throw new SentryApiError(400, `Invalid sort: '${sortText}'`);
  const page = pageOf(request.query, 1000, 100);
  const values = await tagPage(request, sort, page.offset, page.limit);
  return ok(
    values.values.map((v) => valueJson(values.key, v)),
    pageHeaders(request.url, page, values.uniqueValues),
  );
}

export const tagEndpoints: Record<string, Endpoint> = {
  organizationTags,
  issueTags,
  issueTagKey,
  issueTagValues,
};
