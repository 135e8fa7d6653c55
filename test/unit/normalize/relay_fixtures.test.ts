import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-main/core/pipeline/normalize/json.ts';
import { normalizeEvent } from '../../../src-main/core/pipeline/normalize/normalize_event.ts';
import { corpusPresent, readRelayJson, warnIfCorpusMissing } from './corpus.ts';

warnIfCorpusMissing();

const meta = { receivedAt: new Date(), projectId: 42, keyId: 123, clientIp: '203.0.113.7' };

describe('Relay normalization vector extended-event-input → extended-event-output', () => {
  it.skipIf(!corpusPresent)('produces the fields Relay normalizes, except the documented differences', () => {
    const input = readRelayJson('extended-event-input.json');
    const expected = readRelayJson('extended-event-output.json');
    const { event } = normalizeEvent(input, meta);

    // Fields our normalization is responsible for must match Relay's output exactly.
    for (const field of [
      'event_id',
      'level',
      'type',
      'culprit',
      'transaction',
      'transaction_info',
      'logger',
      'modules',
      'platform',
      'release',
      'environment',
      'request',
      'exception',
      'tags',
      'extra',
      'sdk',
      'errors',
      'project',
      'key_id',
      'location',
    ]) {
      expect(event[field], field).toEqual(expected[field]);
    }
    const contexts = event.contexts as JsonObject;
    const expectedContexts = expected.contexts as JsonObject;
    // trace context derived from the event id, browser context from the User-Agent header.
    expect(contexts.trace).toEqual(expectedContexts.trace);
    expect(contexts.browser).toEqual(expectedContexts.browser);

    // Expected differences:
    // * user.email: Relay's run had a custom PII rule for emails (`@email` in `_meta`); the
    //   default `@common:filter` leaves emails alone.
    const { email, ...userRest } = event.user as JsonObject;
    const { email: expectedEmail, ...expectedUserRest } = expected.user as JsonObject;
    expect(userRest).toEqual(expectedUserRest);
    expect(email).toBe('useremail@example.com');
    expect(expectedEmail).toBe('[email]');
    // * version: Relay writes its configured protocol version ("5" in that run); we write 7.
    expect(event.version).toBe('7');
    // * _meta as Relay's, but for the email rule above (_metrics is Relay-internal); the fixture
    //   omits timestamps.
    const { user: _userMeta, ...metaRest } = expected._meta as JsonObject;
    expect(event._meta).toEqual(metaRest);
    expect(typeof event.timestamp).toBe('number');
    expect(typeof event.received).toBe('number');
    // The empty `message` is dropped rather than becoming a logentry, as in Relay's output.
    expect(event.logentry).toBeUndefined();
    expect(expected.logentry).toBeUndefined();
  });

  it.skipIf(!corpusPresent)('does not modify the payload it is given', () => {
    const input = readRelayJson('extended-event-input.json');
    const copy = structuredClone(input);
    normalizeEvent(input, meta);
    expect(input).toEqual(copy);
  });
});

describe('Relay SDK payload fixtures', () => {
  it.skipIf(!corpusPresent)('cordova (Electron main process) gets the client IP for {{auto}}', () => {
    const input = readRelayJson('cordova.json');
    expect((input.user as JsonObject).ip_address).toBe('{{auto}}');
    const { event } = normalizeEvent(input, meta);
    expect((event.user as JsonObject).ip_address).toBe('203.0.113.7');
    expect((event.user as JsonObject).sentry_user).toBeDefined();
  });

  it.skipIf(!corpusPresent)('legacy JS payloads come out as typed, timestamped events', () => {
    for (const name of ['legacy_js_exception.json', 'legacy_js_message.json', 'legacy_js_onerror.json']) {
      const { event } = normalizeEvent(readRelayJson(name), meta);
      expect(event.event_id, name).toMatch(/^[0-9a-f]{32}$/);
      expect(typeof event.timestamp, name).toBe('number');
      expect(['error', 'default'], name).toContain(event.type);
      expect(Array.isArray(event.tags), name).toBe(true);
      const values = (event.breadcrumbs as JsonObject | undefined)?.values;
      for (const crumb of Array.isArray(values) ? values : []) {
        expect((crumb as JsonObject).type, name).toBeTypeOf('string');
        expect((crumb as JsonObject).level, name).toBeTypeOf('string');
      }
    }
  });

  it.skipIf(!corpusPresent)(
    'legacy_js_onerror: URL filenames keep the URL in abs_path and the path in filename',
    () => {
      const { event } = normalizeEvent(readRelayJson('legacy_js_onerror.json'), meta);
      const exception = ((event.exception as JsonObject).values as JsonObject[])[0] as JsonObject;
      const frames = (exception.stacktrace as JsonObject).frames as JsonObject[];
      const urlFrames = frames.filter((frame) => String(frame.abs_path).startsWith('http'));
      expect(urlFrames.length).toBeGreaterThan(0);
      for (const frame of urlFrames) expect(frame.filename).toBe(new URL(String(frame.abs_path)).pathname);
    },
  );
});
