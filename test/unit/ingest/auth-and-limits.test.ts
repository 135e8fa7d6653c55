/** Auth header parsing, DSNs, item limits and the store body decoding, as small pure functions. */
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  checkVersion,
  parseAuthPairs,
  parseDsn,
  requestAuth,
  stripKeyFlags,
} from '../../../src-main/core/ingest/auth.ts';
import { parseEnvelope } from '../../../src-main/core/ingest/envelope-parser.ts';
import { IngestError } from '../../../src-main/core/ingest/errors.ts';
import { checkEnvelopeLimits, DEFAULT_LIMITS } from '../../../src-main/core/ingest/limits.ts';
import { formatRateLimits } from '../../../src-main/core/ingest/rate-limits.ts';
import { decodeStoreBody, repairPythonJson } from '../../../src-main/core/ingest/store-payload.ts';

describe('auth', () => {
  it('reads X-Sentry-Auth pairs with whitespace, the old `key` spelling and key flags', () => {
    const pairs = parseAuthPairs(
      ' sentry_key = abc ,sentry_version=7, sentry_client=raven-js/3.0,sentry_secret=s',
    );
    expect(Object.fromEntries(pairs)).toEqual({
      key: 'abc',
      version: '7',
      client: 'raven-js/3.0',
      secret: 's',
    });
    expect(stripKeyFlags('e12d836b15bb49d7bbf99e64295d995b.no-cache')).toBe(
      'e12d836b15bb49d7bbf99e64295d995b',
    );
  });

  it('reads query auth as URLSearchParams decodes it: plus signs, percent escapes, the last of a repeated key', () => {
    const auth = (query: string) =>
      requestAuth({ headers: {} } as unknown as Parameters<typeof requestAuth>[0], query);
    expect(auth('sentry_version=7&sentry_key=abc&sentry_client=sentry.javascript.browser%2F11.12.0')).toEqual(
      {
        publicKey: 'abc',
        version: '7',
        client: 'sentry.javascript.browser/11.12.0',
      },
    );
    expect(auth('sentry%5Fkey=k%C3%A9y&sentry_client=my+sdk/1.0&&x=1')).toEqual({
      publicKey: 'k\u00e9y',
      client: 'my sdk/1.0',
    });
    expect(auth('sentry_key=first&sentry_key=second.no-cache')).toEqual({ publicKey: 'second' });
    // Not auth: no key and no version named (a security report's `sentry_release`).
    expect(auth('sentry_release=1.0&sentry_environment=prod')).toBeUndefined();
    expect(() => auth('sentry_version=7&sentry_key=')).toThrow('bad x-sentry-auth header');
  });

  it('accepts protocol versions up to 7, with minor parts', () => {
    expect(() => checkVersion('7')).not.toThrow();
    expect(() => checkVersion('2.0')).not.toThrow();
    expect(() => checkVersion('8.1')).toThrow('unsupported protocol version (8)');
  });

  it('parses DSNs the way the SDKs build them: secret tolerated, path prefix, IPv6 hosts', () => {
    expect(parseDsn('http://abc123@127.0.0.1:8969/42')).toEqual({ publicKey: 'abc123', projectId: 42 });
    expect(parseDsn('https://key:secret@sentry.example.com/prefix/path/7')).toEqual({
      publicKey: 'key',
      projectId: 7,
    });
    expect(parseDsn('http://k@[::1]:9000/3')).toEqual({ publicKey: 'k', projectId: 3 });
    expect(parseDsn('http://has-dash@host/1')).toBeUndefined();
    expect(parseDsn('http://k@host/notanumber')).toBeUndefined();
  });
});

