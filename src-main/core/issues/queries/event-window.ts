/**
 * Sentry's `date:` (alias `event.timestamp:`) and `timestamp:` in the issue search: not conditions of
 * their own but bounds of the time range the search looks at (`calculate_start_end` of Sentry's search
 * executor). An issue is then found, and sorted, by its events in [start, end): start the latest of the
 * period's start and the lower bounds, end the earliest upper bound. The counts shown stay the period's.
 */
import type { ParsedSearch } from '../../../../src-shared/issue-search/index.ts';

export interface EventWindow {
  /** Inclusive, ms. */
  start: number;
  /** Exclusive, ms; null when no bound was given. */
  end: number | null;
}

/** The window the search's date filters leave of the period that starts at `since`; null without any. */
export function eventWindow(search: ParsedSearch, since: number, now: number): EventWindow | null {
  const dates = search.filters.filter((filter) => filter.kind === 'date' && filter.field === 'date');
  if (dates.length === 0) return null;
  let start = since;
  let end: number | null = null;
  const upper = (bound: number) => {
    end = end === null ? bound : Math.min(end, bound);
  };
  for (const filter of dates) {
    if (filter.kind !== 'date') continue;
    const ms = filter.value.type === 'relative' ? now + filter.value.ms : filter.value.ms;
    switch (filter.op) {
      case '=':
        // An absolute date means the whole day (or second) written; the parser gives no relative `=`.
        start = Math.max(start, ms);
        upper(ms + (filter.value.type === 'absolute' ? filter.value.durationMs : 1));
        break;
      case '>=':
        start = Math.max(start, ms);
        break;
      case '>':
        start = Math.max(start, ms + 1);
        break;
      case '<':
        upper(ms);
        break;
      case '<=':
        upper(ms + 1);
        break;
      case '!=':
        // The parser refuses `!=` on dates.
        break;
    }
  }
  return { start, end };
}

/** Whether no event can be in the window (Sentry then answers with no issues). */
export const isEmptyWindow = (window: EventWindow | null): boolean =>
  window !== null && window.end !== null && window.start >= window.end;
