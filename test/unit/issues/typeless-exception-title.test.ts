/**
 * Titles of exceptions without a type, as Sentry's `ErrorEvent` computes them: a plain exception
 * is an "Error"; a synthetic one (Node's `captureMessage` with a stack) is titled by its crash
 * function, never `?: message`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupEvent } from '../../../src-main/core/grouping/index.ts';
import { deriveIssueAttributes } from '../../../src-main/core/issues/event-metadata.ts';
import type { JsonObject } from '../../../src-main/core/pipeline/normalize/json.ts';
import { normalizeEvent } from '../../../src-main/core/pipeline/normalize/normalize_event.ts';
import { CORPUS_DIR, corpusPresent, parseEnvelope, warnIfCorpusMissing } from '../normalize/corpus.ts';

warnIfCorpusMissing();

const meta = { receivedAt: new Date('2026-01-15T12:00:00.000Z'), projectId: 1 };

describe('the title of an exception without a type', () => {
  it('is "Error: value" for an exception that is not synthetic', () => {
    const attrs = deriveIssueAttributes(
      groupEvent({
        platform: 'node',
        exception: { values: [{ value: 'it broke', stacktrace: { frames: [{ function: 'run' }] } }] },
      }).event,
    );
    expect(attrs.title).toBe('Error: it broke');
    expect(attrs.metadata).toMatchObject({ type: 'Error', value: 'it broke' });
  });

  it('is the crash function, or <unknown>, for a synthetic one, without the value', () => {
    const synthetic = (frames: JsonObject[]) =>
      deriveIssueAttributes(
        groupEvent({
          platform: 'node',
          exception: {
            values: [
              { value: 'hello', mechanism: { type: 'generic', synthetic: true }, stacktrace: { frames } },
            ],
          },
        }).event,
      );
    expect(synthetic([{ function: 'main', in_app: true }]).title).toBe('main');
    expect(synthetic([{ lineno: 3 }]).title).toBe('<unknown>');
    expect(synthetic([{ lineno: 3 }]).metadata.type).toBeUndefined();
  });

  it.skipIf(!corpusPresent)('Node captureMessage (captured from the SDK) is not titled "?: …"', () => {
    const envelope = parseEnvelope(readFileSync(path.join(CORPUS_DIR, 'node-v11-event-message.envelope')));
    const item = envelope.items.find((i) => i.headers.type === 'event');
    const { event } = normalizeEvent(JSON.parse(item?.payload.toString('utf8') ?? '{}') as JsonObject, meta);
    const attrs = deriveIssueAttributes(groupEvent(event).event);
    expect(attrs.title).not.toMatch(/^\?/);
    expect(attrs.title).not.toContain(': ');
  });
});
