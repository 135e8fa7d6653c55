import { describe, expect, it } from 'vitest';
import { parseTimeArg } from '../../../src-main/cli/export.ts';
import { UsageError } from '../../../src-main/cli/usage.ts';

describe('export --since/--until values', () => {
  it('reads dates and date-times as UTC unless they have an offset, and ages back from now', () => {
    expect(parseTimeArg('2026-02-28')).toBe(Date.UTC(2026, 1, 28));
    expect(parseTimeArg('2028-02-29T12:00:00.5')).toBe(Date.UTC(2028, 1, 29, 12, 0, 0, 500));
    expect(parseTimeArg('2026-01-01T10:00:00+02:00')).toBe(Date.UTC(2026, 0, 1, 8));
    expect(parseTimeArg('24h', Date.UTC(2026, 0, 2))).toBe(Date.UTC(2026, 0, 1));
  });

  it('refuses a day the calendar does not have, as any malformed value, instead of rolling it over', () => {
    for (const text of [
      '2026-02-30',
      '2026-02-29T10:00:00Z',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-32',
    ])
      expect(() => parseTimeArg(text), text).toThrow(
        new UsageError(
          `'${text}' is not a time: use an ISO 8601 date or date-time, or an age like 24h or 14d`,
        ),
      );
  });
});
