/**
 * OTLP/HTTP as Relay serves it (`/api/{project}/integration/otlp/v1/traces|logs`, and the older
 * `/api/{project}/otlp/v1/traces`): what the real OpenTelemetry SDK's exporters send, in protobuf
 * and in JSON, is acknowledged as they expect, and comes back through `traces.list`/`traces.get`,
 * `events.traceSpans` and `logs.list`, counted as accepted. Bad bodies are 400 with a reason; a
 * request without a key is 401.
 */
import { gzipSync } from 'node:zlib';
import { context, SeverityNumber, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter as OTLPJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { callApi } from '../../support/core.ts';
import { outcomeTotals, request, startServer, type TestServer } from './helpers.ts';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(): Promise<TestServer> {
  server = await startServer();
  return server;
}

const sentryAuth = (s: TestServer) => ({ 'x-sentry-auth': `sentry sentry_key=${s.publicKey}` });

/** Spans made by the real SDK: a server span with a database child, ended, as an app records them. */
function recordSpans(): { spans: ReadableSpan[]; traceId: string } {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: memory })] });
  const tracer = provider.getTracer('checkout-service', '2.1.0');
  const root = tracer.startSpan('GET /orders', { kind: SpanKind.SERVER });
  root.setAttribute('http.request.method', 'GET');
  // The parent context given as an app's instrumentation has it (no context manager is registered).
  const child = tracer.startSpan(
    'SELECT orders',
    { kind: SpanKind.CLIENT },
    trace.setSpan(context.active(), root),
  );
  child.setAttribute('db.system', 'postgresql');
  child.setAttribute('db.rows', 3);
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'deadlock detected' });
  child.end();
  root.end();
  const traceId = root.spanContext().traceId;
  return { spans: memory.getFinishedSpans(), traceId };
}

/** Exports with a real exporter and resolves with its result code (0 is success). */
function exportWith<T>(
  exporter: { export(items: T[], done: (result: { code: number; error?: Error }) => void): void },
  items: T[],
): Promise<{ code: number; error?: Error }> {
  return new Promise((resolve) => exporter.export(items, resolve));
}

async function drain(s: TestServer): Promise<void> {
  await s.core.ctx.pipeline.call('pipeline.drain', {});
}

