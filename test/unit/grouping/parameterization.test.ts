import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  normalizeMessageForGrouping,
  PARAMETERIZATION_PATTERNS,
  parameterize,
  trimMessageForGrouping,
} from '../../../src-main/core/grouping/parameterization.ts';

// Sentry's combined regex over the whole list, replaced by `String.replace` with named groups: the
// reference the prechecked, shortened alternation and its own replacement loop must match.
const FULL = new RegExp(PARAMETERIZATION_PATTERNS.map((p) => `(?<${p.name}>${p.pattern})`).join('|'), 'g');

function reference(text: string): string {
  return text.replace(FULL, (...args: unknown[]) => {
    const groups = args.at(-1) as Record<string, string | undefined>;
    return `<${Object.keys(groups).find((name) => groups[name] !== undefined)}>`;
  });
}

/** Pieces of messages that each match some pattern, or sit at the edge of one. */
const FRAGMENTS = [
  'Failure 12 in loadUser',
  'a@b.com',
  'http://x.io/p?q',
  'api.example.com',
  '192.168.0.1',
  'fe80::1%eth0',
  '550e8400-e29b-41d4-a716-446655440000',
  'd41d8cd98f00b204e9800998ecf8427e',
  'Jan 02, 1999',
  '3:04PM',
  'Tue Jan 02 2024 10:00:00 GMT+0100 (CET)',
  '2024-01-02',
  '23:59:59',
  'datetime.datetime(now)',
  '150ms',
  '2.5s',
  '123456789012345678',
  '0x7fff',
  'abc1234',
  '-5',
  "x='s'",
  'flag=true',
  'Class::method',
  ',',
  '-',
];

describe('message parameterization', () => {
  it('replaces a chunk number and swallows the URL up to the next whitespace (spec example)', () => {
    expect(
      normalizeMessageForGrouping('Loading chunk 158 failed.\n(timeout: https://example.com/static/158.js)'),
    ).toBe('Loading chunk <int> failed.\n(timeout: <url>');
  });

  it('keeps only the first two non-empty lines and marks the cut', () => {
    expect(trimMessageForGrouping('one\n\ntwo\nthree')).toBe('one\ntwo...');
    expect(trimMessageForGrouping('single line')).toBe('single line');
  });

  it.each([
    ['mail me at jane.doe@example.com now', 'mail me at <email> now'],
    ['GET https://sentry.io/api/0/?x=1 failed', 'GET <url> failed'],
    ['cannot resolve api.example.com', 'cannot resolve <hostname>'],
    ['connect to 192.168.0.1 refused', 'connect to <ip> refused'],
    ['connect to ::1 refused', 'connect to <ip> refused'],
    ['id 550e8400-e29b-41d4-a716-446655440000 missing', 'id <uuid> missing'],
    ['commit da39a3ee5e6b4b0d3255bfef95601890afd80709', 'commit <sha1>'],
    ['digest d41d8cd98f00b204e9800998ecf8427e', 'digest <md5>'],
    ['at 2024-01-02T10:00:00Z', 'at <date>'],
    ['on 2024-01-02 only', 'on <date> only'],
    ['took 150ms', 'took <duration>'],
    ['pointer 0x7fff5fbff8a8 invalid', 'pointer <hex> invalid'],
    ['build abc1234 broken', 'build <git_sha> broken'],
    ['ratio 3.14 too high', 'ratio <float> too high'],
    ['Charlie did not bring 2 balls back!', 'Charlie did not bring <int> balls back!'],
    ['offset -5 out of range', 'offset <int> out of range'],
    ["key='secret' rejected", 'key=<quoted_str> rejected'],
    ['flag=true ignored', 'flag=<bool> ignored'],
    ['trace 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01 lost', 'trace <traceparent> lost'],
  ])('%s', (input, expected) => {
    expect(parameterize(input)).toBe(expected);
  });

  it('does not read a C++ scope operator as an IPv6 address', () => {
    expect(parameterize('Class::method failed')).toBe('Class::method failed');
  });

  it('leaves words with digits inside alone', () => {
    expect(parameterize('func(self, *args2, **kwargs2)')).toBe('func(self, *args2, **kwargs2)');
  });

  it('gives what every pattern tried at every position gives, whatever a message leaves out', () => {
    let checked = 0;
    for (const a of FRAGMENTS)
      for (const b of FRAGMENTS) {
        for (const text of [`${a} ${b}`, `${a}${b}`, a]) {
          expect(parameterize(text), text).toBe(reference(text));
          checked += 1;
        }
      }
    expect(checked).toBe(3 * FRAGMENTS.length ** 2);
  });

  it('names the winning pattern by its capture group: no pattern captures a group of its own', () => {
    for (const { name, pattern } of PARAMETERIZATION_PATTERNS) {
      // An alternation with the empty string matches '': the result holds one entry per group.
      expect(new RegExp(`${pattern}|`).exec('')?.length, name).toBe(1);
    }
  });

  it('gives the plain regex replacement on random texts of message fragments and noise', () => {
    const piece = fc.oneof(
      fc.constantFrom(...FRAGMENTS),
      fc.constantFrom(' ', '-', '.', ':', '=', ',', '@', '/', 's', 'ms', 'x', '\'"'),
      fc.string({ maxLength: 12 }),
      fc.stringMatching(/^[0-9a-fA-F:.-]{1,40}$/),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        expect(parameterize(text)).toBe(reference(text));
      }),
      { numRuns: 3000 },
    );
  });
});
