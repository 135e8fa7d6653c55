/**
 * Discover's event table (`GET /organizations/{org}/events/`) on a real core fed by @sentry/node,
 * asked as Sentry's MCP server asks it (`search_events`, `searchErrors`): Sentry's
 * `{data, meta: {fields, units}}` shape, the rows its search selects, implicit group-by under
 * aggregates, sorts, pages, and Sentry's 400s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { issueDiscoverQuery } from '../../../src-renderer/features/issue/discover-link.ts';
import { tagQuery } from '../../../src-renderer/features/issue/tag-query.ts';
import { discoverSearchParams } from '../../../src-shared/discover-api.ts';
import { sendWithSdk } from '../../e2e/fixtures/send.ts';
import { startCore } from '../../support/core.ts';
import { tempDir } from '../../support/serve.ts';
import { sentryApiClient } from './api-client.ts';

let core: Core;
let sent: string[];
const api = sentryApiClient(() => core);

type Row = Record<string, unknown>;
interface Table {
  data: Row[];
  meta: { fields: Record<string, string>; units: Record<string, string | null>; dataset?: string };
}

/** The MCP server's request: `field` repeated, then the rest as given. */
async function events(fields: string[], params: Record<string, string> = {}) {
  const search = new URLSearchParams({ dataset: 'errors', referrer: 'sentry-mcp', ...params });
  for (const field of fields) search.append('field', field);
  return api(`/api/0/organizations/faultline/events/?${search}`);
}

async function table(fields: string[], params: Record<string, string> = {}): Promise<Table> {
  const reply = await events(fields, params);
  expect(reply.status, reply.body).toBe(200);
  return reply.json as Table;
}

beforeAll(async () => {
  core = await startCore(tempDir(), { httpRpc: true });
  const dsn = core.ctx.projects.defaultDsn(1) ?? '';
  sent = await sendWithSdk(dsn, {
    release: 'shop@2.0.0',
    environment: 'production',
    errors: [
      {
        name: 'PaymentDeclined',
        message: 'card declined',
        tags: { step: 'pay' },
        user: { id: '7', email: 'ada@example.com' },
      },
      { name: 'PaymentDeclined', message: 'card declined again', tags: { step: 'pay' }, user: { id: '8' } },
      {
        name: 'PaymentDeclined',
        message: 'card declined thrice',
        tags: { step: 'confirm' },
        user: { id: '7', email: 'ada@example.com' },
      },
      { name: 'DatabaseDown', message: 'database connection refused', level: 'warning' },
    ],
  });
  await core.ctx.pipeline.call('pipeline.drain', {});
}, 60_000);
afterAll(() => core?.close());

