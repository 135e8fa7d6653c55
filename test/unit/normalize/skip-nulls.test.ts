/** Null typed fields are left out of the normalized event as Relay's serialization leaves them out. */
import { expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../../../src-main/core/pipeline/normalize/json.ts';
import { normalizeEvent } from '../../../src-main/core/pipeline/normalize/normalize_event.ts';

const run = (event: JsonObject) => normalizeEvent(event, { receivedAt: new Date(), projectId: 1 }).event;

it('null typed fields, null list items and empty "skip if empty" fields are left out; a null that carries an error stays, as Relay keeps a value with _meta', () => {
  const event = run({
    location: 'somewhere',
    release: null,
    exception: {
      values: [
        {
          type: 'KeyError',
          value: 'x',
          module: null,
          mechanism: null,
          stacktrace: {
            frames: [{ function: '', filename: 'a.py', lineno: null, vars: { a: null, b: { c: null } } }],
          },
        },
      ],
    },
    contexts: {
      trace: { trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16), parent_span_id: null },
      gone: null,
    },
    breadcrumbs: [{ message: 'm', data: {} }],
    fingerprint: ['{{ default }}', null],
  });
  expect(event).not.toHaveProperty('release');
  const exception = ((event.exception as JsonObject).values as JsonValue[])[0] as JsonObject;
  expect(exception).not.toHaveProperty('module');
  expect(exception).not.toHaveProperty('mechanism');
  const frame = ((exception.stacktrace as JsonObject).frames as JsonValue[])[0];
  expect(frame).toEqual({ filename: 'a.py', abs_path: 'a.py', vars: { b: { c: null } } });
  expect((event.contexts as JsonObject).trace).not.toHaveProperty('parent_span_id');
  expect(event.contexts).not.toHaveProperty('gone');
  expect(((event.breadcrumbs as JsonObject).values as JsonValue[])[0]).not.toHaveProperty('data');
  expect(event.fingerprint).toEqual(['{{ default }}']);
  expect(event).toHaveProperty('location', null);
});

it('a list keeps its other items in order around the nulls it drops, a null that carries an error keeps its place, and empty strings stay where the schema does not leave them out', () => {
  const event = run({
    fingerprint: [null, 'a', null, null, 'b', 'c', null],
    exception: { values: [null, {}, { type: 'B', value: 'b' }, null] },
    extra: { empty: '', zero: 0, no: false, gone: null, list: [null, 'x'] },
    sdk: { name: 'sentry.python', version: '2.0.0', integrations: ['a', null, 'b'], features: [] },
  });
  expect(event.fingerprint).toEqual(['a', 'b', 'c']);
  // The empty exception (the second) was removed with an error: its null stays, the input's go.
  expect((event.exception as JsonObject).values).toEqual([null, { type: 'B', value: 'b' }]);
  expect(event.errors).toEqual([
    { type: 'missing_attribute', name: 'exception.values.1', attribute: 'type or value' },
  ]);
  // `extra` is free-form below its own entries: its null entry goes, the rest is as sent.
  expect(event.extra).toEqual({ empty: '', zero: 0, no: false, list: [null, 'x'] });
  expect((event.sdk as JsonObject).integrations).toEqual(['a', 'b']);
  expect((event.sdk as JsonObject).features).toEqual([]);
});

it('a null named by an error the event came with stays beside one normalization names', () => {
  const event = run({
    errors: [{ type: 'invalid_data', name: 'extra.sent' }],
    extra: { sent: null, other: null },
    exception: { values: [{}] },
  });
  expect(event.extra).toEqual({ sent: null });
  expect((event.exception as JsonObject).values).toEqual([null]);
});