describe('OTLP traces', () => {
  it('stores the spans the OpenTelemetry protobuf exporter sends, as a transaction with its spans', async () => {
    const s = await start();
    const { spans, traceId } = recordSpans();
    const exporter = new OTLPTraceExporter({
      url: `${s.core.url}/api/1/integration/otlp/v1/traces`,
      headers: sentryAuth(s),
    });
    const result = await exportWith(exporter, spans);
    expect(result.error).toBeUndefined();
    expect(result.code).toBe(0);
    await drain(s);

    const { transactions } = await callApi(s.core, 'traces.list', { projectId: 1 });
    expect(transactions).toHaveLength(1);
    const [row] = transactions;
    expect(row).toMatchObject({
      traceId,
      name: 'GET /orders',
      op: 'http.server',
      status: 'ok',
      spanCount: 1,
    });
    const trace = await callApi(s.core, 'traces.get', { projectId: 1, traceId });
    expect(trace.transactions.map((t) => t.name)).toEqual(['GET /orders']);
    const { spans: children } = await callApi(s.core, 'events.traceSpans', {
      traceId,
      timestamp: row!.start,
      spanId: row!.spanId,
    });
    expect(children).toEqual([
      expect.objectContaining({
        parentSpanId: row!.spanId,
        description: 'SELECT orders',
        op: 'db',
        status: 'deadlock detected',
      }),
    ]);
    const root = spans.find((span) => span.name === 'GET /orders')!;
    const rootStartMs = root.startTime[0] * 1000 + root.startTime[1] / 1e6;
    // Sentry's timestamps keep microseconds; the API's ISO string milliseconds.
    expect(Math.abs(new Date(row!.start).getTime() - rootStartMs)).toBeLessThanOrEqual(1);

    const totals = await outcomeTotals(s);
    expect(totals['accepted span']).toBe(2);
  });

  it('joins a span to its transaction when they came in separate exports (a batch processor ends the child first)', async () => {
    const s = await start();
    const { spans, traceId } = recordSpans();
    const exporter = new OTLPTraceExporter({
      url: `${s.core.url}/api/1/integration/otlp/v1/traces`,
      headers: sentryAuth(s),
    });
    for (const span of spans) expect((await exportWith(exporter, [span])).code).toBe(0);
    await drain(s);
    const trace = await callApi(s.core, 'traces.get', { projectId: 1, traceId });
    expect(trace.transactions).toEqual([expect.objectContaining({ name: 'GET /orders', spanCount: 1 })]);
    const [root] = trace.transactions;
    const { spans: children } = await callApi(s.core, 'events.traceSpans', {
      traceId,
      timestamp: root!.start,
      spanId: root!.spanId,
    });
    expect(children).toEqual([
      expect.objectContaining({ description: 'SELECT orders', parentSpanId: root!.spanId }),
    ]);
  });

  it('stores what the JSON exporter sends to the route without /integration and without a slash', async () => {
    const s = await start();
    const { spans, traceId } = recordSpans();
    const exporter = new OTLPJsonTraceExporter({
      url: `${s.core.url}/api/1/otlp/v1/traces`,
      headers: sentryAuth(s),
    });
    const result = await exportWith(exporter, spans);
    expect(result.error).toBeUndefined();
    expect(result.code).toBe(0);
    await drain(s);
    const { transactions } = await callApi(s.core, 'traces.list', { projectId: 1 });
    expect(transactions.map((t) => [t.traceId, t.name, t.spanCount])).toEqual([[traceId, 'GET /orders', 1]]);
  });

  it('reads hand-written OTLP/JSON (upper-case hex ids, 64-bit times as strings, enum names, snake_case), a trace each', async () => {
    const s = await start();
    const traceId = '5B8EFFF798038103D269B633813FC60C';
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'billing' } }] },
          scope_spans: [
            {
              scope: { name: 'manual', version: '1' },
              spans: [
                {
                  traceId,
                  spanId: 'EEE19B7EC3C1B174',
                  name: 'charge card',
                  kind: 'SPAN_KIND_SERVER',
                  start_time_unix_nano: '1544712660300000000',
                  endTimeUnixNano: 1544712660800000000,
                  attributes: [{ key: 'amount', value: { intValue: '1200' } }],
                  status: { code: 'STATUS_CODE_ERROR', message: 'card declined' },
                },
              ],
            },
          ],
        },
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
                  spanId: '1111111111111111',
                  name: 'refund',
                  startTimeUnixNano: '1544712661000000000',
                  endTimeUnixNano: '1544712661100000000',
                },
              ],
            },
          ],
        },
      ],
    };
    const reply = await request(`${s.core.url}/api/1/integration/otlp/v1/traces/`, JSON.stringify(body), {
      headers: { 'content-type': 'application/json', ...sentryAuth(s) },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(reply.json()).toEqual({});
    expect(reply.headers['access-control-allow-origin']).toBe('*');
    await drain(s);
    const trace = await callApi(s.core, 'traces.get', { projectId: 1, traceId: traceId.toLowerCase() });
    expect(trace.transactions).toEqual([
      expect.objectContaining({
        name: 'charge card',
        spanId: 'eee19b7ec3c1b174',
        status: 'card declined',
        start: '2018-12-13T14:51:00.300Z',
        durationMs: 500,
      }),
    ]);
    // One container per trace: the trace index keys a container by its first span's trace.
    const other = await callApi(s.core, 'traces.get', { projectId: 1, traceId: 'a'.repeat(32) });
    expect(other.transactions.map((t) => t.name)).toEqual(['refund']);
    expect(s.committed).toHaveLength(2);
  });

  it('answers a protobuf request with an empty protobuf body, and takes the key from the query string', async () => {
    const s = await start();
    const reply = await request(
      `${s.core.url}/api/1/integration/otlp/v1/traces?sentry_key=${s.publicKey}`,
      '',
      {
        headers: { 'content-type': 'application/x-protobuf' },
      },
    );
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/x-protobuf');
    expect(reply.body.length).toBe(0);
  });

  it('refuses garbage with 400 and a reason, counted invalid; a missing key with 401', async () => {
    const s = await start();
    const url = `${s.core.url}/api/1/integration/otlp/v1/traces`;
    const proto = await request(url, Buffer.from([0x0a, 0xff, 0xff, 0x01, 0x00]), {
      headers: { 'content-type': 'application/x-protobuf', ...sentryAuth(s) },
    });
    expect(proto.status).toBe(400);
    expect(proto.json()).toEqual({
      detail: 'invalid OTLP protobuf request',
      causes: ['length-delimited field runs past the end'],
    });
    const json = await request(url, '{"resourceSpans": {}}', {
      headers: { 'content-type': 'application/json', ...sentryAuth(s) },
    });
    expect(json.status).toBe(400);
    expect(json.json()).toEqual({
      detail: 'invalid OTLP JSON request',
      causes: ['resourceSpans is not an array'],
    });
    const badId = await request(
      url,
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'xyz' }] }] }] }),
      {
        headers: { 'content-type': 'application/json', ...sentryAuth(s) },
      },
    );
    expect(badId.status).toBe(400);
    const noKey = await request(url, '{}', { headers: { 'content-type': 'application/json' } });
    expect(noKey.status).toBe(401);
    expect(noKey.json()).toEqual({ detail: 'missing authorization information' });
    const wrongType = await request(url, '{}', {
      headers: { 'content-type': 'text/plain', ...sentryAuth(s) },
    });
    expect(wrongType.status).toBe(415);

    const totals = await outcomeTotals(s);
    expect(totals['invalid span:invalid_proto']).toBe(1);
    expect(totals['invalid span:invalid_json']).toBe(2);
    const { transactions } = await callApi(s.core, 'traces.list', { projectId: 1 });
    expect(transactions).toEqual([]);
  });

  it('refuses a body over max_container_size, decompressed, with 413', async () => {
    server = await startServer({ ingest: { limits: { maxContainerSize: 1024 } } });
    const s = server;
    const body = gzipSync(Buffer.from(JSON.stringify({ resourceSpans: [], padding: 'x'.repeat(4096) })));
    expect(body.length).toBeLessThan(1024);
    const reply = await request(`${s.core.url}/api/1/integration/otlp/v1/traces`, body, {
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', ...sentryAuth(s) },
    });
    expect(reply.status).toBe(413);
  });
});

