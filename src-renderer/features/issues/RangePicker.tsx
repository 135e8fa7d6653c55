/**
 * Sentry's page filter "from … to …": an absolute range the list counts and graphs instead of a
 * period, kept in the URL as Sentry's `start` and `end`. The inputs are local time, the URL UTC.
 */
import { useState } from 'react';
import { STATS_PERIODS, type StatsPeriod, type TimeRange } from '../../../src-shared/issues-api.ts';

/** `datetime-local`'s value (local, to the minute) of an instant. */
function localValue(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A range from the URL: both dates readable and start before end, else none (the period applies). */
export function rangeOf(params: URLSearchParams): TimeRange | undefined {
  const start = Date.parse(params.get('start') ?? '');
  const end = Date.parse(params.get('end') ?? '');
  if (Number.isNaN(start) || Number.isNaN(end) || start >= end) return undefined;
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}

/** How a range reads in the toolbar and the column titles. */
export const rangeLabel = (range: TimeRange) =>
  `${localValue(range.start).replace('T', ' ')} – ${localValue(range.end).replace('T', ' ')}`;

export function RangePicker({
  range,
  onApply,
}: {
  range: TimeRange | undefined;
  onApply: (range: TimeRange) => void;
}) {
  const [open, setOpen] = useState(false);
  const dayAgo = new Date(Date.now() - 86_400_000).toISOString();
  const [from, setFrom] = useState(localValue(range?.start ?? dayAgo));
  const [to, setTo] = useState(localValue(range?.end ?? new Date().toISOString()));
  const start = Date.parse(from);
  const end = Date.parse(to);
  const valid = !Number.isNaN(start) && !Number.isNaN(end) && start < end;
  return (
    <span className="range-picker">
      <button type="button" aria-pressed={range !== undefined} onClick={() => setOpen(!open)}>
        {range ? rangeLabel(range) : 'Absolute…'}
      </button>
      {open && (
        <form
          className="range-form"
          aria-label="Absolute date range"
          onSubmit={(e) => {
            e.preventDefault();
            if (!valid) return;
            setOpen(false);
            onApply({ start: new Date(start).toISOString(), end: new Date(end).toISOString() });
          }}
        >
          <label>
            From <input type="datetime-local" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
          </label>
          <label>
            To <input type="datetime-local" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
          </label>
          <button type="submit" disabled={!valid}>
            Apply
          </button>
          {!valid && <span className="muted">The start must be before the end</span>}
        </form>
      )}
    </span>
  );
}

/**
 * The period buttons of a page's filter bar (Sentry's 1h … 90d), the chosen one pressed unless an
 * absolute range applies; with `onRange`, "Absolute…" beside them.
 */
export function PeriodPicker({
  period,
  onPeriod,
  range,
  onRange,
  label = 'Period',
}: {
  period: StatsPeriod;
  onPeriod: (period: StatsPeriod) => void;
  range?: TimeRange | undefined;
  onRange?: (range: TimeRange) => void;
  label?: string;
}) {
  return (
    <fieldset className="periods" aria-label={label}>
      {STATS_PERIODS.map((option) => (
        <button
          key={option}
          type="button"
          aria-pressed={!range && period === option}
          onClick={() => onPeriod(option)}
        >
          {option}
        </button>
      ))}
      {onRange && <RangePicker range={range} onApply={onRange} />}
    </fieldset>
  );
}

/** A period from the URL, else the page's default. */
export const periodOf = (value: string | null, fallback: StatsPeriod): StatsPeriod =>
  STATS_PERIODS.find((period) => period === value) ?? fallback;
