import { describe, expect, it } from 'vitest';
import {
  normalizeMessageForGrouping,
  parameterize,
  trimMessageForGrouping,
} from '../../../src-main/core/grouping/parameterization.ts';

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
});
