/**
 * Outcomes as Sentry's Stats page shows them: per data category, in its unit (attachments and logs
 * in bytes), how much was accepted, filtered, rate limited, invalid or discarded by the SDK, with the
 * reasons of what was dropped and the days of one category.
 */
import { useState } from 'react';
import type { OutcomeRow } from '../../../src-shared/api.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import {
  type CategoryInfo,
  COLUMN_TITLES,
  COLUMNS,
  type Column,
  categoryInfo,
  columnOf,
  compareCategories,
  emptyColumns,
  formatQuantity,
  reasonGroup,
  totalsByCategory,
} from './categories.ts';

const RANGES = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const;
type Range = keyof typeof RANGES;

function Quantity({ value, info }: { value: number; info: CategoryInfo }) {
  const exact =
    info.unit === 'bytes' ? `${value} bytes` : info.unit === 'duration' ? `${value} ms` : undefined;
  return <span title={exact}>{formatQuantity(value, info.unit)}</span>;
}

interface ReasonRow {
  info: CategoryInfo;
  column: Column;
  group: string;
  reasons: Set<string>;
  quantity: number;
}

/** What was not accepted, per category, column and Sentry's reason group. */
function droppedByReason(rows: readonly OutcomeRow[]): ReasonRow[] {
  const byKey = new Map<string, ReasonRow>();
  for (const row of rows) {
    if (row.outcome === 'accepted') continue;
    const info = categoryInfo(row.category);
    const column = columnOf(row.outcome);
    const group = reasonGroup(row.outcome, row.reason);
    const key = JSON.stringify([info.key, column, group]);
    const entry = byKey.get(key) ?? { info, column, group, reasons: new Set(), quantity: 0 };
    entry.reasons.add(row.reason);
    entry.quantity += row.quantity;
    byKey.set(key, entry);
  }
  return [...byKey.values()].sort(
    (a, b) =>
      compareCategories(a.info.key, b.info.key) ||
      COLUMNS.indexOf(a.column) - COLUMNS.indexOf(b.column) ||
      b.quantity - a.quantity,
  );
}

/** One category's outcomes per day (UTC), newest first. */
function byDay(rows: readonly OutcomeRow[], category: string) {
  const days = new Map<string, Record<Column, number>>();
  for (const row of rows) {
    if (categoryInfo(row.category).key !== category) continue;
    const day = row.hour.slice(0, 10);
    const entry = days.get(day) ?? emptyColumns();
    entry[columnOf(row.outcome)] += row.quantity;
    days.set(day, entry);
  }
  return [...days.entries()].sort(([a], [b]) => b.localeCompare(a));
}

export function OutcomesPage() {
  const [range, setRange] = useState<Range>('7d');
  const [picked, setPicked] = useState('error');
  // Whole hours, so the query key stays the same across renders within the hour.
  const since = Math.floor((Date.now() - RANGES[range]) / 3_600_000) * 3_600_000;
  const outcomes = useApiQuery('outcomes.list', { since });
  const rows = outcomes.data ?? [];
  const totals = totalsByCategory(rows);
  const dropped = droppedByReason(rows);
  const dayInfo = categoryInfo(picked);
  return (
    <section>
      <h1>Outcomes</h1>
      <p className="muted">
        What happened to everything SDKs sent (Relay's outcomes), per data category, as Sentry's Stats page
        counts it: errors include default and security events, rate limited includes abuse and cardinality
        limits.
      </p>
      <fieldset className="periods" aria-label="Range">
        {(Object.keys(RANGES) as Range[]).map((r) => (
          <button key={r} type="button" aria-pressed={r === range} onClick={() => setRange(r)}>
            {r}
          </button>
        ))}
      </fieldset>
      {outcomes.error && <ErrorNote error={outcomes.error} />}
      <table className="events-table" aria-label="Outcomes by category">
        <thead>
          <tr>
            <th>Category</th>
            <th>Total</th>
            {COLUMNS.map((column) => (
              <th key={column}>{COLUMN_TITLES[column]}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {totals.map(({ info, byColumn, total }) => (
            <tr key={info.key} data-category={info.key}>
              <td>{info.title}</td>
              <td>
                <Quantity value={total} info={info} />
              </td>
              {COLUMNS.map((column) => (
                <td key={column}>
                  <Quantity value={byColumn[column]} info={info} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="empty">No outcomes in this range.</p>}
      {dropped.length > 0 && (
        <>
          <h2>Dropped, by reason</h2>
          <table className="events-table" aria-label="Dropped by reason">
            <thead>
              <tr>
                <th>Category</th>
                <th>Outcome</th>
                <th>Reason</th>
                <th>Quantity</th>
              </tr>
            </thead>
            <tbody>
              {dropped.map((row) => (
                <tr key={`${row.info.key} ${row.column} ${row.group}`}>
                  <td>{row.info.title}</td>
                  <td>{COLUMN_TITLES[row.column]}</td>
                  <td title={[...row.reasons].filter(Boolean).join(', ')}>{row.group || '—'}</td>
                  <td>
                    <Quantity value={row.quantity} info={row.info} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h2>By day</h2>
      <label>
        Category{' '}
        <select
          aria-label="Category by day"
          value={picked}
          onChange={(event) => setPicked(event.currentTarget.value)}
        >
          {[...new Set(['error', ...totals.map((entry) => entry.info.key)])].map((key) => (
            <option key={key} value={key}>
              {categoryInfo(key).title}
            </option>
          ))}
        </select>
      </label>
      <table className="events-table" aria-label="Outcomes by day">
        <thead>
          <tr>
            <th>Day (UTC)</th>
            {COLUMNS.map((column) => (
              <th key={column}>{COLUMN_TITLES[column]}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {byDay(rows, picked).map(([day, counts]) => (
            <tr key={day}>
              <td>{day}</td>
              {COLUMNS.map((column) => (
                <td key={column}>
                  <Quantity value={counts[column]} info={dayInfo} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
