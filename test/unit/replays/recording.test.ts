/**
 * A replay recording segment is read as Relay reads the item: a JSON header line with the segment id,
 * a newline, and the rrweb events, plain or zlib-compressed; anything else is refused saying why.
 */
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { playable } from '../../../src-main/core/replays/detail.ts';
import { decodeRecordingSegment, RecordingError } from '../../../src-main/core/replays/recording.ts';

/** rrweb's meta and full snapshot events, the first two every segment 0 starts with. */
const EVENTS = [
  { type: 4, timestamp: 1_700_000_000_000, data: { href: 'http://127.0.0.1/shop', width: 800, height: 600 } },
  { type: 2, timestamp: 1_700_000_000_001, data: { node: { type: 0, childNodes: [], id: 1 } } },
];

const payload = (header: string, body: Buffer | string) =>
  Buffer.concat([Buffer.from(`${header}\n`), typeof body === 'string' ? Buffer.from(body) : body]);

describe('a replay recording segment', () => {
  it('with a zlib-compressed body (as the SDK compresses in its worker) gives its segment id and events', () => {
    const segment = decodeRecordingSegment(
      payload('{"segment_id":3}', zlib.deflateSync(JSON.stringify(EVENTS))),
    );
    expect(segment).toEqual({ segmentId: 3, events: EVENTS });
  });

  it('with a plain JSON body gives the same', () => {
    expect(decodeRecordingSegment(payload('{"segment_id":0}', JSON.stringify(EVENTS)))).toEqual({
      segmentId: 0,
      events: EVENTS,
    });
  });

  it.each([
    ['no newline', Buffer.from('{"segment_id":0}'), 'no body'],
    ['a header that is no JSON', payload('segment 0', '[]'), 'header is not JSON'],
    ['a header that is no object', payload('[0]', '[]'), 'not a JSON object'],
    ['a header without segment_id', payload('{"segment":0}', '[]'), 'no segment_id'],
    ['a negative segment_id', payload('{"segment_id":-1}', '[]'), 'no segment_id'],
    ['an empty body', payload('{"segment_id":0}', ''), 'body is empty'],
    ['a body neither JSON nor zlib', payload('{"segment_id":0}', 'garbage'), 'neither a JSON array nor zlib'],
    ['a plain body that is broken JSON', payload('{"segment_id":0}', '[{"type":'), 'body is not JSON'],
    [
      'a compressed body that is no array',
      payload('{"segment_id":0}', zlib.deflateSync('{"type":2}')),
      'not a JSON array',
    ],
  ])('with %s is refused with a clear error', (_name, bytes, message) => {
    let thrown: unknown;
    try {
      decodeRecordingSegment(bytes);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RecordingError);
    expect((thrown as Error).message).toContain(message);
  });
});

describe('the events of a recording, as the player takes them', () => {
  it('are stamped in milliseconds (the SDK stamps performance spans in seconds) and in time order', () => {
    const span = { type: 5, timestamp: 1_700_000_000.5, data: { tag: 'performanceSpan' } };
    const click = { type: 3, timestamp: 1_700_000_000_200, data: { source: 2 } };
    expect(playable([EVENTS[0], click, span, EVENTS[1]])).toEqual([
      EVENTS[0],
      EVENTS[1],
      click,
      { ...span, timestamp: 1_700_000_000_500 },
    ]);
  });
});
