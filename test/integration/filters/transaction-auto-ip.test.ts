/**
 * A transaction whose user IP is `{{auto}}` (what browser SDKs send with `sendDefaultPii`) is
 * filtered as Relay filters it: after normalization put the client's address in its place, so a
 * transaction sent from this machine counts as localhost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import type { OutcomeRow } from '../../../src-shared/api.ts';
import { callApi, sendEnvelope, startCore } from '../../support/core.ts';

let core: Core;
beforeAll(async () => {
  core = await startCore();
}, 60_000);
afterAll(() => core?.close());

function transactionEnvelope(user: object): string {
  const now = Date.now() / 1000;
  const eventId = crypto.randomUUID().replaceAll('-', '');
  const transaction = {
    type: 'transaction',
    event_id: eventId,
    transaction: '/checkout',
    platform: 'javascript',
    start_timestamp: now - 1,
    timestamp: now,
    user,
    contexts: { trace: { trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16), op: 'pageload' } },
    spans: [],
  };
  return [
    JSON.stringify({ event_id: eventId }),
    JSON.stringify({ type: 'transaction' }),
    JSON.stringify(transaction),
  ].join('\n');
}

async function transactionOutcomes(): Promise<Record<string, number>> {
  const rows: OutcomeRow[] = await callApi(core, 'outcomes.list', { projectId: 1 });
  const counts: Record<string, number> = {};
  for (const row of rows)
    if (row.category === 'transaction') {
      const key = row.reason ? `${row.outcome}/${row.reason}` : row.outcome;
      counts[key] = (counts[key] ?? 0) + row.quantity;
    }
  return counts;
}

describe('the localhost filter on transactions', () => {
  it('drops a transaction from this machine whose user IP is {{auto}}, as localhost', async () => {
    await callApi(core, 'projects.setInboundFilters', { projectId: 1, filters: { localhost: true } });
    await sendEnvelope(core, transactionEnvelope({ ip_address: '{{auto}}' }));
    expect(await transactionOutcomes()).toEqual({ 'filtered/localhost': 1 });
    // One with a real address elsewhere is kept.
    await sendEnvelope(core, transactionEnvelope({ ip_address: '203.0.113.7' }));
    expect(await transactionOutcomes()).toEqual({ 'filtered/localhost': 1, accepted: 1 });
  }, 60_000);
});
