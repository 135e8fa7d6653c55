/**
 * What trimming cuts is annotated in `_meta` as Relay annotates it, so a UI can say a value was
 * trimmed: a cut string gets `["!limit", "s", start, end]` and its original length, a list or
 * object that lost items its original length.
 */
import { expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../../../src-main/core/pipeline/normalize/json.ts';
import { normalizeEvent } from '../../../src-main/core/pipeline/normalize/normalize_event.ts';

const run = (event: JsonObject) => normalizeEvent(event, { receivedAt: new Date(), projectId: 1 }).event;

it('a string cut to its limit records where the "..." went and its original length', () => {
  const event = run({
    exception: { values: [{ type: 'Error', value: 'v'.repeat(9000) }] },
    culprit: 'c'.repeat(300),
  });
  const exception = ((event.exception as JsonObject).values as JsonValue[])[0] as JsonObject;
  expect(exception.value).toBe(`${'v'.repeat(8189)}...`);
  expect(event._meta).toEqual({
    exception: { values: { 0: { value: { '': { rem: [['!limit', 's', 8189, 8192]], len: 9000 } } } } },
    culprit: { '': { rem: [['!limit', 's', 197, 200]], len: 300 } },
  });
  // Nothing trimmed, nothing annotated.
  expect(run({ message: 'short', extra: { a: 1 } })).not.toHaveProperty('_meta');
});

it('a databag over its size records the cut string inside it and the items it lost', () => {
  const crumbData = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`key${i}`, 'x'.repeat(40)]));
  const event = run({
    extra: { big: 'x'.repeat(300_000), after: 1 },
    breadcrumbs: [{ message: 'm', data: crumbData }],
  });
  const meta = event._meta as JsonObject;
  expect(meta.extra).toEqual({
    '': { len: 2 },
    big: { '': { rem: [['!limit', 's', 262_133, 262_136]], len: 300_000 } },
  });
  const crumb = ((event.breadcrumbs as JsonObject).values as JsonValue[])[0] as JsonObject;
  const kept = Object.keys(crumb.data as JsonObject).length;
  expect(kept).toBeLessThan(100);
  expect(meta.breadcrumbs).toMatchObject({ values: { 0: { data: { '': { len: 100 } } } } });
});

it('a stack trace over 250 frames records how many frames it had', () => {
  const frames = Array.from({ length: 300 }, (_, i) => ({ function: `f${i}`, filename: 'a.js' }));
  const event = run({ exception: { values: [{ type: 'Error', value: 'deep', stacktrace: { frames } }] } });
  expect(event._meta).toEqual({
    exception: { values: { 0: { stacktrace: { frames: { '': { len: 300 } } } } } },
  });
});

it('an SDK’s annotation of `message` moves with it to `logentry.formatted`, as Relay’s meta travels', () => {
  const sdkTrim = { '': { len: 2000, rem: [['!limit', 'x', 1021, 1024]] } };
  const fromString = run({ message: 'm'.repeat(1024), _meta: { message: sdkTrim } });
  expect(fromString.logentry).toEqual({ formatted: 'm'.repeat(1024) });
  expect(fromString._meta).toEqual({ logentry: { formatted: sdkTrim } });

  // The legacy Message interface: the template becomes the formatted text, its annotation too.
  const fromInterface = run({
    message: { message: 't'.repeat(10) },
    _meta: { message: { message: sdkTrim } },
  });
  expect(fromInterface._meta).toEqual({ logentry: { formatted: sdkTrim } });

  // A template kept beside its formatted text keeps its own annotation.
  const withParams = run({
    logentry: { message: 'a %s', params: ['b'] },
    _meta: { logentry: { message: sdkTrim } },
  });
  expect(withParams._meta).toEqual({ logentry: { message: sdkTrim } });

  // `message` beside a `logentry` is dropped, and its annotation with it.
  const both = run({ logentry: { formatted: 'kept' }, message: 'dropped', _meta: { message: sdkTrim } });
  expect(both).not.toHaveProperty('_meta');
});