describe('envelope item limits (utils/sizes.rs)', () => {
  const check =
    (text: string, limits = DEFAULT_LIMITS) =>
    () =>
      checkEnvelopeLimits(parseEnvelope(Buffer.from(text)), limits);
  const reasonOf = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      return (error as IngestError).type;
    }
    return undefined;
  };

  it('allows one event-like item, many attachments and sessions within the counts', () => {
    const sessions = '{"type":"session"}\n{}\n'.repeat(100);
    expect(check(`{}\n{"type":"event"}\n{}\n{"type":"attachment"}\nx\n${sessions}`)).not.toThrow();
    expect(reasonOf(check(`{}\n${'{"type":"session"}\n{}\n'.repeat(101)}`))).toBe('too_large:session');
    expect(reasonOf(check(`{}\n{"type":"feedback"}\n{}\n{"type":"event"}\n{}`))).toBe('too_large:event');
  });

  it('names attachments by their attachment type in the reason', () => {
    const limits = { ...DEFAULT_LIMITS, maxAttachmentSize: 3 };
    expect(
      reasonOf(check('{}\n{"type":"attachment","attachment_type":"event.minidump"}\nMDMP', limits)),
    ).toBe('too_large:attachment:minidump');
    expect(reasonOf(check('{}\n{"type":"attachment"}\nabcd', limits))).toBe(
      'too_large:attachment:attachment',
    );
    const many = '{"type":"attachment"}\nx\n'.repeat(31);
    expect(reasonOf(check(`{}\n${many}`))).toBe('too_large:attachment:attachment');
  });

  it('checks containers by average item size and as a whole; unknown types not at all', () => {
    const limits = { ...DEFAULT_LIMITS, maxLogSize: 10, maxContainerSize: 100 };
    const log = (count: number, size: number) =>
      `{}\n{"type":"log","item_count":${count}}\n${'x'.repeat(size)}`;
    expect(check(log(5, 50), limits)).not.toThrow();
    expect(reasonOf(check(log(2, 50), limits))).toBe('too_large:log');
    expect(reasonOf(check(log(50, 101), limits))).toBe('too_large:log');
    expect(
      check(`{}\n{"type":"brand_new_type"}\n${'x'.repeat(5000)}`, { ...limits, maxEventSize: 1 }),
    ).not.toThrow();
  });

  it('answers 413 with Relay’s message', () => {
    try {
      check('{}\n{"type":"check_in"}\n{}\n{"type":"check_in"}\n{}')();
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(IngestError);
      expect((error as IngestError).status).toBe(413);
      expect((error as IngestError).message).toBe("envelope exceeded size limits for type 'check_in'");
    }
  });
});

describe('store bodies', () => {
  it('decodes base64(zlib(json)) and base64(json), and leaves JSON alone', () => {
    const json = Buffer.from('{"message":"hi"}');
    expect(decodeStoreBody(json, 1000)).toBe(json);
    expect(decodeStoreBody(Buffer.from(zlib.deflateSync(json).toString('base64')), 1000).toString()).toBe(
      '{"message":"hi"}',
    );
    expect(decodeStoreBody(Buffer.from(json.toString('base64')), 1000).toString()).toBe('{"message":"hi"}');
    expect(() => decodeStoreBody(Buffer.from('%%%'), 1000)).toThrow(IngestError);
  });

  it('stops a zlib bomb in a store body at the limit', () => {
    const bomb = Buffer.from(zlib.deflateSync(Buffer.alloc(10_000_000, 0x20)).toString('base64'));
    expect(() => decodeStoreBody(bomb, 1000)).toThrow('failed to read request body');
  });

  it('repairs NaN/Infinity outside strings only', () => {
    expect(repairPythonJson('{"a":NaN,"b":[Infinity,-Infinity],"c":"NaN \\"Infinity\\""}')).toBe(
      '{"a":0,"b":[0,0],"c":"NaN \\"Infinity\\""}',
    );
  });
});

describe('rate limit header', () => {
  it('is formatted as Relay does: retry_after:categories:scope:reason', () => {
    expect(formatRateLimits(60, ['error', 'default'], 'project', 'quota_exceeded')).toBe(
      '60:error;default:project:quota_exceeded',
    );
    expect(formatRateLimits(2700, [], 'project', 'project_quota')).toBe('2700::project:project_quota');
  });
});
