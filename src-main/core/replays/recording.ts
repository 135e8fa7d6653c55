/**
 * A `replay_recording` item's payload, as Relay reads it: a one-line JSON header (`{"segment_id":0}`),
 * a newline, then the segment's rrweb events as a JSON array, plain or zlib-compressed (the browser
 * SDK compresses in a worker when it can). A payload missing either part, or whose body is neither,
 * is refused with a `RecordingError` that says what was wrong.
 */
import zlib from 'node:zlib';

/** The largest segment body inflated (Relay caps a recording item far below it). */
const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

export class RecordingError extends Error {
  readonly type = 'invalid_recording';
}

export interface RecordingSegment {
  segmentId: number;
  /** The segment's rrweb events, as the SDK recorded them. */
  events: unknown[];
}

function segmentIdOf(header: Buffer): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(header.toString('utf8'));
  } catch {
    throw new RecordingError('the recording header is not JSON');
  }
  const segmentId = (parsed as { segment_id?: unknown } | null)?.segment_id;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new RecordingError('the recording header is not a JSON object');
  if (typeof segmentId !== 'number' || !Number.isInteger(segmentId) || segmentId < 0)
    throw new RecordingError('the recording header has no segment_id (a whole number)');
  return segmentId;
}

/** The body as JSON text: plain when it starts with `[` (after whitespace), else zlib. */
function bodyText(body: Buffer): string {
  const first = body.find((byte) => byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09);
  if (first === 0x5b) return body.toString('utf8');
  try {
    return zlib.inflateSync(body, { maxOutputLength: MAX_INFLATED_BYTES }).toString('utf8');
  } catch (error) {
    throw new RecordingError(
      `the recording body is neither a JSON array nor zlib-compressed (${(error as Error).message})`,
    );
  }
}

export function decodeRecordingSegment(payload: Uint8Array): RecordingSegment {
  const bytes = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  const newline = bytes.indexOf(0x0a);
  if (newline < 0) throw new RecordingError('the recording has no body (no newline after its header)');
  const segmentId = segmentIdOf(bytes.subarray(0, newline));
  const body = bytes.subarray(newline + 1);
  if (body.length === 0) throw new RecordingError('the recording body is empty');
  let events: unknown;
  try {
    events = JSON.parse(bodyText(body));
  } catch (error) {
    if (error instanceof RecordingError) throw error;
    throw new RecordingError('the recording body is not JSON');
  }
  if (!Array.isArray(events))
    throw new RecordingError('the recording body is not a JSON array of rrweb events');
  return { segmentId, events };
}
