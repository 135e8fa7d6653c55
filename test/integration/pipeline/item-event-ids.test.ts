/**
 * Transactions and feedback, which Relay processes as events and Faultline keeps as items, are
 * stored under the event id ingest answered: the envelope's, written into the payload as Relay's
 * `event::finalize` does, whether the payload had none or another one.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { decodeNode } from '../../../src-main/core/store/nodestore.ts';
import { startCore } from '../../support/core.ts';

let core: Core;
let key: string;
beforeAll(async () => {
  core = await startCore();
  key = core.ctx.projects.list()[0]?.keys[0]?.publicKey ?? '';
}, 60_000);
afterAll(() => core?.close());

const newId = () => crypto.randomUUID().replaceAll('-', '');

/** Posts an envelope, waits for the pipeline, and returns the id ingest answered. */
async function send(headers: object, type: string, payload: object): Promise<string> {
  const body = [JSON.stringify(headers), JSON.stringify({ type }), JSON.stringify(payload)].join('\n');
  const reply = await fetch(`${core.url}/api/1/envelope/?sentry_key=${key}&sentry_version=7`, {
    method: 'POST',
    body,
  });
  expect(reply.status).toBe(200);
  const { id } = (await reply.json()) as { id: string };
  await core.ctx.pipeline.call('pipeline.drain', {});
  return id;
}

/** The stored item of `type` whose payload carries `marker`: its event id column and payload's. */
function storedItem(type: string, marker: string): { column: string | null; payload: unknown } {
  const rows = core.ctx.db
    .prepare<[string], { event_id: string | null; data: Buffer }>(
      'SELECT event_id, data FROM item_store WHERE type = ?',
    )
    .all(type);
  for (const row of rows) {
    const { body } = decodeNode(row.data) as { body: Record<string, unknown> };
    if (JSON.stringify(body).includes(marker)) return { column: row.event_id, payload: body.event_id };
  }
  throw new Error(`no stored ${type} with ${marker}`);
}

const transaction = (name: string) => ({
  type: 'transaction',
  transaction: name,
  start_timestamp: Date.now() / 1000 - 1,
  timestamp: Date.now() / 1000,
  contexts: { trace: { trace_id: newId(), span_id: newId().slice(0, 16), op: 'http.server' } },
});

it('a transaction without an event id of its own is stored with the envelope’s, the id ingest answered', async () => {
  const eventId = newId();
  const answered = await send({ event_id: eventId }, 'transaction', transaction('GET /no-id'));
  expect(answered).toBe(eventId);
  expect(storedItem('transaction', 'GET /no-id')).toEqual({ column: eventId, payload: eventId });
});

it('a transaction whose payload names another id is stored with the envelope’s, as Relay overwrites it', async () => {
  const eventId = newId();
  const answered = await send({ event_id: eventId }, 'transaction', {
    ...transaction('GET /other-id'),
    event_id: newId(),
  });
  expect(answered).toBe(eventId);
  expect(storedItem('transaction', 'GET /other-id')).toEqual({ column: eventId, payload: eventId });
});

it('an envelope without an event id gets one at ingest, and its transaction and feedback are stored with it', async () => {
  const payloadId = newId();
  const answered = await send({}, 'transaction', { ...transaction('GET /no-header'), event_id: payloadId });
  expect(answered).toMatch(/^[0-9a-f]{32}$/);
  expect(storedItem('transaction', 'GET /no-header')).toEqual({ column: answered, payload: answered });

  const feedbackId = newId();
  const feedback = {
    type: 'feedback',
    timestamp: Date.now() / 1000,
    contexts: { feedback: { message: 'the id of this feedback' } },
  };
  expect(await send({ event_id: feedbackId }, 'feedback', feedback)).toBe(feedbackId);
  expect(storedItem('feedback', 'the id of this feedback')).toEqual({
    column: feedbackId,
    payload: feedbackId,
  });
});
