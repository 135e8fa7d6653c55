/**
 * The SnQL console: write a query (highlighted, checked and completed as you type), run it with
 * Ctrl/Cmd+Enter (and cancel it), read the result in a virtualized grid (or as a line chart when
 * it has a time column), see the SQL it ran, export it, copy a link to it, and come back to it
 * from history or saved queries.
 */
import type { EditorView } from '@codemirror/view';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiTransport } from '../../../src-shared/api.ts';
import type { SnqlResponse, SnqlSuccess } from '../../../src-shared/snql-api.ts';
import { apiKeys, useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { download } from '../../app/download.ts';
import { hrefFor, useRoute } from '../../app/router.ts';
import { base64Blob } from './download.ts';
import { createEditor, replaceDoc, showError } from './editor.ts';
import { examples } from './examples.ts';
import { ResultPanel } from './ResultPanel.tsx';
import { type HistoryEntry, pushHistory, readHistory } from './storage.ts';
import './console.css';

const DRAFT_KEY = 'faultline.snql.draft';

/** A name for one run, so that it can be cancelled. */
function newQueryId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}

/** Asks the server to stop a run; the run itself then answers with a `cancelled` error. */
function cancelRun(transport: ApiTransport, queryId: string | null): void {
  if (queryId) void transport.call('snql.cancel', { queryId }).catch(() => {});
}

/** The address that opens the console with `query` in this app. */
function linkTo(query: string): string {
  return `${window.location.origin}${window.location.pathname}${hrefFor('console', [], { query })}`;
}

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

  // A link's query (`#/console?query=…`, as "Query in console" and "Copy link" build) wins over
  // the draft once: it becomes the draft and leaves the address, so a reload keeps later edits.
  const linkedQuery = useRoute().params.get('query');
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const text = useRef<string>(linkedQuery ?? localStorage.getItem(DRAFT_KEY) ?? exampleList[0]?.query ?? '');
  const [response, setResponse] = useState<SnqlResponse | null>(null);
  /** The query the result on screen came from (the editor may have changed since). */
  const [ranQuery, setRanQuery] = useState('');
  /** The run under way: its id (for snql.cancel); a response of any other run is not shown. */
  const current = useRef<string | null>(null);
  const [running, setRunning] = useState(false);
  const [history, setHistory] = useState<HistoryEntry[]>(readHistory);
  const [notice, setNotice] = useState<string | null>(null);

  const run = useCallback(async () => {
    const query = text.current;
    if (query.trim() === '') return;
    // Running again stops the run under way: only the latest query's answer is shown.
    cancelRun(transport, current.current);
    const queryId = newQueryId();
    current.current = queryId;
    setRunning(true);
    setNotice(null);
    let result: SnqlResponse;
    try {
      result = await transport.call('snql.query', { query, debug: true, queryId });
    } catch (error) {
      result = { error: { type: 'internal', message: (error as Error).message } };
    }
    if (current.current !== queryId) return;
    current.current = null;
    setRunning(false);
    setResponse(result);
    setRanQuery(query);
    setHistory(pushHistory({ query, at: new Date().toISOString(), ok: !('error' in result) }));
    if (view.current) showError(view.current, query, 'error' in result ? result.error : null);
  }, [transport]);
  const runRef = useRef(run);
  runRef.current = run;

  // Ctrl/Cmd+Enter runs from anywhere on the page, not only in the editor (which handles its own first).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || e.defaultPrevented) return;
      e.preventDefault();
      void runRef.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  // The run answers with a `cancelled` error, shown like any other.
  const cancel = () => cancelRun(transport, current.current);

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

  // A link followed (also while the console is open) replaces the editor's text, then leaves the address.
  useEffect(() => {
    if (linkedQuery === null) return;
    if (view.current && linkedQuery !== text.current) replaceDoc(view.current, linkedQuery);
    localStorage.setItem(DRAFT_KEY, linkedQuery);
    window.history.replaceState(null, '', hrefFor('console'));
  }, [linkedQuery]);

  const load = (query: string) => {
    if (view.current) replaceDoc(view.current, query);
    view.current?.focus();
  };

  const copyLink = () => {
    const link = linkTo(text.current);
    navigator.clipboard.writeText(link).then(
      () => setNotice('Link to this query copied'),
      () => setNotice(`Copy this link: ${link}`),
    );
  };

  const success: SnqlSuccess | null = response && !('error' in response) ? response : null;

  const exportParquet = async () => {
    const result = await transport.call('snql.export', { query: ranQuery, format: 'parquet' });
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
        {running && (
          <button type="button" onClick={cancel}>
            Cancel
          </button>
        )}
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
        <button type="button" onClick={copyLink} title="A link that opens the console with this query">
          Copy link
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
          {running && (
            <p className="snql-notice" role="status" data-testid="snql-running">
              {response ? 'Running… (below: the previous run’s answer)' : 'Running…'}
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
            <ResultPanel result={success} ranQuery={ranQuery} onParquet={() => void exportParquet()} />
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
