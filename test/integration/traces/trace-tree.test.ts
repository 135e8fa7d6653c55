/**
 * A trace as Sentry's trace view nests it, through a real core fed by a real @sentry/node app
 * (`fixtures/trace-tree-sender.ts`): a task fetches an instrumented HTTP server, so the server's
 * transaction is called from the task's fetch span, and its error happens in one of its own spans.
 * `traces.get` says which transaction holds each transaction's parent span and each error's span, as
 * `transaction` items and as SDK 11's streamed spans.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { callApi, startCore } from '../../support/core.ts';
import { sendTraceTreeWithSdk } from '../../support/transactions.ts';

describe.each(['static', 'stream'] as const)('the trace tree of @sentry/node (%s spans)', (lifecycle) => {
  let core: Core;
  let traceId: string;

  beforeAll(async () => {
    core = await startCore();
    traceId = await sendTraceTreeWithSdk(core.ctx.projects.list()[0]?.keys[0]?.dsn ?? '', lifecycle);
    await core.ctx.pipeline.call('pipeline.drain', {});
  }, 60_000);

  afterAll(async () => {
    await core?.close();
  });

  it('nests the server’s transaction under the task whose fetch called it, and the error under the server’s', async () => {
    const trace = await callApi(core, 'traces.get', { projectId: 1, traceId });
    const [task, server] = trace.transactions;
    expect(trace.transactions.map((t) => [t.name, t.op])).toEqual([
      ['nightly sync', 'task'],
      [lifecycle === 'static' ? 'GET /orders' : 'GET', 'http.server'],
    ]);
    expect(task?.parentSegmentId).toBeNull();
    expect(server?.parentSegmentId).toBe(task?.spanId);

    // The server was called from the task's fetch span, one of the task's own spans.
    const taskSpans = await callApi(core, 'events.traceSpans', {
      traceId,
      timestamp: task?.start ?? '',
      ...(task?.eventId ? { eventId: task.eventId } : { spanId: task?.spanId ?? '' }),
    });
    const fetchSpan = taskSpans.spans.find((span) => span.op === 'http.client');
    expect(server?.parentSpanId).toBe(fetchSpan?.spanId);

    const [error] = trace.errors;
    expect(trace.errors).toHaveLength(1);
    expect(error?.title).toBe('Error: the orders could not be priced');
    expect(error?.segmentId).toBe(server?.spanId);
    // It happened in the `price orders` span, one of the server's.
    const serverSpans = await callApi(core, 'events.traceSpans', {
      traceId,
      timestamp: server?.start ?? '',
      ...(server?.eventId ? { eventId: server.eventId } : { spanId: server?.spanId ?? '' }),
    });
    expect(serverSpans.spans.find((span) => span.spanId === error?.spanId)?.description).toBe('price orders');
  });

  it('places the error of an event page’s trace under its transaction too', async () => {
    const trace = await callApi(core, 'traces.get', { projectId: 1, traceId });
    const eventTrace = await callApi(core, 'events.trace', {
      projectId: 1,
      eventId: trace.errors[0]?.eventId ?? '',
    });
    expect(eventTrace.errors.map((e) => [e.isCurrent, e.segmentId])).toEqual([
      [true, trace.transactions[1]?.spanId],
    ]);
    expect(eventTrace.transactions.map((t) => t.parentSegmentId)).toEqual([
      null,
      trace.transactions[0]?.spanId,
    ]);
  });
});
