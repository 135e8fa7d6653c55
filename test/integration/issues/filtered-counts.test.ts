/**
 * Sentry's issue stream under a search with event filters (tags, `has:`, `level:`): each issue shows
 * the period's events that match them and their users (`filtered`, beside the period's `count` and the
 * all-time `lifetime`), and the events and users sorts order by those. Fed by the real @sentry/node SDK
 * into a real core.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import type { IssueSort, IssueSummary } from '../../../src-shared/issues-api.ts';
import { type SenderSpec, sendWithSdk } from '../../e2e/fixtures/send.ts';
import { callApi, startCore } from '../../support/core.ts';

type SentError = SenderSpec['errors'][number];
let sent = 0;
const error = (name: string, browser: string, user: string, more: Partial<SentError> = {}): SentError => ({
  name,
  message: `${name} ${++sent}`,
  tags: { browser },
  user: { id: user },
  ...more,
});

let core: Core;

beforeAll(async () => {
  core = await startCore();
  const dsn = core.ctx.projects.defaultDsn(1) ?? '';
  await sendWithSdk(dsn, {
    errors: [
      // CartError: 4 events in the last 24 hours, 3 of them in Chrome by 2 users; one more 2 days ago.
      error('CartError', 'Chrome', 'u1', { minutesAgo: 2 * 24 * 60 }),
      error('CartError', 'Chrome', 'u1'),
      error('CartError', 'Chrome', 'u2'),
      error('CartError', 'Chrome', 'u1'),
      error('CartError', 'Firefox', 'u3'),
      // QuotaError: more events (6), one in Chrome.
      error('QuotaError', 'Chrome', 'u4'),
      ...['u5', 'u6', 'u7', 'u8', 'u9'].map((user) => error('QuotaError', 'Safari', user)),
      // SlowRender: an error, then two warnings (its level is its latest event's).
      error('SlowRender', 'Safari', 'u1'),
      error('SlowRender', 'Safari', 'u1', { level: 'warning' }),
      error('SlowRender', 'Safari', 'u2', { level: 'warning' }),
    ],
  });
  await core.ctx.pipeline.call('pipeline.drain', {});
}, 60_000);
afterAll(() => core?.close());

async function list(query: string, sort: IssueSort = 'date'): Promise<IssueSummary[]> {
  return (await callApi(core, 'issues.list', { projectId: 1, query, sort, period: '24h' })).issues;
}

const counts = (issue: IssueSummary | undefined) => ({
  // The counts only: the matching series (`filtered.stats`) is filtered-series.test.ts's.
  filtered: issue?.filtered && { count: issue.filtered.count, userCount: issue.filtered.userCount },
  count: issue?.count,
  userCount: issue?.userCount,
  lifetime: issue?.lifetime,
});
const byTitle = (issues: IssueSummary[], name: string) =>
  issues.find((issue) => issue.title.startsWith(name));

describe('the issue list under event filters', () => {
  it("shows each issue's matching events and users of the period, with the period's and all-time totals", async () => {
    const issues = await list('browser:Chrome');
    expect(issues.map((issue) => issue.title.split(':')[0]).sort()).toEqual(['CartError', 'QuotaError']);
    expect(counts(byTitle(issues, 'CartError'))).toEqual({
      filtered: { count: 3, userCount: 2 },
      count: 4,
      userCount: 3,
      lifetime: { count: 5, userCount: 3 },
    });
    expect(counts(byTitle(issues, 'QuotaError'))).toMatchObject({
      filtered: { count: 1, userCount: 1 },
      count: 6,
    });
  });

  it('sorts by the matching events and users under the events and users sorts', async () => {
    // QuotaError has more events and users in the period; CartError more that match.
    for (const sort of ['freq', 'user'] as const)
      expect((await list('browser:Chrome', sort)).map((issue) => issue.title.split(':')[0])).toEqual([
        'CartError',
        'QuotaError',
      ]);
    expect((await list('', 'freq')).map((issue) => issue.title.split(':')[0])[0]).toBe('QuotaError');
  });

  it('counts the events of a level under level:, has:, negations and free text too', async () => {
    expect(counts(byTitle(await list('level:warning'), 'SlowRender'))).toMatchObject({
      filtered: { count: 2, userCount: 2 },
      count: 3,
    });
    expect(counts(byTitle(await list('has:browser !browser:Safari'), 'CartError'))).toMatchObject({
      filtered: { count: 4, userCount: 3 },
    });
    // Free text is a condition on each event's message in Sentry's search, so it filters too.
    expect(counts(byTitle(await list('carterror'), 'CartError'))).toMatchObject({
      filtered: { count: 4, userCount: 3 },
    });
  });

  it("finds an issue by the level of its events, not by its own (its latest event's)", async () => {
    // SlowRender's level is warning now; its first event was an error.
    const slow = byTitle(await list('level:error'), 'SlowRender');
    expect(slow?.level).toBe('warning');
    expect(counts(slow)).toMatchObject({ filtered: { count: 1, userCount: 1 }, count: 3 });
    // !level:warning keeps it by that error too, and !level:error drops only the issues with no other level.
    expect(byTitle(await list('!level:warning'), 'SlowRender')).toBeDefined();
    expect((await list('!level:error')).map((issue) => issue.title.split(':')[0])).toEqual(['SlowRender']);
  });

  it("compares times_seen: with the events the list counts: the period's, or those that match", async () => {
    const names = async (query: string) =>
      (await list(query)).map((issue) => issue.title.split(':')[0]).sort();
    // CartError has 4 events in the 24 hours and 5 in all.
    expect(await names('times_seen:>=4')).toEqual(['CartError', 'QuotaError']);
    expect(await names('times_seen:>4')).toEqual(['QuotaError']);
    // Under event filters, the matching ones: CartError has 3 in Chrome, QuotaError 1.
    expect(await names('browser:Chrome times_seen:>=3')).toEqual(['CartError']);
    expect(await names('browser:Chrome times_seen:<2')).toEqual(['QuotaError']);
  });

  it('has no filtered counts without event filters', async () => {
    for (const query of ['', 'is:unresolved', 'times_seen:>1']) {
      const issues = await list(query);
      expect(issues.length).toBeGreaterThan(0);
      for (const issue of issues) expect(issue.filtered).toBeNull();
    }
  });
});
