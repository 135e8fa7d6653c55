import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../../../src-main/core/pipeline/normalize/json.ts';
import { normalizeEvent } from '../../../src-main/core/pipeline/normalize/normalize_event.ts';
import type { NormalizeMeta } from '../../../src-main/core/pipeline/normalize/types.ts';

const RECEIVED = new Date('2026-01-15T12:00:00.000Z');
const receivedSecs = RECEIVED.getTime() / 1000;
const meta: NormalizeMeta = { receivedAt: RECEIVED, projectId: 1 };
const run = (event: JsonObject, extra: Partial<NormalizeMeta> = {}) =>
  normalizeEvent(event, { ...meta, ...extra });
const firstException = (event: JsonObject) =>
  ((event.exception as JsonObject).values as JsonValue[])[0] as JsonObject;

describe('event id', () => {
  it('the envelope header wins and ids are written as 32 lowercase hex digits', () => {
    const { event } = run(
      { event_id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
      { envelopeEventId: 'BBBBBBBB-BBBB-BBBB-BBBB-BBBBBBBBBBBB' },
    );
    expect(event.event_id).toBe('b'.repeat(32));
  });

  it('an invalid id is replaced by a generated one, with an error', () => {
    const { event, errors } = run({ event_id: 'nope' });
    expect(event.event_id).toMatch(/^[0-9a-f]{32}$/);
    expect(errors).toEqual([expect.objectContaining({ type: 'invalid_data', name: 'event_id' })]);
  });
});

describe('timestamps', () => {
  it('accepts RFC 3339 with offsets and numeric strings, written as float seconds', () => {
    expect(run({ timestamp: '2026-01-15T13:00:00.250+01:00' }).event.timestamp).toBe(receivedSecs + 0.25);
    expect(run({ timestamp: String(receivedSecs - 5.5) }).event.timestamp).toBe(receivedSecs - 5.5);
    expect(run({ timestamp: '2026-01-15T11:59:00' }).event.timestamp).toBe(receivedSecs - 60);
  });

  it('a missing timestamp becomes the receive time', () => {
    const { event, errors } = run({});
    expect(event.timestamp).toBe(receivedSecs);
    expect(event.received).toBe(receivedSecs);
    expect(errors).toEqual([]);
  });

  it('a timestamp more than 60 s in the future is moved to received with future_timestamp', () => {
    const { event, errors } = run({
      timestamp: receivedSecs + 3600,
      breadcrumbs: [{ timestamp: receivedSecs + 3590 }],
    });
    expect(event.timestamp).toBe(receivedSecs);
    expect(((event.breadcrumbs as JsonObject).values as JsonObject[])[0]?.timestamp).toBe(receivedSecs - 10);
    expect(errors).toEqual([
      {
        type: 'future_timestamp',
        name: 'timestamp',
        sdk_time: '2026-01-15T13:00:00+00:00',
        server_time: '2026-01-15T12:00:00+00:00',
      },
    ]);
  });

  it('30 s in the future or 29 days in the past is kept', () => {
    expect(run({ timestamp: receivedSecs + 30 }).event.timestamp).toBe(receivedSecs + 30);
    expect(run({ timestamp: receivedSecs - 29 * 86400 }).event.timestamp).toBe(receivedSecs - 29 * 86400);
  });

  it('more than 30 days in the past is moved to received with past_timestamp', () => {
    const { event, errors } = run({ timestamp: receivedSecs - 31 * 86400 + 0.25 });
    expect(event.timestamp).toBe(receivedSecs);
    expect(errors).toEqual([
      {
        type: 'past_timestamp',
        name: 'timestamp',
        sdk_time: '2025-12-15T12:00:00.250+00:00',
        server_time: '2026-01-15T12:00:00+00:00',
      },
    ]);
  });

  it('a sent_at drift under 55 minutes is ignored', () => {
    const sentAt = new Date(RECEIVED.getTime() - 54 * 60 * 1000).toISOString();
    const { event, errors } = run({ timestamp: receivedSecs - 10 }, { sentAt });
    expect(event.timestamp).toBe(receivedSecs - 10);
    expect(errors).toEqual([]);
  });
});

describe('level', () => {
  it('a level Relay does not know (warn, WARNING) is dropped with an error and becomes error', () => {
    for (const level of ['warn', 'WARNING', ' info']) {
      const { event, errors } = run({ level });
      expect(event.level).toBe('error');
      expect(errors).toEqual([
        expect.objectContaining({ type: 'invalid_data', name: 'level', value: level }),
      ]);
    }
  });
});

describe('default attributes', () => {
  it('fills level, platform, logger, type, extra and errors', () => {
    const { event } = run({ platform: 'brainfuck', logger: '  app  ' });
    expect(event).toMatchObject({
      level: 'error',
      platform: 'other',
      logger: 'app',
      type: 'default',
      extra: {},
    });
    expect(event.errors).toEqual([]);
  });

  it("understands Relay's level names and shortens Java-style loggers to 64 chars with a *", () => {
    expect(run({ level: 'log' }).event.level).toBe('info');
    expect(run({ level: 'critical' }).event.level).toBe('fatal');
    expect(run({ level: 30 }).event.level).toBe('warning');
    const logger = `${'com.example.deeply.nested.'.repeat(4)}Logger`;
    const shortened = String(run({ logger }).event.logger);
    expect(shortened.startsWith('*')).toBe(true);
    expect(shortened.length).toBeLessThanOrEqual(64);
    expect(logger.endsWith(shortened.slice(1))).toBe(true);
  });

  it('takes the SDK from sentry_client when the event names none', () => {
    expect(run({}, { sentryClient: 'raven-python/6.10.0' }).event.sdk).toEqual({
      name: 'raven-python',
      version: '6.10.0',
    });
  });

  it('moves unknown top-level attributes out with invalid_attribute', () => {
    const { event, errors } = run({ foo: 1, metadata: { x: 1 } });
    expect(event.foo).toBeNull();
    expect('metadata' in event).toBe(false);
    expect(errors).toEqual([{ type: 'invalid_attribute', name: 'foo' }]);
  });

  it("an event an SDK sends with a title has it flagged; a stored event normalized again keeps Sentry's title", () => {
    expect(run({ title: 'T' }).errors).toEqual([{ type: 'invalid_attribute', name: 'title' }]);
    const again = run(
      { title: 'T', location: 'app.js', received: receivedSecs, project: 1 },
      { renormalize: true },
    );
    expect(again.errors).toEqual([]);
    expect(again.event).toMatchObject({ title: 'T', location: 'app.js' });
    expect(again.event._meta).toBeUndefined();
  });
});

describe('IP addresses', () => {
  it('infer_ip never drops {{auto}} instead of filling it', () => {
    const { event } = run(
      {
        platform: 'javascript',
        user: { ip_address: '{{auto}}', id: 'u' },
        sdk: { name: 's', settings: { infer_ip: 'never' } },
      },
      { clientIp: '198.51.100.1' },
    );
    expect((event.user as JsonObject).ip_address).toBeUndefined();
  });

  it('REMOTE_ADDR is copied into the user', () => {
    const { event } = run(
      { request: { env: { REMOTE_ADDR: '198.51.100.2' } } },
      { clientIp: '198.51.100.1' },
    );
    expect((event.user as JsonObject).ip_address).toBe('198.51.100.2');
  });
});

describe('tags', () => {
  it('accepts objects and pairs, moves environment, drops reserved keys and duplicates', () => {
    const { event } = run({
      tags: [
        ['a', '1'],
        ['environment', 'staging'],
        ['release', 'x'],
        ['a', '2'],
        ['n', 5],
      ],
    });
    expect(event.tags).toEqual([
      ['a', '1'],
      ['n', '5'],
    ]);
    expect(event.environment).toBe('staging');
    expect(run({ tags: { z: 'last', b: 'first' } }).event.tags).toEqual([
      ['b', 'first'],
      ['z', 'last'],
    ]);
  });

  it('over-long keys and values are dropped with value_too_long; server_name becomes a tag', () => {
    const { event, errors } = run({ tags: { ok: 'y', long: 'v'.repeat(201) }, server_name: 'host-1' });
    expect(event.tags).toEqual([
      ['ok', 'y'],
      ['server_name', 'host-1'],
    ]);
    expect(errors).toEqual([expect.objectContaining({ type: 'value_too_long', name: 'tags.0.1' })]);
  });

  it('a tag is measured in characters: 200 fit, even of two UTF-16 units each, 201 do not', () => {
    const emoji = '\u{1F600}';
    const { event, errors } = run({
      tags: [
        ['ascii', 'v'.repeat(200)],
        ['emoji', emoji.repeat(200)],
        ['k'.repeat(200), 'key of 200'],
        ['too_long', emoji.repeat(201)],
        ['k'.repeat(201), 'key of 201'],
      ],
    });
    expect((event.tags as [string, string][]).map(([key]) => key)).toEqual([
      'ascii',
      'emoji',
      'k'.repeat(200),
    ]);
    expect(errors).toEqual([
      expect.objectContaining({ type: 'value_too_long', name: 'tags.3.1' }),
      expect.objectContaining({ type: 'value_too_long', name: 'tags.4.0' }),
    ]);
  });

  it('server_name and site leave the event for the tags, replacing tags of the same name', () => {
    const { event } = run({ tags: { server_name: 'from-tag', a: 'b' }, server_name: 'host-1', site: 'eu' });
    expect(event.tags).toEqual([
      ['a', 'b'],
      ['server_name', 'host-1'],
      ['site', 'eu'],
    ]);
    expect(event).not.toHaveProperty('server_name');
    expect(event).not.toHaveProperty('site');
  });
});

describe('user, message, breadcrumbs', () => {
  it('unknown user fields move into user.data', () => {
    const { event } = run({ user: { id: 42, plan: 'pro' } });
    expect(event.user).toEqual({ id: '42', data: { plan: 'pro' }, sentry_user: 'id:42' });
  });

  it('a message with params is formatted into logentry', () => {
    const { event } = run({ logentry: { message: 'user %s failed %d times', params: ['bob', 3] } });
    expect(event.logentry).toEqual({
      message: 'user %s failed %d times',
      formatted: 'user bob failed 3 times',
      params: ['bob', 3],
    });
  });

  it('breadcrumbs get type default and level info', () => {
    const { event } = run({
      breadcrumbs: [{ message: 'x' }, { message: 'y', level: 'warning', type: 'http' }],
    });
    expect(event.breadcrumbs).toEqual({
      values: [
        { message: 'x', type: 'default', level: 'info' },
        { message: 'y', type: 'http', level: 'warning' },
      ],
    });
  });
});

describe('exceptions and frames', () => {
  it('a lone exception takes over the top-level stacktrace', () => {
    const { event } = run({ exception: [{ type: 'E' }], stacktrace: { frames: [{ filename: 'a.py' }] } });
    expect(event.stacktrace).toBeUndefined();
    expect(firstException(event).stacktrace).toEqual({ frames: [{ filename: 'a.py', abs_path: 'a.py' }] });
    expect(event.type).toBe('error');
  });

  it('splits "Name: message" values and drops exceptions with neither type nor value', () => {
    const { event, errors } = run({
      exception: { values: [{ value: 'TypeError: x is undefined' }, { module: 'm' }] },
    });
    expect(firstException(event)).toMatchObject({ type: 'TypeError', value: 'x is undefined' });
    expect(((event.exception as JsonObject).values as JsonValue[])[1]).toBeNull();
    expect(errors).toEqual([
      expect.objectContaining({ type: 'missing_attribute', name: 'exception.values.1' }),
    ]);
  });

  it('keeps only the innermost 250 frames and strips vars from middle frames beyond 50', () => {
    const frames = Array.from({ length: 300 }, (_, i) => ({ function: `f${i}`, vars: { i }, in_app: false }));
    const { event } = run({ exception: [{ type: 'E', stacktrace: { frames } }] });
    const kept = (firstException(event).stacktrace as JsonObject).frames as JsonObject[];
    expect(kept).toHaveLength(250);
    expect(kept[0]?.function).toBe('f50');
    expect(kept.at(-1)?.function).toBe('f299');
    expect(kept.filter((frame) => frame.vars !== undefined)).toHaveLength(50);
    expect(kept[0]?.vars).toEqual({ i: 50 });
    expect(kept[125]?.vars).toBeUndefined();
  });
});

describe('trimming', () => {
  it('cuts messages to 8192 characters ending in ...', () => {
    const { event } = run({ logentry: { formatted: 'm'.repeat(9000) } });
    const formatted = String((event.logentry as JsonObject).formatted);
    expect(formatted).toHaveLength(8192);
    expect(formatted.endsWith('...')).toBe(true);
  });

  it('stringifies databag values deeper than the bag allows and caps its size', () => {
    const deep = { a: { b: { c: { d: { e: { f: { g: { h: 'deep' } } } } } } } };
    const { event } = run({ extra: { deep, big: 'x'.repeat(300_000) } });
    const extra = event.extra as JsonObject;
    expect(JSON.stringify(extra).length).toBeLessThan(262_144 + 1000);
    expect(JSON.stringify(extra.deep)).toContain('"{\\"');
  });
});

describe('default PII scrubbing (@common:filter)', () => {
  it('filters password-like keys, credit cards and bearer tokens where Relay scrubs', () => {
    const { event } = run({
      extra: {
        password: 'hunter2',
        api_key: 12345,
        card: 'paid with 4111 1111 1111 1111 today',
        note: 'fine',
      },
      request: {
        headers: [
          ['Authorization', 'Bearer abc.def'],
          ['User-Agent', 'curl/8.0.0'],
        ],
        data: { msg: 'token is Bearer xyz123' },
      },
      contexts: { custom: { path: '/home/alice/project' } },
    });
    expect(event.extra).toEqual({
      password: '[Filtered]',
      api_key: null,
      card: 'paid with [Filtered] today',
      note: 'fine',
    });
    expect((event.request as JsonObject).headers).toEqual([
      ['Authorization', '[Filtered]'],
      ['User-Agent', 'curl/8.0.0'],
    ]);
    expect((event.request as JsonObject).data).toEqual({ msg: 'token is Bearer [Filtered]' });
    expect(((event.contexts as JsonObject).custom as JsonObject).path).toBe('/home/[user]/project');
  });

  it('scrubs the vars of the frames that have them, annotated at their own frame among frames without', () => {
    const { event } = run({
      exception: {
        values: [
          {
            type: 'E',
            value: 'v',
            stacktrace: {
              frames: [
                { function: 'a', filename: 'a.py' },
                { function: 'b', filename: 'b.py', vars: { password: 'hunter2', n: 1 } },
                { function: 'c', filename: 'c.py' },
              ],
            },
          },
        ],
      },
    });
    const frames = (
      (((event.exception as JsonObject).values as JsonObject[])[0] as JsonObject).stacktrace as JsonObject
    ).frames as JsonObject[];
    expect(frames.map((frame) => frame.vars)).toEqual([
      undefined,
      { password: '[Filtered]', n: 1 },
      undefined,
    ]);
    expect(event._meta).toEqual({
      exception: {
        values: {
          0: {
            stacktrace: {
              frames: {
                1: { vars: { password: { '': { rem: [['@password:filter', 's', 0, 10]], len: 7 } } } },
              },
            },
          },
        },
      },
    });
  });

  it('records what it filtered in _meta, as Relay remarks it (rule, substituted range, original length)', () => {
    const { event } = run({
      extra: {
        password: 'hunter2',
        api_key: 12345,
        card: 'paid with 4111 1111 1111 1111 today',
        note: 'fine',
      },
      request: { headers: [['Authorization', 'Bearer abc.def']], data: { msg: 'token is Bearer xyz123' } },
      breadcrumbs: {
        values: [{ message: 'ok' }, { message: 'ssn 078-05-1120 and card 4111-1111-1111-1111' }],
      },
    });
    const meta = event._meta as JsonObject;
    expect((meta.extra as JsonObject).password).toEqual({
      '': { rem: [['@password:filter', 's', 0, 10]], len: 7 },
    });
    expect((meta.extra as JsonObject).api_key).toEqual({ '': { rem: [['@password:filter', 'x']] } });
    expect((meta.extra as JsonObject).card).toEqual({
      '': { rem: [['@creditcard:filter', 's', 10, 20]], len: 35 },
    });
    expect((meta.extra as JsonObject).note).toBeUndefined();
    const request = meta.request as JsonObject;
    expect(request.headers).toEqual({
      0: { 1: { '': { rem: [['@password:filter', 's', 0, 10]], len: 14 } } },
    });
    expect(request.data).toEqual({ msg: { '': { rem: [['@bearer:filter', 's', 9, 26]], len: 22 } } });
    // Two rules in one string: each range is where its replacement stands in the scrubbed text.
    const crumb = (event.breadcrumbs as JsonObject).values as JsonObject[];
    expect(crumb[1]?.message).toBe('ssn [Filtered] and card [Filtered]');
    expect(meta.breadcrumbs).toEqual({
      values: {
        1: {
          message: {
            '': {
              rem: [
                ['@usssn:filter', 's', 4, 14],
                ['@creditcard:filter', 's', 24, 34],
              ],
              len: 44,
            },
          },
        },
      },
    });
  });

  it('leaves frame paths, exception values and the formatted message alone', () => {
    const { event } = run({
      logentry: { formatted: 'card 4111 1111 1111 1111' },
      exception: [
        {
          type: 'E',
          value: 'card 4111 1111 1111 1111',
          stacktrace: { frames: [{ abs_path: '/home/alice/a.js' }] },
        },
      ],
    });
    expect((event.logentry as JsonObject).formatted).toBe('card 4111 1111 1111 1111');
    expect(firstException(event).value).toBe('card 4111 1111 1111 1111');
    const frame = ((firstException(event).stacktrace as JsonObject).frames as JsonObject[])[0];
    expect(frame?.abs_path).toBe('/home/alice/a.js');
  });
});

describe('any JSON object', () => {
  it('normalizes without throwing into an event with an id, a timestamp and a level', () => {
    const json = fc.jsonValue() as fc.Arbitrary<JsonValue>;
    const events = fc.dictionary(
      fc.constantFrom(
        'event_id',
        'timestamp',
        'level',
        'tags',
        'user',
        'exception',
        'breadcrumbs',
        'message',
        'contexts',
        'extra',
        'request',
        'platform',
        'logger',
        'stacktrace',
        'sdk',
        'other',
      ),
      json,
    );
    fc.assert(
      fc.property(events, (input) => {
        const { event } = run(input as JsonObject, { clientIp: '127.0.0.1' });
        expect(event.event_id).toMatch(/^[0-9a-f]{32}$/);
        expect(typeof event.timestamp).toBe('number');
        expect(['debug', 'info', 'warning', 'error', 'fatal']).toContain(event.level);
        expect(Array.isArray(event.tags)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