describe('OTLP past a rate limit', () => {
  it('answers 429 on the traces route, 200 on the logs route (as Relay), counting both rate_limited', async () => {
    const s = await start();
    await callApi(s.core, 'projects.setRateLimit', {
      projectId: 1,
      rateLimit: { limit: 1, window: 3600, categories: ['span', 'log_item'] },
    });
    const spans = (ids: string[]) =>
      JSON.stringify({
        resourceSpans: [
          {
            scopeSpans: [
              {
                spans: ids.map((spanId) => ({
                  traceId: 'b'.repeat(32),
                  spanId,
                  name: 'job',
                  startTimeUnixNano: '1544712661000000000',
                  endTimeUnixNano: '1544712661100000000',
                })),
              },
            ],
          },
        ],
      });
    const headers = { 'content-type': 'application/json', ...sentryAuth(s) };
    const traces = await request(
      `${s.core.url}/api/1/integration/otlp/v1/traces`,
      spans(['1111111111111111', '2222222222222222']),
      { headers },
    );
    expect(traces.status).toBe(429);
    expect(traces.headers['x-sentry-rate-limits']).toBeDefined();
    const logs = JSON.stringify({
      resourceLogs: [
        { scopeLogs: [{ logRecords: [{ body: { stringValue: 'a' } }, { body: { stringValue: 'b' } }] }] },
      ],
    });
    const logsReply = await request(`${s.core.url}/api/1/integration/otlp/v1/logs`, logs, { headers });
    expect(logsReply.status).toBe(200);
    const totals = await outcomeTotals(s);
    expect(totals['rate_limited span:project_quota']).toBe(2);
    expect(totals['rate_limited log_item:project_quota']).toBe(2);
    expect((await callApi(s.core, 'logs.list', { projectId: 1 })).logs).toEqual([]);
  });
});

