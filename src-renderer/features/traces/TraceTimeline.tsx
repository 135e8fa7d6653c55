/**
 * A trace on one time axis, as Sentry's trace view draws it: its transactions and errors in time
 * order, each error a link to its event, each transaction opening onto its span waterfall. Shown by
 * an event's Trace section and by the Traces page.
 */
import { useState } from 'react';
import type { EventTrace, TraceError, TraceSpan, TraceTransaction } from '../../../src-shared/trace-api.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { hrefFor } from '../../app/router.ts';
import { LevelBadge } from '../issues/LevelBadge.tsx';
import './trace.css';

/** `1.24s`, `380ms`, `0.4ms`, as Sentry writes durations in the trace. */
export function formatDuration(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)}s`;
  if (ms >= 10) return `${Math.round(ms)}ms`;
  return `${ms.toFixed(1)}ms`;
}

/** The time axis of the trace: from its first start to its last end. */
interface Axis {
  start: number;
  span: number;
}

function axisOf(trace: EventTrace): Axis {
  const times = [
    ...trace.errors.map((e) => Date.parse(e.timestamp)),
    ...trace.transactions.flatMap((t) => [Date.parse(t.start), Date.parse(t.end)]),
  ];
  const start = Math.min(...times);
  return { start, span: Math.max(1, Math.max(...times) - start) };
}

/** A bar (or, for an instant, a mark) at its place on the axis. */
function Bar({ axis, start, end, kind }: { axis: Axis; start: number; end: number; kind: string }) {
  const left = ((start - axis.start) / axis.span) * 100;
  const width = ((end - start) / axis.span) * 100;
  return (
    <span className="trace-lane" aria-hidden="true">
      <span
        className={`trace-bar trace-bar-${kind}`}
        style={{
          left: `${Math.min(left, 100)}%`,
          width: kind === 'error' ? undefined : `${Math.max(width, 0.5)}%`,
        }}
      />
    </span>
  );
}

function offset(axis: Axis, at: number): string {
  return `+${formatDuration(at - axis.start)}`;
}

function ErrorRow({ error, axis }: { error: TraceError; axis: Axis }) {
  const at = Date.parse(error.timestamp);
  const label = (
    <>
      {error.shortId && <code>{error.shortId}</code>} {error.title}
    </>
  );
  return (
    <li
      className={`trace-row trace-error${error.isCurrent ? ' trace-current' : ''}`}
      data-testid="trace-error"
      aria-current={error.isCurrent ? 'true' : undefined}
    >
      <span className="trace-label">
        <LevelBadge level={error.level} />{' '}
        {error.isCurrent || error.groupId === null ? (
          <span className="user-text">{label}</span>
        ) : (
          <a href={hrefFor('issues', [error.groupId, 'events', error.eventId])}>{label}</a>
        )}
        {error.isCurrent && <span className="muted"> (this event)</span>}
        <span className="muted trace-project"> {error.projectSlug}</span>
      </span>
      <span className="trace-time muted" title={error.timestamp}>
        {offset(axis, at)}
      </span>
      <Bar axis={axis} start={at} end={at} kind="error" />
    </li>
  );
}

function SpanRows({
  traceId,
  transaction,
  axis,
}: {
  traceId: string;
  transaction: TraceTransaction;
  axis: Axis;
}) {
  const which = transaction.eventId ? { eventId: transaction.eventId } : { spanId: transaction.spanId };
  const spans = useApiQuery('events.traceSpans', { traceId, timestamp: transaction.start, ...which });
  if (spans.error) return <ErrorNote error={spans.error} />;
  if (!spans.data) return <p className="muted">loading spans…</p>;
  if (spans.data.spans.length === 0) return <p className="muted">No child spans.</p>;
  const depth = depths(transaction.spanId, spans.data.spans);
  return (
    <ol className="trace-spans" aria-label={`Spans of ${transaction.name}`}>
      {spans.data.spans.map((span) => (
        <li key={span.spanId} className="trace-row trace-span" data-testid="trace-span">
          <span className="trace-label" style={{ paddingLeft: `${(depth.get(span.spanId) ?? 1) * 12}px` }}>
            {span.op && <strong>{span.op}</strong>} <span className="user-text">{span.description}</span>
            {span.status && span.status !== 'ok' && <span className="trace-status"> {span.status}</span>}
          </span>
          <span className="trace-time muted">{formatDuration(span.durationMs)}</span>
          <Bar axis={axis} start={Date.parse(span.start)} end={Date.parse(span.end)} kind="span" />
        </li>
      ))}
    </ol>
  );
}

/** How deep each span sits under the transaction's root span (1 for its direct children). */
function depths(rootId: string, spans: readonly TraceSpan[]): Map<string, number> {
  const parents = new Map(spans.map((span) => [span.spanId, span.parentSpanId]));
  const result = new Map<string, number>();
  for (const span of spans) {
    let depth = 1;
    let parent = span.parentSpanId;
    while (parent && parent !== rootId && parents.has(parent) && depth < 20) {
      depth += 1;
      parent = parents.get(parent) ?? null;
    }
    result.set(span.spanId, depth);
  }
  return result;
}

function TransactionRow({
  traceId,
  transaction,
  axis,
  initiallyOpen,
}: {
  traceId: string;
  transaction: TraceTransaction;
  axis: Axis;
  initiallyOpen: boolean;
}) {
  const [open, setOpen] = useState(initiallyOpen);
  const start = Date.parse(transaction.start);
  return (
    <li className="trace-row-group" data-testid="trace-transaction">
      <div className="trace-row trace-transaction">
        <span className="trace-label">
          <button
            type="button"
            className="link-button"
            aria-expanded={open}
            title={open ? 'hide its spans' : 'show its spans'}
            onClick={() => setOpen(!open)}
          >
            {open ? '▾' : '▸'} {transaction.name}
          </button>
          {transaction.op && <span className="muted user-text"> {transaction.op}</span>}
          {transaction.status && transaction.status !== 'ok' && (
            <span className="trace-status"> {transaction.status}</span>
          )}
          <span className="muted trace-project"> {transaction.projectSlug}</span>
          <span className="muted">
            {' '}
            · {transaction.spanCount} {transaction.spanCount === 1 ? 'span' : 'spans'}
          </span>
        </span>
        <span className="trace-time muted" title={`${transaction.start} – ${transaction.end}`}>
          {offset(axis, start)} · {formatDuration(transaction.durationMs)}
        </span>
        <Bar axis={axis} start={start} end={Date.parse(transaction.end)} kind="transaction" />
      </div>
      {open && <SpanRows traceId={traceId} transaction={transaction} axis={axis} />}
    </li>
  );
}

type Row =
  | { kind: 'error'; at: number; error: TraceError }
  | { kind: 'transaction'; at: number; transaction: TraceTransaction };

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What the trace holds: from an event's page, the errors besides it. */
function summary(trace: EventTrace, ofEvent: boolean): string {
  const others = trace.errors.filter((e) => !e.isCurrent).length;
  const parts = [
    !ofEvent
      ? trace.errors.length === 0
        ? 'no errors'
        : plural(trace.errors.length, 'error', 'errors')
      : others === 0
        ? 'no other errors'
        : `${others} other ${others === 1 ? 'error' : 'errors'}`,
    `${trace.transactions.length} ${trace.transactions.length === 1 ? 'transaction' : 'transactions'}`,
  ];
  return `${parts.join(' and ')} in this trace${trace.truncated ? ' (the first 100 of each shown)' : ''}`;
}

/**
 * The trace on one time axis. `ofEvent`: shown on an event's page (the event among the errors, and
 * alone when nothing else shares its trace).
 */
export function TraceTimeline({
  trace,
  traceId,
  ofEvent,
  openSpanId,
}: {
  trace: EventTrace;
  traceId: string;
  ofEvent: boolean;
  /** The transaction (by its span id) shown with its spans open. */
  openSpanId?: string;
}) {
  if (ofEvent && trace.errors.length <= 1 && trace.transactions.length === 0)
    return (
      <p className="muted" data-testid="trace-alone">
        This event is the only one in its trace.
      </p>
    );
  const axis = axisOf(trace);
  const rows: Row[] = [
    ...trace.transactions.map((t): Row => ({ kind: 'transaction', at: Date.parse(t.start), transaction: t })),
    ...trace.errors.map((e): Row => ({ kind: 'error', at: Date.parse(e.timestamp), error: e })),
  ].sort((a, b) => a.at - b.at || (a.kind === b.kind ? 0 : a.kind === 'transaction' ? -1 : 1));
  return (
    <>
      <p className="muted" data-testid="trace-summary">
        {summary(trace, ofEvent)} · {formatDuration(axis.span)}
      </p>
      <ol className="trace-timeline">
        {rows.map((row) =>
          row.kind === 'error' ? (
            <ErrorRow key={`e${row.error.eventId}`} error={row.error} axis={axis} />
          ) : (
            <TransactionRow
              key={`t${row.transaction.projectId}:${row.transaction.spanId}`}
              traceId={traceId}
              transaction={row.transaction}
              axis={axis}
              initiallyOpen={row.transaction.spanId === openSpanId}
            />
          ),
        )}
      </ol>
    </>
  );
}
