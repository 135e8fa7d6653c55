/**
 * User Feedback that Relay or Sentry refuses on its own is counted `invalid` under Outcomes (category
 * `feedback`, with their reasons), not accepted: a `user_report` without an event id or with a
 * malformed email, a `feedback` item with no message or an associated event id that is none.
 * What they keep stays accepted.
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

const eventId = () => crypto.randomUUID().replaceAll('-', '');

function envelope(type: 'feedback' | 'user_report', payload: object | string): string {
  return [
    JSON.stringify({ event_id: eventId() }),
    JSON.stringify({ type }),
    typeof payload === 'string' ? payload : JSON.stringify(payload),
  ].join('\n');
}

const feedbackEvent = (feedback: object) => ({
  event_id: eventId(),
  timestamp: Date.now() / 1000,
  type: 'feedback',
  platform: 'javascript',
  contexts: { feedback },
});

async function feedbackOutcomes(): Promise<Record<string, number>> {
  const rows: OutcomeRow[] = await callApi(core, 'outcomes.list', { projectId: 1 });
  const counts: Record<string, number> = {};
  for (const row of rows)
    if (row.category === 'feedback') {
      const key = row.reason ? `${row.outcome}/${row.reason}` : row.outcome;
      counts[key] = (counts[key] ?? 0) + row.quantity;
    }
  return counts;
}

describe('feedback outcomes', () => {
  it('count refused user reports and feedback as invalid with their reasons, kept ones as accepted', async () => {
    // Kept.
    await sendEnvelope(
      core,
      envelope('user_report', { event_id: eventId(), name: 'Ada', comments: 'It broke' }),
    );
    await sendEnvelope(core, envelope('feedback', feedbackEvent({ message: 'Checkout hangs' })));
    // Refused by Relay: no event to attach to, or no JSON.
    await sendEnvelope(core, envelope('user_report', { name: 'Ada', comments: 'no event id' }));
    await sendEnvelope(core, envelope('user_report', 'not json'));
    // Refused by Sentry.
    await sendEnvelope(
      core,
      envelope('user_report', { event_id: eventId(), email: 'not-an-address', comments: 'hello' }),
    );
    await sendEnvelope(core, envelope('feedback', feedbackEvent({ name: 'no message' })));
    await sendEnvelope(
      core,
      envelope('feedback', feedbackEvent({ message: 'about what?', associated_event_id: 'nope' })),
    );
    expect(await feedbackOutcomes()).toEqual({
      accepted: 2,
      'invalid/invalid_json': 2,
      'invalid/Invalid Email': 1,
      'invalid/Missing Feedback Context': 1,
      'invalid/Invalid Event ID': 1,
    });
  }, 60_000);
});
