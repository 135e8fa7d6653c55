/**
 * `insights.queues` and `insights.queueDestination` (the Queues page) through a real core, fed by the
 * real @sentry/node 11 SDK with Sentry's documented manual queue spans: a producer transaction
 * publishing messages to two destinations (`queue.publish`) and a consumer continuing the producer's
 * trace from the headers in each message to process it (`queue.process`, with the time it waited), one
 * message failing; as `transaction` items and streamed spans; and Python's sentry-sdk 1.9 publishing
 * one by hand. The figures expected come from what the app published and what its consumer saw.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import {
  type CacheQueueRun,
  type MessagePlan,
  sendCachesAndQueuesWithSdk,
} from '../../support/cache-queue.ts';
import { callApi, startCore } from '../../support/core.ts';
import { PYTHON, pythonSdkMissing } from '../../support/python.ts';

const run = promisify(execFile);
const pythonMissing = pythonSdkMissing();
if (pythonMissing) console.warn(`skipping the Python queues test: ${pythonMissing}`);

const STATIC_MESSAGES: MessagePlan[] = [
  { destination: 'orders', body: { order: 1, lines: ['tea', 'milk'] } },
  { destination: 'orders', body: { order: 2 }, retries: 2, fail: true },
  { destination: 'emails', body: { to: 'ada@example.com', subject: 'Welcome' } },
];
const STREAM_MESSAGES: MessagePlan[] = [
  { destination: 'orders', body: { order: 3 }, retries: 1 },
  { destination: 'orders', body: { order: 4, lines: ['bread'] } },
];
const MESSAGES = [...STATIC_MESSAGES, ...STREAM_MESSAGES];

describe('the Queues page’s data from @sentry/node’s queue spans', () => {
  let core: Core;
  let runs: CacheQueueRun[];
  const seen = () => runs.flatMap((r) => r.messages);
  const sentTo = (destination: string) => MESSAGES.filter((m) => m.destination === destination);
  const average = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

  beforeAll(async () => {
    core = await startCore();
    const dsn = core.ctx.projects.list()[0]?.keys[0]?.dsn ?? '';
    runs = [
      await sendCachesAndQueuesWithSdk(dsn, 'static', {
        queues: { producer: 'POST /checkout', messages: STATIC_MESSAGES, waitMs: 40 },
      }),
      await sendCachesAndQueuesWithSdk(dsn, 'stream', {
        queues: { producer: 'POST /checkout', messages: STREAM_MESSAGES, waitMs: 25 },
      }),
    ];
    await core.ctx.pipeline.call('pipeline.drain', {});
  }, 60_000);

  afterAll(async () => {
    await core?.close();
  });

  it('lists each destination with what was published and processed, the wait, failures and time spent', async () => {
    const list = await callApi(core, 'insights.queues', { projectId: 1 });
    expect(list.partial).toBe(false);
    expect(list.destinations.map((d) => d.destination).sort()).toEqual(['emails', 'orders']);
    for (const row of list.destinations) {
      const messages = sentTo(row.destination);
      const consumed = seen().filter((m) => m.destination === row.destination);
      // Each message is published once and processed once.
      expect([row.published, row.processed, row.count]).toEqual([
        messages.length,
        consumed.length,
        messages.length * 2,
      ]);
      expect(row.avgTimeInQueueMs).toBeCloseTo(average(consumed.map((m) => m.latencyMs)), 9);
      // One failed process span among the destination's spans.
      const failed = messages.filter((m) => m.fail).length;
      expect(row.errorRate).toBeCloseTo(failed / (messages.length * 2), 9);
      // The consumer works for at least 5 ms on each message.
      expect(row.avgProcessingMs).toBeGreaterThanOrEqual(4.5);
      expect(row.totalMs).toBeGreaterThanOrEqual((row.avgProcessingMs ?? 0) * row.processed);
    }
    // The waits the consumer saw are no shorter than it was told to wait before taking them.
    expect(Math.min(...seen().map((m) => m.latencyMs))).toBeGreaterThanOrEqual(24);
    // orders had more messages and more processing: the most time spent, the default order.
    expect(list.destinations[0]?.destination).toBe('orders');
    const byErrors = await callApi(core, 'insights.queues', { projectId: 1, sort: 'errors' });
    expect(byErrors.destinations.map((d) => [d.destination, d.errorRate > 0])).toEqual([
      ['orders', true],
      ['emails', false],
    ]);
    const search = await callApi(core, 'insights.queues', { projectId: 1, query: 'MAIL' });
    expect(search.destinations.map((d) => d.destination)).toEqual(['emails']);
  });

  it('opens a destination onto its producer and consumer transactions', async () => {
    const detail = await callApi(core, 'insights.queueDestination', { projectId: 1, destination: 'orders' });
    const orders = sentTo('orders');
    expect(detail.summary).toMatchObject({ destination: 'orders', published: 4, processed: 4 });
    const rows = detail.transactions.map((t) => [t.transaction, t.op, t.published, t.processed]);
    expect(rows.sort()).toEqual(
      [
        ['POST /checkout', 'queue.publish', orders.length, 0],
        ['process orders', 'queue.process', 0, orders.length],
      ].sort(),
    );
    const producer = detail.transactions.find((t) => t.op === 'queue.publish');
    // The producer's spans carry no wait and process nothing.
    expect([producer?.avgTimeInQueueMs, producer?.avgProcessingMs, producer?.errorRate]).toEqual([
      null,
      null,
      0,
    ]);
    const consumer = detail.transactions.find((t) => t.op === 'queue.process');
    expect(consumer?.errorRate).toBeCloseTo(1 / orders.length, 9);
  });

  it('samples each message as sent, the consumer’s in the producer’s trace', async () => {
    const detail = await callApi(core, 'insights.queueDestination', {
      projectId: 1,
      destination: 'orders',
      op: 'queue.process',
    });
    const consumed = seen().filter((m) => m.destination === 'orders');
    expect(detail.samples.map((s) => s.messageId).sort()).toEqual(consumed.map((m) => m.id).sort());
    for (const sample of detail.samples) {
      // The consumer takes the messages in the order they were published.
      const index = consumed.findIndex((m) => m.id === sample.messageId);
      const message = consumed[index];
      const plan = sentTo('orders')[index];
      expect(sample).toMatchObject({
        op: 'queue.process',
        receiveLatencyMs: message?.latencyMs,
        bodySize: message?.bodySize,
        retryCount: plan?.retries ?? 0,
        system: 'memory',
        transaction: 'process orders',
      });
      expect(sample.bodySize).toBe(Buffer.byteLength(JSON.stringify(plan?.body)));
      // A failed message's span says so; the others are ok or say nothing (unset).
      if (plan?.fail) expect(sample.status).not.toBe('ok');
      else expect([null, 'ok']).toContain(sample.status);
      expect(runs.map((r) => r.producerTraceId)).toContain(sample.traceId);
    }
    for (const r of runs) expect(new Set(r.consumerTraceIds)).toEqual(new Set([r.producerTraceId]));

    const published = await callApi(core, 'insights.queueDestination', {
      projectId: 1,
      destination: 'orders',
      transaction: 'POST /checkout',
    });
    expect(published.samples.map((s) => [s.op, s.receiveLatencyMs])).toEqual(
      sentTo('orders').map(() => ['queue.publish', null]),
    );
    const none = await callApi(core, 'insights.queueDestination', { projectId: 1, destination: 'nowhere' });
    expect(none).toEqual({ summary: null, transactions: [], samples: [], partial: false });
    await expect(
      callApi(core, 'insights.queueDestination', {
        projectId: 1,
        destination: 'orders',
        op: 'queue.ack',
      } as never),
    ).rejects.toThrow(/op/);
  });

  it.skipIf(pythonMissing !== undefined)(
    'counts a message Python’s sentry-sdk 1.9 publishes by hand under its destination',
    async () => {
      const dsn = core.ctx.projects.list()[0]?.keys[0]?.dsn ?? '';
      const script = path.join(import.meta.dirname, 'fixtures', 'python-cache-queue.py');
      const { stdout } = await run(PYTHON, [script, dsn, 'py publisher'], { timeout: 30_000 });
      await core.ctx.pipeline.call('pipeline.drain', {});
      const list = await callApi(core, 'insights.queues', { projectId: 1, query: 'py-jobs' });
      expect(list.destinations).toMatchObject([{ destination: 'py-jobs', published: 1, processed: 0 }]);
      const detail = await callApi(core, 'insights.queueDestination', {
        projectId: 1,
        destination: 'py-jobs',
      });
      expect(detail.samples).toMatchObject([
        {
          op: 'queue.publish',
          traceId: stdout.trim(),
          transaction: 'py publisher',
          bodySize: Buffer.byteLength('{"job": "resize"}'),
          system: 'memory',
        },
      ]);
    },
  );
});
