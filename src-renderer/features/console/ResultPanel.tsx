/**
 * A successful run: rows, elapsed time and result bar (table, chart, the SQL that ran), and the
 * exports of it (CSV and JSON Lines of the rows on screen, Parquet from the server, full export).
 */
import { useState } from 'react';
import type { SnqlSuccess } from '../../../src-shared/snql-api.ts';
import { download } from '../../app/download.ts';
import { hrefFor } from '../../app/router.ts';
import { toCsv, toJsonLines } from './download.ts';
import { LineChart, numericColumns, timeColumn } from './LineChart.tsx';
import { ResultGrid } from './ResultGrid.tsx';

export function ResultPanel({
  result,
  ranQuery,
  onParquet,
}: {
  result: SnqlSuccess;
  /** The query the result came from (the editor may have changed since). */
  ranQuery: string;
  onParquet(): void;
}) {
  const [tab, setTab] = useState<'grid' | 'chart' | 'sql'>('grid');
  const chartable = Boolean(timeColumn(result.meta)) && numericColumns(result.meta).length > 0;
  const shown = tab === 'chart' && !chartable ? 'grid' : tab;
  const rows = result.data.length;
  return (
    <div className="snql-result">
      <div className="snql-result-bar">
        <span data-testid="snql-summary">
          {rows} row{rows === 1 ? '' : 's'}
          {result.truncated ? ' (truncated)' : ''} · {result.timing.duration_ms} ms
        </span>
        <span className="snql-tabs" role="tablist">
          <button type="button" role="tab" aria-selected={shown === 'grid'} onClick={() => setTab('grid')}>
            Table
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={shown === 'chart'}
            disabled={!chartable}
            onClick={() => setTab('chart')}
          >
            Chart
          </button>
          <button type="button" role="tab" aria-selected={shown === 'sql'} onClick={() => setTab('sql')}>
            Show SQL
          </button>
        </span>
        <span className="snql-export">
          Export:{' '}
          <button
            type="button"
            onClick={() => download('snql-result.csv', new Blob([toCsv(result)], { type: 'text/csv' }))}
          >
            CSV
          </button>
          <button
            type="button"
            onClick={() =>
              download('snql-result.jsonl', new Blob([toJsonLines(result)], { type: 'application/jsonl' }))
            }
          >
            JSONL
          </button>
          <button type="button" onClick={onParquet}>
            Parquet
          </button>
          <a
            className="export-link"
            href={hrefFor('export', [], { snql: ranQuery })}
            title="Export every row of this query (not only those on screen), with progress"
          >
            Full export…
          </a>
        </span>
      </div>
      {shown === 'grid' && (
        <ResultGrid
          meta={result.meta}
          rows={result.data}
          {...(result.totals ? { totals: result.totals } : {})}
        />
      )}
      {shown === 'chart' && <LineChart meta={result.meta} rows={result.data} />}
      {shown === 'sql' && (
        <pre className="snql-sql" data-testid="snql-sql">
          {result.sql}
          {'\n'}
          {(result.params ?? [])
            .map((p, i) => `-- $${i + 1} = ${JSON.stringify(p.value)} (${p.type})\n`)
            .join('')}
        </pre>
      )}
    </div>
  );
}
