/** Outcomes per data category over time: what was accepted, filtered, invalid, rate limited, discarded. */
import { useState } from 'react';
import type { OutcomeName, OutcomeRow } from '../../../src-shared/api.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';

const OUTCOMES: OutcomeName[] = [
  'accepted',
  'filtered',
  'invalid',
  'rate_limited',
  'client_discard',
  'abuse',
  'cardinality_limited',
];
const RANGES = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const;
type Range = keyof typeof RANGES;

function totals(rows: OutcomeRow[]) {
  const byCategory = new Map<string, Record<string, number>>();
  for (const row of rows) {
    const entry = byCategory.get(row.category) ?? {};
    entry[row.outcome] = (entry[row.outcome] ?? 0) + row.quantity;
    byCategory.set(row.category, entry);
  }
  return [...byCategory.entries()].sort(([a], [b]) => a.localeCompare(b));
}

function byDay(rows: OutcomeRow[]) {
  const days = new Map<string, Record<string, number>>();
  for (const row of rows) {
    const day = row.hour.slice(0, 10);
    const entry = days.get(day) ?? {};
    entry[row.outcome] = (entry[row.outcome] ?? 0) + row.quantity;
    days.set(day, entry);
  }
  return [...days.entries()].sort(([a], [b]) => b.localeCompare(a));
}

export function OutcomesPage() {
  const [range, setRange] = useState<Range>('7d');
  // Whole hours, so the query key stays the same across renders within the hour.
  const since = Math.floor((Date.now() - RANGES[range]) / 3_600_000) * 3_600_000;
  const outcomes = useApiQuery('outcomes.list', { since });
  const rows = outcomes.data ?? [];
  return (
    <section>
      <h1>Outcomes</h1>
      <p className="muted">What happened to everything SDKs sent (Relay's outcomes), per data category.</p>
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
            {OUTCOMES.map((o) => (
              <th key={o}>{o.replace('_', ' ')}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {totals(rows).map(([category, counts]) => (
            <tr key={category}>
              <td>{category}</td>
              {OUTCOMES.map((o) => (
                <td key={o}>{counts[o] ?? 0}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <h2>By day</h2>
      <table className="events-table" aria-label="Outcomes by day">
        <thead>
          <tr>
            <th>Day (UTC)</th>
            {OUTCOMES.map((o) => (
              <th key={o}>{o.replace('_', ' ')}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {byDay(rows).map(([day, counts]) => (
            <tr key={day}>
              <td>{day}</td>
              {OUTCOMES.map((o) => (
                <td key={o}>{counts[o] ?? 0}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="empty">No outcomes in this range.</p>}
    </section>
  );
}