describe("Discover's events endpoint: an event table", () => {
  it("answers the MCP server's search with Sentry's rows and meta, newest first", async () => {
    const result = await table(
      ['issue', 'title', 'project', 'timestamp', 'level', 'message', 'user.email', 'trace'],
      {
        query: 'level:error',
        sort: '-timestamp',
        statsPeriod: '14d',
        per_page: '10',
      },
    );
    expect(result.data).toHaveLength(3);
    expect(result.meta.fields).toMatchObject({
      issue: 'string',
      title: 'string',
      project: 'string',
      timestamp: 'date',
      id: 'string',
      'project.name': 'string',
    });
    expect(result.meta.units).toMatchObject({ issue: null, timestamp: null });
    const row = result.data[0] ?? {};
    expect(row).toMatchObject({
      issue: expect.stringMatching(/^DEFAULT-\w+$/),
      title: expect.stringMatching(/^PaymentDeclined: card declined/),
      project: 'default',
      'project.name': 'default',
      level: 'error',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$/),
      trace: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    // Sentry's auto field `id` is the event id, hex without dashes.
    const ids = result.data.map((r) => r.id);
    expect(new Set(ids)).toEqual(new Set(sent.slice(0, 3)));
    const times = result.data.map((r) => Date.parse(String(r.timestamp)));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(result.data.filter((r) => r['user.email'] === 'ada@example.com')).toHaveLength(2);
  });

  it('narrows by tags, free text, message wildcards, has: and negation, as the issue search does', async () => {
    const ids = async (query: string) =>
      (await table(['id'], { query })).data.map((r) => r.id as string).sort();
    expect(await ids('step:pay')).toEqual([sent[0], sent[1]].sort());
    expect(await ids('!step:pay')).toEqual([sent[2], sent[3]].sort());
    expect(await ids('"connection refused"')).toEqual([sent[3]]);
    expect(await ids('message:"*declined a*"')).toEqual([sent[1]]);
    expect(await ids('has:user.email')).toEqual([sent[0], sent[2]].sort());
    expect(await ids('user.id:7 release:shop@2.0.0')).toEqual([sent[0], sent[2]].sort());
    expect(await ids('project:default error.type:DatabaseDown')).toEqual([sent[3]]);
  });
});

describe("Discover's events endpoint: Sentry's boolean search", () => {
  const ids = async (query: string, dataset = 'errors') =>
    (await table(['id'], { query, dataset })).data.map((r) => r.id as string).sort();
  const refusal = async (path: string) => {
    const reply = await api(path);
    expect(reply.status, reply.body).toBe(400);
    return (reply.json as { detail: string }).detail;
  };

  it('finds the events either side of an OR, in both event datasets', async () => {
    expect(await ids('step:pay OR level:warning')).toEqual([sent[0], sent[1], sent[3]].sort());
    expect(await ids('step:confirm or level:warning', 'discover')).toEqual([sent[2], sent[3]].sort());
    expect(await ids('thrice OR "connection refused"')).toEqual([sent[2], sent[3]].sort());
    expect(await ids('error.type:DatabaseDown OR user.email:ada@example.com')).toEqual(
      [sent[0], sent[2], sent[3]].sort(),
    );
    // `project:` inside an OR is a condition on the project, not a narrowing of the request.
    expect(await ids('project:default OR step:nothing')).toHaveLength(4);
    expect(await ids('!project:default OR step:confirm')).toEqual([sent[2]]);
    const [database] = (await table(['issue'], { query: 'error.type:DatabaseDown' })).data;
    expect(await ids(`issue:${database?.issue} OR step:confirm`)).toEqual([sent[2], sent[3]].sort());
    expect(await ids(`!issue:${database?.issue} (level:warning OR user.id:8)`)).toEqual([sent[1]]);
  });

  it('groups with parentheses and binds AND tighter than OR', async () => {
    expect(await ids('(step:pay OR step:confirm) user.id:7')).toEqual([sent[0], sent[2]].sort());
    // confirm, or (pay and user 8) — not (confirm or pay) and user 8.
    expect(await ids('step:confirm OR step:pay user.id:8')).toEqual([sent[1], sent[2]].sort());
    expect(await ids('step:confirm OR step:pay AND user.id:8')).toEqual([sent[1], sent[2]].sort());
    expect(await ids('(step:confirm OR step:pay) AND user.id:8')).toEqual([sent[1]]);
  });

  it('negates inside parentheses', async () => {
    // !pay: thrice and the database event; or user 8; then only errors.
    expect(await ids('(!step:pay OR user.id:8) level:error')).toEqual([sent[1], sent[2]].sort());
    expect(await ids('!has:user.email (level:warning OR user.id:8)')).toEqual([sent[1], sent[3]].sort());
  });

  it("refuses a malformed boolean search with Sentry's messages", async () => {
    const refused = (query: string) =>
      refusal(
        `/api/0/organizations/faultline/events/?dataset=errors&field=id&query=${encodeURIComponent(query)}`,
      );
    expect(await refused('step:pay OR')).toMatch(/^Condition is missing on the right side of 'OR' operator/);
    expect(await refused('AND step:pay')).toMatch(/^Condition is missing on the left side of 'AND' operator/);
    expect(await refused('(step:pay OR level:error')).toMatch(
      /^Parse error at '\(step:' \(column 1\)\. This is commonly caused by unmatched parentheses/,
    );
    expect(await refused('step:pay OR is:unresolved')).toMatch(/'is' filters apply to issues/);
  });

  it("has the issue list and an issue's events refuse OR and AND with Sentry's message", async () => {
    const message = 'Boolean statements containing "OR" or "AND" are not supported in this search';
    const query = encodeURIComponent('step:pay OR level:warning');
    expect(await refusal(`/api/0/projects/faultline/default/issues/?query=${query}`)).toContain(message);
    const [issue] = (await api('/api/0/projects/faultline/default/issues/?query=')).json as { id: string }[];
    expect(await refusal(`/api/0/issues/${issue?.id}/events/?query=${query}`)).toContain(message);
  });
});

describe("Discover's events endpoint: aggregates", () => {
  it('counts with an implicit group-by of the other fields, sorted by count()', async () => {
    const result = await table(['issue', 'project', 'last_seen()', 'count()'], { sort: '-count()' });
    expect(result.meta.fields).toMatchObject({
      'count()': 'integer',
      'last_seen()': 'date',
      issue: 'string',
    });
    const payment = (await table(['issue'], { query: 'PaymentDeclined' })).data[0]?.issue;
    expect(result.data.map((r) => [r.issue, r.project, r['count()']])).toEqual([
      [payment, 'default', 3],
      [expect.not.stringMatching(String(payment)), 'default', 1],
    ]);
    expect(result.data[0]).not.toHaveProperty('id');
    expect(result.data[0]?.['last_seen()']).toMatch(/\+00:00$/);
  });

  it("counts unique users by a tag, sorted by the function's alias as the MCP server's older client sorts", async () => {
    const result = await table(['step', 'count()', 'count_unique(user)'], {
      sort: '-count',
      query: 'has:step',
    });
    expect(result.data).toEqual([
      { step: 'pay', 'count()': 2, 'count_unique(user)': 2 },
      { step: 'confirm', 'count()': 1, 'count_unique(user)': 1 },
    ]);
  });

  it('counts everything in one row without other fields', async () => {
    const result = await table(['count()', 'first_seen()'], { query: 'PaymentDeclined' });
    expect(result.data).toEqual([{ 'count()': 3, 'first_seen()': expect.stringMatching(/\+00:00$/) }]);
  });
});

describe("Discover's events endpoint: pages and refusals", () => {
  it("pages with Sentry's cursor and Link header", async () => {
    const first = await events(['id', 'timestamp'], { sort: '-timestamp', per_page: '3' });
    expect((first.json as Table).data).toHaveLength(3);
    expect(first.headers.link).toContain('rel="next"; results="true"; cursor="3:1:0"');
    const second = await events(['id', 'timestamp'], { sort: '-timestamp', per_page: '3', cursor: '3:1:0' });
    expect((second.json as Table).data).toHaveLength(1);
    expect(second.headers.link).toContain('rel="next"; results="false"');
  });

  it("refuses what Sentry refuses, with Sentry's detail", async () => {
    const refused = async (fields: string[], params: Record<string, string>) => {
      const reply = await events(fields, params);
      expect(reply.status).toBe(400);
      return (reply.json as { detail: string }).detail;
    };
    expect(await refused(['title'], { dataset: 'nope' })).toMatch(
      /^dataset must be one of: discover, errors, /,
    );
    expect(await refused(['title', 'p99_of_nothing()'], {})).toBe('p99_of_nothing is not a valid function');
    expect(await refused(['title'], { sort: '-count()' })).toBe(
      'Cannot sort by a field that is not selected.',
    );
    expect(await refused([], {})).toBe('No columns selected');
    expect(await refused(['title'], { statsPeriod: 'forever' })).toBe('Invalid statsPeriod');
  });

  it('answers no rows for a dataset Faultline has no events in', async () => {
    const result = await table(['title', 'count()'], { dataset: 'uptimeChecks' });
    expect(result).toMatchObject({ data: [], meta: { dataset: 'uptimeChecks' } });
  });
});

describe("Discover's events endpoint: the issue filters Sentry's 'Open in Discover' links send", () => {
  const ids = async (query: string) =>
    (await table(['id'], { query, statsPeriod: '90d' })).data.map((r) => r.id as string).sort();
  const refused = async (query: string) => {
    const reply = await events(['id'], { query });
    expect(reply.status, reply.body).toBe(400);
    return (reply.json as { detail: string }).detail;
  };

  it("answers an issue's link (issue:SHORT-ID, the page's search, a tag value) with that issue's events", async () => {
    const [paid] = (await table(['issue', 'issue.id'], { query: 'step:pay' })).data;
    const shortId = String(paid?.issue);
    // The issue's events as the issue page's link asks them, through the link builder's own query.
    const link = issueDiscoverQuery(
      { shortId, projectId: 1 },
      { environments: ['production'], query: 'user.id:7' },
      tagQuery('step', 'confirm'),
    );
    const params = discoverSearchParams(link);
    params.set('referrer', 'test');
    const reply = await api(`/api/0/organizations/faultline/events/?${params}`);
    expect(reply.status, reply.body).toBe(200);
    expect((reply.json as Table).data.map((r) => r.title)).toEqual(['PaymentDeclined: card declined thrice']);
    expect(Object.keys((reply.json as Table).meta.fields)).toEqual(
      expect.arrayContaining(['title', 'release', 'environment', 'user.display', 'timestamp']),
    );
    // The three PaymentDeclined events are one issue; the database one is not in it.
    expect(await ids(`issue:${shortId}`)).toEqual([sent[0], sent[1], sent[2]].sort());
    expect(await ids(`issue.id:${paid?.['issue.id']}`)).toEqual([sent[0], sent[1], sent[2]].sort());
    expect(await ids(`!issue.id:${paid?.['issue.id']}`)).toEqual([sent[3]]);
    // A number of no issue is a filter that matches nothing, as Sentry's numeric issue.id.
    expect(await ids('issue.id:999999')).toEqual([]);
  });

  it('refuses an issue: of no issue, a malformed short id and a non-numeric issue.id, as Sentry does', async () => {
    expect(await refused('issue:DEFAULT-ZZZZ')).toBe(
      "Invalid value 'DEFAULT-ZZZZ' for 'issue:' filter: no such issue.",
    );
    expect(await refused('issue:nonsense')).toContain("Invalid short id 'nonsense'");
    expect(await refused('issue.id:abc')).toContain('issue.id: Invalid number: abc.');
  });
});
