/** Discover cells written by their meta type and unit, as Sentry's table writes them. */
import { describe, expect, it } from 'vitest';
import { formatCell, formatDurationMs } from '../../../src-renderer/features/discover/cell-format.ts';

describe('Discover cell formats', () => {
  it('writes durations in the largest unit they reach, two decimals', () => {
    expect(formatDurationMs(22.082421875)).toBe('22.08ms');
    expect(formatDurationMs(1500)).toBe('1.50s');
    expect(formatDurationMs(90_000)).toBe('1.50min');
    expect(formatDurationMs(7_200_000)).toBe('2.00hr');
    expect(formatCell(0.5, 'duration', 'second')).toEqual({ text: '500.00ms', title: '0.5' });
    expect(formatCell(250, 'duration', 'microsecond').text).toBe('0.25ms');
  });

  it('writes rates, percentages, counts and other numbers as Sentry does', () => {
    expect(formatCell(0.125, 'percentage', null)).toEqual({ text: '12.5%', title: '0.125' });
    expect(formatCell(0, 'percentage', null).text).toBe('0%');
    expect(formatCell(4.2345, 'rate', '1/minute').text).toBe('4.23/min');
    expect(formatCell(0.5, 'rate', '1/second').text).toBe('0.5/s');
    expect(formatCell(999, 'integer', null)).toEqual({ text: '999' });
    expect(formatCell(1234, 'integer', null)).toEqual({ text: '1.2k', title: '1,234' });
    expect(formatCell(0.123456, 'number', null).text).toBe('0.1235');
    expect(formatCell(2048, 'size', 'byte').text).toBe('2.0 KiB');
  });

  it('leaves strings, nulls and lists as the endpoint gave them', () => {
    expect(formatCell('GET /api', 'string', null)).toEqual({ text: 'GET /api' });
    expect(formatCell(null, 'duration', 'millisecond')).toEqual({ text: '' });
    expect(formatCell(['a', 'b'], 'array', null)).toEqual({ text: 'a, b' });
    expect(formatCell(12, undefined, undefined)).toEqual({ text: '12' });
  });
});
