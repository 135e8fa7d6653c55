/**
 * A virtualized result grid: column names with their types (Snuba's `meta`), one absolutely positioned
 * row per visible result, and the TOTALS row.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { SnqlMeta, SnqlRow, SnqlValue } from '../../../src-shared/snql-api.ts';

const ROW_HEIGHT = 26;

export function cellText(value: SnqlValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** One line of values; the whole value (a long title, a tuple) is the cell's tooltip. */
function Cells({ meta, row }: { meta: SnqlMeta[]; row: SnqlRow }) {
  return meta.map((m) => {
    const value = row[m.name];
    const shown = value === null ? 'NULL' : cellText(value);
    return (
      <div key={m.name} className={`snql-grid-cell${value === null ? ' snql-null' : ''}`} title={shown}>
        {shown}
      </div>
    );
  });
}

/** The grid; `totals` (TOTALS true) is a row of its own under the others, always in view. */
export function ResultGrid({ meta, rows, totals }: { meta: SnqlMeta[]; rows: SnqlRow[]; totals?: SnqlRow }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const template = `repeat(${Math.max(meta.length, 1)}, minmax(140px, 1fr))`;
  return (
    <section className="snql-grid" aria-label="Query result" data-testid="snql-grid">
      <div ref={scroller} className="snql-grid-scroll">
        <div className="snql-grid-head" style={{ gridTemplateColumns: template }}>
          {meta.map((m) => (
            <div
              key={m.name}
              data-testid="snql-colhead"
              className="snql-grid-cell"
              title={`${m.name}: ${m.type}`}
            >
              <span className="snql-col-name">{m.name}</span> <span className="snql-col-type">{m.type}</span>
            </div>
          ))}
        </div>
        {rows.length === 0 && (
          <p className="snql-empty" data-testid="snql-empty">
            No rows: nothing matches this query in its time range.
          </p>
        )}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index] ?? {};
            return (
              <div
                key={item.key}
                data-testid="snql-row"
                className="snql-grid-row"
                style={{
                  gridTemplateColumns: template,
                  transform: `translateY(${item.start}px)`,
                  height: ROW_HEIGHT,
                }}
              >
                <Cells meta={meta} row={row} />
              </div>
            );
          })}
        </div>
        {totals && (
          <div
            className="snql-grid-totals"
            data-testid="snql-totals"
            style={{ gridTemplateColumns: template }}
            title="TOTALS: the aggregates over all rows (grouping keys at their defaults)"
          >
            <Cells meta={meta} row={totals} />
          </div>
        )}
      </div>
    </section>
  );
}
