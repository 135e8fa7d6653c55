/**
 * Relay's `process_frame` drops a function or symbol of "?": the Node SDK sends `"function":"?"`
 * for anonymous frames, and Sentry stores, indexes and groups them without a function.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../../../src-main/core/pipeline/normalize/json.ts';
import { normalizeEvent } from '../../../src-main/core/pipeline/normalize/normalize_event.ts';
import { CORPUS_DIR, corpusPresent, parseEnvelope, warnIfCorpusMissing } from './corpus.ts';

warnIfCorpusMissing();

const meta = { receivedAt: new Date('2026-01-15T12:00:00.000Z'), projectId: 1 };

function frames(event: JsonObject): JsonObject[] {
  const values = (event.exception as JsonObject).values as JsonValue[];
  return values.flatMap((value) => ((value as JsonObject).stacktrace as JsonObject).frames as JsonObject[]);
}

describe.skipIf(!corpusPresent)('a frame whose function is "?"', () => {
  it('loses its function after normalization (Node SDK capture), other functions stay', () => {
    const envelope = parseEnvelope(readFileSync(path.join(CORPUS_DIR, 'node-v11-event-exception.envelope')));
    const item = envelope.items.find((i) => i.headers.type === 'event');
    const raw = JSON.parse(item?.payload.toString('utf8') ?? '{}') as JsonObject;
    const before = frames(raw);
    expect(before.some((frame) => frame.function === '?')).toBe(true);
    const { event } = normalizeEvent(raw, meta);
    const after = frames(event);
    expect(after).toHaveLength(before.length);
    expect(after.filter((frame) => frame.function === '?')).toEqual([]);
    expect(after.filter((frame) => 'function' in frame).length).toBe(
      before.filter((frame) => typeof frame.function === 'string' && frame.function !== '?').length,
    );
  });

  it('a symbol of "?" goes too; a function named otherwise is kept', () => {
    const { event } = normalizeEvent(
      {
        exception: {
          values: [
            {
              type: 'Error',
              stacktrace: {
                frames: [
                  { function: '?', symbol: '?', lineno: 3 },
                  { function: 'main', lineno: 1 },
                ],
              },
            },
          ],
        },
      },
      meta,
    );
    expect(frames(event)).toEqual([{ lineno: 3 }, { function: 'main', lineno: 1 }]);
  });
});
