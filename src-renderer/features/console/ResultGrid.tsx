/** A virtualized result grid: column names with their types, one absolutely positioned row per visible result. */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { SnqlMeta, SnqlRow, SnqlValue } from '../../../src-shared/snql-api.ts';

const ROW_HEIGHT = 26;

export function cellText(value: SnqlValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function ResultGrid({ meta, rows }: { meta: SnqlMeta[]; rows: SnqlRow[] }) {
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
                {meta.map((m) => {
                  const value = row[m.name];
                  const shown = value === null ? 'NULL' : cellText(value);
                  // A cell shows one line; the whole value (a long title, a tuple) is its tooltip.
                  return (
                    <div
                      key={m.name}
                      className={`snql-grid-cell${value === null ? ' snql-null' : ''}`}
                      title={shown}
                    >
                      {shown}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
