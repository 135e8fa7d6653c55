/**
 * OTLP spans as span v2 items: which span starts a segment and which segment each span names, the
 * fields Relay's conversion writes, and how a request's records are split into containers.
 */
import { describe, expect, it } from 'vitest';
import { chunkRecords } from '../../../src-main/core/ingest/otlp/export.ts';
import { HAS_IS_REMOTE, IS_REMOTE, type OtlpSpan } from '../../../src-main/core/ingest/otlp/model.ts';
import { spansOf } from '../../../src-main/core/ingest/otlp/spans.ts';

const TRACE = Buffer.from('5b8efff798038103d269b633813fc60c', 'hex');
const id = (n: number) => Buffer.from(n.toString(16).padStart(16, '0'), 'hex');

function span(n: number, parent: number | null, extra: Partial<OtlpSpan> = {}): OtlpSpan {
  return {
    traceId: TRACE,
    spanId: id(n),
    parentSpanId: parent === null ? new Uint8Array(0) : id(parent),
    flags: 0,
    name: `span ${n}`,
    kind: 1,
    startTimeUnixNano: 1_544_712_660_300_000_000n,
    endTimeUnixNano: 1_544_712_660_300_078_800n,
    attributes: [],
    links: [],
    status: undefined,
    ...extra,
  };
}

const segmentOf = (item: { attributes: Record<string, { value: unknown }> }) =>
  item.attributes['sentry.segment.id']?.value;

describe('spansOf', () => {
  it('starts a segment at a root and at a span whose parent is remote, and names it on each descendant', () => {
    const { spans } = spansOf([
      {
        resource: undefined,
        scope: undefined,
        records: [
          span(3, 2),
          span(2, 1),
          span(1, null),
          span(4, 99, { flags: HAS_IS_REMOTE | IS_REMOTE, kind: 2 }),
          span(5, 4),
          span(6, 77),
        ],
      },
    ]);
    expect(spans.map((s) => [s.span_id.slice(-1), s.is_segment, segmentOf(s)])).toEqual([
      ['3', false, id(1).toString('hex')],
      ['2', false, id(1).toString('hex')],
      ['1', true, id(1).toString('hex')],
      ['4', true, id(4).toString('hex')],
      ['5', false, id(4).toString('hex')],
      // Its parent came in another request: no segment is known for it here.
      ['6', false, undefined],
    ]);
    expect(spans[0]?.attributes['sentry.segment.name']).toEqual({ type: 'string', value: 'span 1' });
    expect(spans[3]?.is_remote).toBe(true);
  });

  it('writes what Relay writes: hex ids, seconds, status, kind, typed and prefixed attributes', () => {
    const { spans, invalid } = spansOf([
      {
        resource: { attributes: [{ key: 'service.name', value: { kind: 'string', value: 'api' } }] },
        scope: { name: 'http', version: '1.2', attributes: [] },
        records: [
          span(1, null, {
            name: '',
            kind: 3,
            attributes: [
              { key: 'http.request.method', value: { kind: 'string', value: 'GET' } },
              { key: 'retries', value: { kind: 'int', value: 2n } },
              { key: 'big', value: { kind: 'int', value: 2n ** 62n } },
              { key: 'tags', value: { kind: 'array', values: [{ kind: 'string', value: 'a' }] } },
              { key: 'empty', value: undefined },
            ],
            status: { code: 2, message: 'timed out' },
          }),
          span(2, null, { spanId: Buffer.from('abcd', 'hex') }),
        ],
      },
    ]);
    expect(invalid).toBe(1);
    expect(spans).toEqual([
      {
        trace_id: '5b8efff798038103d269b633813fc60c',
        span_id: '0000000000000001',
        name: 'http.client',
        status: 'error',
        kind: 'client',
        start_timestamp: 1544712660.3,
        end_timestamp: 1544712660.300079,
        is_segment: true,
        links: [],
        attributes: {
          'resource.service.name': { type: 'string', value: 'api' },
          'instrumentation.name': { type: 'string', value: 'http' },
          'instrumentation.version': { type: 'string', value: '1.2' },
          'http.request.method': { type: 'string', value: 'GET' },
          retries: { type: 'integer', value: 2 },
          big: { type: 'string', value: '4611686018427387904' },
          tags: { type: 'string', value: '["a"]' },
          'sentry.op': { type: 'string', value: 'http.client' },
          'sentry.status.message': { type: 'string', value: 'timed out' },
          'sentry.segment.id': { type: 'string', value: '0000000000000001' },
          'sentry.segment.name': { type: 'string', value: 'http.client' },
        },
      },
    ]);
  });
});

describe('chunkRecords', () => {
  it('keeps each container within the byte limit, one record at least', () => {
    const records = ['a'.repeat(40), 'b'.repeat(40), 'c'.repeat(40), 'd'.repeat(200)];
    expect(chunkRecords(records, 120).map((chunk) => chunk.map((r) => r[0]))).toEqual([
      ['a', 'b'],
      ['c'],
      ['d'],
    ]);
    expect(chunkRecords([], 120)).toEqual([]);
  });
});
