/**
 * The graph of each row of Sentry's issue stream under a search with event filters: beside the total
 * series (`stats`) a second one, the events that match the filters in the same buckets (Sentry's
 * `filtered.stats`). Fed by the real @sentry/node SDK into a real core.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import type { IssueSummary, StatsPeriod } from '../../../src-shared/issues-api.ts';
import { type SenderSpec, sendWithSdk } from '../../e2e/fixtures/send.ts';
import { callApi, startCore } from '../../support/core.ts';

type SentError = SenderSpec['errors'][number];
let sent = 0;
const error = (name: string, browser: string, minutesAgo = 0): SentError => ({
  name,
  message: `${name} ${++sent}`,
  tags: { browser },
  user: { id: `u${sent}` },
  minutesAgo,
});

let core: Core;

beforeAll(async () => {
  core = await startCore();
  const dsn = core.ctx.projects.defaultDsn(1) ?? '';
  await sendWithSdk(dsn, {
    errors: [
      // CartError in Chrome: two now, one three hours ago, one two days ago; in Firefox: one now, one three hours ago.
      error('CartError', 'Chrome'),
      error('CartError', 'Chrome'),
      error('CartError', 'Chrome', 180),
      error('CartError', 'Chrome', 2 * 24 * 60),
      error('CartError', 'Firefox'),
      error('CartError', 'Firefox', 180),
      // QuotaError: one in Chrome now, two in Safari.
      error('QuotaError', 'Chrome'),
      error('QuotaError', 'Safari'),
      error('QuotaError', 'Safari', 60),
    ],
  });
  await core.ctx.pipeline.call('pipeline.drain', {});
}, 60_000);
afterAll(() => core?.close());

async function issue(query: string, name: string, period: StatsPeriod = '24h'): Promise<IssueSummary> {
  const { issues } = await callApi(core, 'issues.list', { projectId: 1, query, sort: 'date', period });
  const found = issues.find((row) => row.title.startsWith(name));
  if (!found) throw new Error(`no ${name} under '${query}'`);
  return found;
}

const sum = (values: readonly number[] | undefined) => (values ?? []).reduce((a, b) => a + b, 0);
/** The buckets with events, as [index, count]. */
const nonZero = (values: readonly number[] | undefined) =>
  (values ?? []).flatMap((value, index) => (value > 0 ? [[index, value]] : []));

describe("the stream's graph under event filters", () => {
  it('has a second series, the matching events per bucket, summing to the matching count', async () => {
    const cart = await issue('browser:Chrome', 'CartError');
    expect(cart.filtered?.count).toBe(3);
    expect(cart.filtered?.stats).toHaveLength(cart.stats.length);
    expect(cart.stats).toHaveLength(25);
    expect(sum(cart.filtered?.stats)).toBe(3);
    // Two now, one three hourly buckets before (the one two days ago is out of the period).
    const [earlier, latest] = nonZero(cart.filtered?.stats);
    expect(latest?.[1]).toBe(2);
    expect(earlier?.[1]).toBe(1);
    expect((latest?.[0] ?? 0) - (earlier?.[0] ?? 0)).toBe(3);
    // Each issue has its own series.
    const quota = await issue('browser:Chrome', 'QuotaError');
    expect(sum(quota.filtered?.stats)).toBe(quota.filtered?.count);
    expect(nonZero(quota.filtered?.stats)).toHaveLength(1);
    // Without event filters there is the total series only.
    for (const query of ['', 'is:unresolved']) {
      const all = await issue(query, 'CartError');
      expect(all.filtered).toBeNull();
      expect(sum(all.stats)).toBe(5);
    }
  });

  it("puts each event in the total series' bucket: what matches and what does not add up to the total", async () => {
    const chrome = await issue('browser:Chrome', 'CartError');
    const firefox = await issue('!browser:Chrome', 'CartError');
    expect(sum(firefox.filtered?.stats)).toBe(2);
    expect(
      chrome.stats.map((_, i) => (chrome.filtered?.stats?.[i] ?? 0) + (firefox.filtered?.stats?.[i] ?? 0)),
    ).toEqual(chrome.stats);
  });

  it("takes the period's buckets: days over 14d", async () => {
    const cart = await issue('browser:Chrome', 'CartError', '14d');
    expect(cart.filtered?.stats).toHaveLength(15);
    expect(sum(cart.filtered?.stats)).toBe(4);
    expect(cart.filtered?.count).toBe(4);
    // The event of two days ago, two daily buckets before today's.
    expect(cart.filtered?.stats?.[12]).toBe(1);
  });

  it('counts under level:, has: and free text as well', async () => {
    for (const query of ['level:error', 'has:browser', 'carterror']) {
      const cart = await issue(query, 'CartError');
      expect(sum(cart.filtered?.stats)).toBe(5);
      expect(cart.filtered?.stats).toEqual(cart.stats);
    }
  });
});
