/**
 * The SnQL console: write a query (highlighted, checked and completed as you type), run it with
 * Ctrl/Cmd+Enter, read the result in a virtualized grid (or as a line chart when it has a time
 * column), see the SQL it ran, export it, and come back to it from history or saved queries.
 */
import type { EditorView } from '@codemirror/view';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SnqlResponse, SnqlSuccess } from '../../../src-shared/snql-api.ts';
import { apiKeys, useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { download } from '../../app/download.ts';
import { hrefFor, useRoute } from '../../app/router.ts';
import { base64Blob, toCsv, toJsonLines } from './download.ts';
import { createEditor, replaceDoc, showError } from './editor.ts';
import { examples } from './examples.ts';
import { LineChart, numericColumns, timeColumn } from './LineChart.tsx';
import { ResultGrid } from './ResultGrid.tsx';
import { type HistoryEntry, pushHistory, readHistory } from './storage.ts';
import './console.css';

const DRAFT_KEY = 'faultline.snql.draft';

export function ConsolePage() {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const projects = useApiQuery('projects.list', {});
  const projectId = projects.data?.[0]?.id ?? 1;
  const exampleList = useMemo(() => examples(projectId), [projectId]);
  const saved = useApiQuery('snql.saved.list', {});
  const saveQuery = useApiMutation('snql.saved.save', {
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: apiKeys.method('snql.saved.list') }),
  });
  const deleteQuery = useApiMutation('snql.saved.delete', {
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: apiKeys.method('snql.saved.list') }),
  });

  // A link's query (`#/console?query=…`, as "Query in console" builds) wins over the draft.
  const linkedQuery = useRoute().params.get('query');
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const text = useRef<string>(linkedQuery ?? localStorage.getItem(DRAFT_KEY) ?? exampleList[0]?.query ?? '');
  const [response, setResponse] = useState<SnqlResponse | null>(null);
  /** The query the result on screen came from (the editor may have changed since). */
  const [ranQuery, setRanQuery] = useState('');
  const [running, setRunning] = useState(false);
  const [tab, setTab] = useState<'grid' | 'chart' | 'sql'>('grid');
  const [history, setHistory] = useState<HistoryEntry[]>(readHistory);
  const [notice, setNotice] = useState<string | null>(null);

  const run = useCallback(async () => {
    const query = text.current;
    if (query.trim() === '') return;
    setRunning(true);
    try {
      const result = await transport.call('snql.query', { query, debug: true });
      setResponse(result);
      setRanQuery(query);
      setHistory(pushHistory({ query, at: new Date().toISOString(), ok: !('error' in result) }));
      if ('error' in result && view.current) showError(view.current, result.error);
    } catch (error) {
      setResponse({ error: { type: 'internal', message: (error as Error).message } });
    } finally {
      setRunning(false);
    }
  }, [transport]);
  const runRef = useRef(run);
  runRef.current = run;

  useEffect(() => {
    if (!host.current) return;
    const editor = createEditor(host.current, {
      doc: text.current,
      onChange: (next) => {
        text.current = next;
        localStorage.setItem(DRAFT_KEY, next);
      },
      onRun: () => void runRef.current(),
      loadTagKeys: (subscriptable, prefix) =>
        transport.call('snql.tagKeys', { subscriptable, prefix, limit: 100 }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
  }, [transport]);

  // Another link followed while the console is open replaces the editor's text too.
  useEffect(() => {
    if (linkedQuery !== null && view.current && linkedQuery !== text.current)
      replaceDoc(view.current, linkedQuery);
  }, [linkedQuery]);

  const load = (query: string) => {
    if (view.current) replaceDoc(view.current, query);
    view.current?.focus();
  };

  const success: SnqlSuccess | null = response && !('error' in response) ? response : null;
  const chartable = success
    ? Boolean(timeColumn(success.meta)) && numericColumns(success.meta).length > 0
    : false;

  const exportParquet = async () => {
    const result = await transport.call('snql.export', { query: text.current, format: 'parquet' });
    if ('error' in result) setNotice(`export failed: ${result.error.message}`);
    else download(result.filename, base64Blob(result.base64, result.contentType));
  };

  return (
    <section className="snql-console">
      <header className="snql-toolbar">
        <h1>Console</h1>
        <button type="button" onClick={() => void run()} disabled={running} title="Ctrl/Cmd+Enter">
          {running ? 'Running…' : 'Run'}
        </button>
        <select
          aria-label="Examples"
          value=""
          onChange={(e) => {
            const example = exampleList.find((x) => x.label === e.target.value);
            if (example) load(example.query);
          }}
        >
          <option value="">Examples…</option>
          {exampleList.map((x) => (
            <option key={x.label} value={x.label}>
              {x.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          onClick={() => {
            const name = window.prompt('Save query as');
            if (name) saveQuery.mutate({ name, query: text.current });
          }}
        >
          Save
        </button>
      </header>
      <div className="snql-layout">
        <div className="snql-main">
          <div ref={host} className="snql-editor" />
          {notice && (
            <p className="snql-notice" role="status">
              {notice}
            </p>
          )}
          {response && 'error' in response && (
            <div className="snql-error" role="alert" data-testid="snql-error">
              <strong>{response.error.type}</strong>
              {response.error.errorClass ? ` (${response.error.errorClass})` : ''}: {response.error.message}
              {response.error.span
                ? ` at line ${response.error.span.line}, column ${response.error.span.column}`
                : ''}
            </div>
          )}
          {success && (
            <div className="snql-result">
              <div className="snql-result-bar">
                <span data-testid="snql-summary">
                  {success.data.length} row{success.data.length === 1 ? '' : 's'}
                  {success.truncated ? ' (truncated)' : ''} · {success.timing.duration_ms} ms
                </span>
                <span className="snql-tabs" role="tablist">
                  <button
                    type="button"
                    role="tab"
                    aria-selected={tab === 'grid'}
                    onClick={() => setTab('grid')}
                  >
                    Table
                  </button>
                  <button
                    type="button"
                    role="tab"
                    aria-selected={tab === 'chart'}
                    disabled={!chartable}
                    onClick={() => setTab('chart')}
                  >
                    Chart
                  </button>
                  <button
                    type="button"
                    role="tab"
                    aria-selected={tab === 'sql'}
                    onClick={() => setTab('sql')}
                  >
                    Show SQL
                  </button>
                </span>
                <span className="snql-export">
                  Export:{' '}
                  <button
                    type="button"
                    onClick={() =>
                      download('snql-result.csv', new Blob([toCsv(success)], { type: 'text/csv' }))
                    }
                  >
                    CSV
                  </button>
                  <button
                    type="button"
                    onClick={() =>
                      download(
                        'snql-result.jsonl',
                        new Blob([toJsonLines(success)], { type: 'application/jsonl' }),
                      )
                    }
                  >
                    JSONL
                  </button>
                  <button type="button" onClick={() => void exportParquet()}>
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
              {tab === 'grid' && <ResultGrid meta={success.meta} rows={success.data} />}
              {tab === 'chart' && chartable && <LineChart meta={success.meta} rows={success.data} />}
              {tab === 'sql' && (
                <pre className="snql-sql" data-testid="snql-sql">
                  {success.sql}
                  {'\n'}
                  {(success.params ?? [])
                    .map((p, i) => `-- $${i + 1} = ${JSON.stringify(p.value)} (${p.type})\n`)
                    .join('')}
                </pre>
              )}
            </div>
          )}
        </div>
        <aside className="snql-side">
          <h2>Saved</h2>
          <ul>
            {(saved.data ?? []).map((q) => (
              <li key={q.id}>
                <button type="button" className="snql-link" onClick={() => load(q.query)} title={q.query}>
                  {q.name}
                </button>
                <button
                  type="button"
                  aria-label={`Delete ${q.name}`}
                  onClick={() => deleteQuery.mutate({ id: q.id })}
                >
                  ×
                </button>
              </li>
            ))}
            {saved.data?.length === 0 && <li className="muted">none yet</li>}
          </ul>
          <h2>History</h2>
          <ul>
            {history.map((h) => (
              <li key={`${h.at}${h.query}`}>
                <button type="button" className="snql-link" onClick={() => load(h.query)} title={h.query}>
                  {h.ok ? '' : '⚠ '}
                  {h.query.replace(/\s+/g, ' ').slice(0, 60)}
                </button>
              </li>
            ))}
          </ul>
        </aside>
      </div>
    </section>
  );
}