describe('OTLP logs', () => {
  it('stores the records the OpenTelemetry protobuf log exporter sends, on the Logs page', async () => {
    const s = await start();
    const memory = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: memory })] });
    const logger = provider.getLogger('payments', '3.0.0');
    logger.emit({
      severityNumber: SeverityNumber.WARN,
      severityText: 'WARN',
      body: 'card declined',
      attributes: { 'payment.provider': 'acme', attempt: 2 },
    });
    logger.emit({ severityNumber: SeverityNumber.ERROR, body: 'gateway timeout' });
    const exporter = new OTLPLogExporter({
      url: `${s.core.url}/api/1/integration/otlp/v1/logs`,
      headers: sentryAuth(s),
    });
    const result = await exportWith(exporter, memory.getFinishedLogRecords());
    expect(result.error).toBeUndefined();
    expect(result.code).toBe(0);
    await drain(s);

    const { logs } = await callApi(s.core, 'logs.list', { projectId: 1 });
    expect(logs.map((log) => [log.body, log.level]).sort()).toEqual([
      ['card declined', 'warn'],
      ['gateway timeout', 'error'],
    ]);
    const declined = logs.find((log) => log.body === 'card declined')!;
    expect(declined.attributes).toMatchObject({
      'payment.provider': 'acme',
      attempt: 2,
      'instrumentation.name': 'payments',
      'instrumentation.version': '3.0.0',
      'sentry.origin': 'auto.otlp.logs',
    });
    expect(String(declined.attributes['resource.service.name'])).toMatch(/^unknown_service/);
    const totals = await outcomeTotals(s);
    expect(totals['accepted log_item']).toBe(2);
  });

  it('stores gzipped OTLP/JSON logs (the spec example) sent to the route with a trailing slash', async () => {
    const s = await start();
    const body = {
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'my.service' } }] },
          scopeLogs: [
            {
              scope: { name: 'my.library', version: '1.0.0' },
              logRecords: [
                {
                  timeUnixNano: '1544712660300000000',
                  observedTimeUnixNano: '1544712660300000000',
                  severityNumber: 10,
                  severityText: 'Information',
                  traceId: '5B8EFFF798038103D269B633813FC60C',
                  spanId: 'EEE19B7EC3C1B174',
                  body: { stringValue: 'Example log record' },
                  attributes: [
                    { key: 'int.attribute', value: { intValue: '10' } },
                    {
                      key: 'array.attribute',
                      value: { arrayValue: { values: [{ stringValue: 'many' }, { stringValue: 'values' }] } },
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    const reply = await request(
      `${s.core.url}/api/1/integration/otlp/v1/logs/`,
      gzipSync(JSON.stringify(body)),
      {
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', ...sentryAuth(s) },
      },
    );
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({});
    await drain(s);
    const { logs } = await callApi(s.core, 'logs.list', { projectId: 1 });
    expect(logs).toEqual([
      expect.objectContaining({
        body: 'Example log record',
        level: 'info',
        timestamp: 1544712660300,
        traceId: '5b8efff798038103d269b633813fc60c',
        spanId: 'eee19b7ec3c1b174',
      }),
    ]);
    expect(logs[0]?.attributes).toMatchObject({
      'int.attribute': 10,
      'array.attribute': '["many","values"]',
      'resource.service.name': 'my.service',
    });
  });

  it('is not served at /api/{project}/otlp/v1/logs (Relay has no such route)', async () => {
    const s = await start();
    const reply = await request(`${s.core.url}/api/1/otlp/v1/logs?sentry_key=${s.publicKey}`, '{}', {
      headers: { 'content-type': 'application/json' },
    });
    expect(reply.status).toBe(404);
  });
});
