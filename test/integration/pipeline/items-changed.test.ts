/**
 * The pipeline's `items.changed` live event: the pages that show transactions, spans, logs,
 * check-ins and feedback are refreshed by it instead of polling, so it must come, naming the types
 * stored, when the real @sentry/node SDK sends them.
 */
import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../../src-shared/api.ts';
import { coreForEachTest } from '../../support/core.ts';
import { sendFeedbackWithSdk } from '../../support/feedback.ts';
import { sendLogsWithSdk } from '../../support/logs.ts';
import { sendTransactionsWithSdk } from '../../support/transactions.ts';

type ItemsChanged = Extract<LiveEvent, { type: 'items.changed' }>;

describe('items.changed', () => {
  const start = coreForEachTest();

  it('names the item types a project stored, as the SDK sends them', async () => {
    const core = await start();
    const dsn = core.ctx.projects.defaultDsn(1) ?? '';
    const seen: ItemsChanged[] = [];
    core.ctx.live.subscribe((event) => {
      if (event.type === 'items.changed') seen.push(event);
    });
    const typesSeen = () => [...new Set(seen.flatMap((event) => event.itemTypes))].sort();

    await sendTransactionsWithSdk(dsn, 'static', [{ name: 'GET /cart', op: 'http.server' }]);
    await core.ctx.pipeline.call('pipeline.drain', {});
    await expect.poll(typesSeen).toEqual(['transaction']);

    await sendLogsWithSdk(dsn, [[{ level: 'info', message: 'cart opened' }]]);
    await sendFeedbackWithSdk(dsn);
    await core.ctx.pipeline.call('pipeline.drain', {});
    // Within the announcement window the later types come in one more event at its end.
    await expect.poll(typesSeen, { timeout: 5_000 }).toEqual(['feedback', 'log', 'transaction']);
    expect(seen.every((event) => event.projectId === 1)).toBe(true);
  });
});
