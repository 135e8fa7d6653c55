/**
 * Timestamps read and written as Relay does. The common RFC 3339 form is read by position and a
 * date from 1970 on is written by arithmetic: both must agree with the general way exactly.
 */
import { describe, expect, it } from 'vitest';
import { formatTimestamp, parseTimestamp } from '../../../src-main/core/pipeline/normalize/timestamp.ts';

describe('parseTimestamp', () => {
  // Surrounding spaces keep a text out of the by-position reading: the padded text goes through
  // the regex, so each pair compares the two ways of reading the same timestamp.
  const texts = [
    '2024-01-01T00:00:00Z',
    '2024-02-29T23:59:59.999999999Z',
    '1970-01-01T00:00:00+00:00',
    '1969-12-31T23:59:59.5Z',
    '0001-01-01T00:00:00Z',
    '0099-12-31T12:00:00Z',
    '9999-12-31T23:59:59Z',
    '2024-13-45T25:61:61Z',
    '2024-01-01T00:00:00.123',
    '2024-01-01T00:00:00.1234567+14:00',
    '2024-01-01T00:00:00-05:30',
    '2024-01-01T00:00:00-00:00',
    '2024-01-01T00:00:00.000000Z',
    '2026-11-22T01:08:56.878Z',
  ];

  it.each(texts)('reads %s as the general RFC 3339 reading does', (text) => {
    const parsed = parseTimestamp(text);
    expect(parsed).toBeTypeOf('number');
    expect(Object.is(parsed, parseTimestamp(` ${text} `))).toBe(true);
  });

  it('reads random date-times of every shape the same both ways', () => {
    const digits = (below: number, width: number) =>
      String(Math.floor(Math.random() * below)).padStart(width, '0');
    for (let i = 0; i < 20_000; i++) {
      const zone = ['Z', '', `+${digits(24, 2)}:${digits(60, 2)}`, `-${digits(24, 2)}:${digits(60, 2)}`][
        i % 4
      ];
      const fraction = i % 3 === 0 ? '' : `.${digits(10 ** (1 + (i % 9)), 1 + (i % 9))}`;
      const text = `${digits(10_000, 4)}-${digits(14, 2)}-${digits(33, 2)}T${digits(25, 2)}:${digits(61, 2)}:${digits(61, 2)}${fraction}${zone}`;
      expect(Object.is(parseTimestamp(text), parseTimestamp(` ${text}`)), text).toBe(true);
    }
  });

  it('knows the seconds of a date-time, its fraction and its offset', () => {
    expect(parseTimestamp('2024-01-01T00:00:00Z')).toBe(1_704_067_200);
    expect(parseTimestamp('2024-01-01T00:00:00.5+01:00')).toBe(1_704_063_600.5);
    expect(parseTimestamp('2024-01-01T00:00:00.1234567Z')).toBe(1_704_067_200.123456);
  });

  it('takes the other forms Relay accepts and refuses what is no timestamp', () => {
    expect(parseTimestamp('2024-01-01t00:00:00z')).toBe(1_704_067_200);
    expect(parseTimestamp('2024-01-01 00:00:00')).toBe(1_704_067_200);
    expect(parseTimestamp('2024-01-01T01:00:00+0100')).toBe(1_704_067_200);
    expect(parseTimestamp('1704067200.25')).toBe(1_704_067_200.25);
    for (const text of [
      '2024-01-01T00:00:00.Z',
      '2024-01-01T00:00:00Zx',
      '2024-01-01T00:00:00+05:3a',
      '2024-0a-01T00:00:00Z',
      '10000-01-01T00:00:00Z',
      '9999-12-31T23:59:59.5Z',
      '',
    ])
      expect(parseTimestamp(text), text).toBeUndefined();
  });
});

describe('formatTimestamp', () => {
  // What chrono's to_rfc3339 writes, spelled out through Date's own text.
  const byDate = (seconds: number): string => {
    const micros = Math.round(seconds * 1e6);
    const whole = Math.floor(micros / 1e6);
    const fraction = micros - whole * 1e6;
    const six = String(fraction).padStart(6, '0');
    const digits = fraction === 0 ? '' : `.${six.endsWith('000') ? six.slice(0, 3) : six}`;
    return `${new Date(whole * 1000).toISOString().slice(0, 19)}${digits}+00:00`;
  };

  it('writes the edges of days, months, leap years and the range as Date does', () => {
    for (const seconds of [
      0,
      1,
      59,
      60,
      86_399,
      86_400,
      951_782_400,
      951_868_800,
      4_107_542_400,
      253_402_300_799,
      253_402_300_799 + 0.999999,
      -1,
      -86_400.5,
      -62_135_596_800,
      1.5,
      5e-7,
      1_700_000_000.000001,
    ])
      expect(formatTimestamp(seconds), String(seconds)).toBe(byDate(seconds));
    expect(formatTimestamp(1_704_067_200.25)).toBe('2024-01-01T00:00:00.250+00:00');
    expect(formatTimestamp(951_825_600)).toBe('2000-02-29T12:00:00+00:00');
  });

  it('writes random seconds from 1970 to 9999 as Date does', () => {
    for (let i = 0; i < 50_000; i++) {
      const seconds =
        i % 2 === 0
          ? Math.random() * 253_402_300_800
          : Math.floor(Math.random() * 253_402_300_800) + Math.floor(Math.random() * 1000) / 1000;
      expect(formatTimestamp(seconds)).toBe(byDate(seconds));
    }
  });
});
