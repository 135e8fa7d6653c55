/**
 * A trace on one time axis, as Sentry's trace view draws it: its transactions and errors as a tree
 * (trace-tree.ts: a transaction under the one that called it, an error under its transaction,
 * siblings in time order), each error a link to its event, each transaction opening onto its span
 * tree. Shown by an event's Trace section and by the Traces page.
 */
import { useState } from 'react';
import {
  type EventTrace,
  type TraceError,
  WEB_VITALS,
  type WebVitalName,
  type WebVitals,
} from '../../../src-shared/trace-api.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { hrefFor } from '../../app/router.ts';
import { LevelBadge } from '../issues/LevelBadge.tsx';
import { profileHref } from '../profiles/links.ts';
import { spanWaterfall, type TraceNode, traceTree } from './trace-tree.ts';
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

/** A row's label indented to its depth in the tree. */
const indent = (depth: number) => (depth > 0 ? { paddingLeft: `${depth * 12}px` } : undefined);

function ErrorRow({ error, axis, depth }: { error: TraceError; axis: Axis; depth: number }) {
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
      <span className="trace-label" style={indent(depth)}>
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

interface NodeProps {
  traceId: string;
  axis: Axis;
  depth: number;
  openSpanId: string | undefined;
}

/** A transaction (with what is under it) or an error, at its depth in the trace. */
function NodeRow({ node, ...props }: NodeProps & { node: TraceNode }) {
  return node.kind === 'error' ? (
    <ErrorRow error={node.error} axis={props.axis} depth={props.depth} />
  ) : (
    <TransactionRow node={node} {...props} />
  );
}

const nodeKey = (node: TraceNode) =>
  node.kind === 'error'
    ? `e${node.error.projectId}:${node.error.eventId}`
    : `t${node.transaction.projectId}:${node.transaction.spanId}`;

/** A transaction's spans as a tree, its child transactions and errors under the spans they came from. */
function SpanRows({ node, traceId, axis, depth, openSpanId }: NodeProps & { node: TransactionNode }) {
  const { transaction } = node;
  const which = transaction.eventId ? { eventId: transaction.eventId } : { spanId: transaction.spanId };
  const spans = useApiQuery('events.traceSpans', { traceId, timestamp: transaction.start, ...which });
  if (spans.error) return <ErrorNote error={spans.error} />;
  if (!spans.data) return <p className="muted">loading spans…</p>;
  const rows = spanWaterfall(transaction.spanId, spans.data.spans, node.children);
  return (
    <>
      {spans.data.spans.length === 0 && <p className="muted">No child spans.</p>}
      {rows.length > 0 && (
        <ol className="trace-spans" aria-label={`Spans of ${transaction.name}`}>
          {rows.map((row) =>
            row.kind === 'node' ? (
              <NodeRow
                key={nodeKey(row.node)}
                node={row.node}
                traceId={traceId}
                axis={axis}
                depth={depth + row.depth}
                openSpanId={openSpanId}
              />
            ) : (
              <li key={row.span.spanId} className="trace-row trace-span" data-testid="trace-span">
                <span className="trace-label" style={indent(depth + row.depth)}>
                  {row.span.op && <strong>{row.span.op}</strong>}{' '}
                  <span className="user-text">{row.span.description}</span>
                  {row.span.status && row.span.status !== 'ok' && (
                    <span className="trace-status"> {row.span.status}</span>
                  )}
                </span>
                <span className="trace-time muted" title={`self time ${formatDuration(row.selfMs)}`}>
                  {formatDuration(row.span.durationMs)}
                </span>
                <Bar
                  axis={axis}
                  start={Date.parse(row.span.start)}
                  end={Date.parse(row.span.end)}
                  kind="span"
                />
              </li>
            ),
          )}
        </ol>
      )}
    </>
  );
}

const WEB_VITAL_NAMES: Record<WebVitalName, string> = {
  lcp: 'Largest Contentful Paint',
  fcp: 'First Contentful Paint',
  fp: 'First Paint',
  inp: 'Interaction to Next Paint',
  fid: 'First Input Delay',
  cls: 'Cumulative Layout Shift',
  ttfb: 'Time To First Byte',
};

/**
 * An opened page load's or navigation's web vitals, as Sentry's trace view details a transaction: each
 * by its acronym (its name in the tooltip), in milliseconds as the trace writes durations, CLS a score.
 */
function WebVitalsLine({ vitals, depth }: { vitals: WebVitals; depth: number }) {
  const shown = WEB_VITALS.filter((name) => vitals[name] !== undefined);
  if (shown.length === 0) return null;
  return (
    <dl className="web-vitals" data-testid="web-vitals" style={indent(depth + 1)}>
      {shown.map((name) => {
        const value = vitals[name] ?? 0;
        return (
          <div key={name} data-testid="web-vital">
            <dt title={WEB_VITAL_NAMES[name]}>{name.toUpperCase()}</dt>
            <dd>{name === 'cls' ? String(Math.round(value * 1000) / 1000) : formatDuration(value)}</dd>
          </div>
        );
      })}
    </dl>
  );
}

type TransactionNode = Extract<TraceNode, { kind: 'transaction' }>;

function TransactionRow({ node, traceId, axis, depth, openSpanId }: NodeProps & { node: TransactionNode }) {
  const { transaction } = node;
  const [open, setOpen] = useState(transaction.spanId === openSpanId);
  const start = Date.parse(transaction.start);
  return (
    <li className="trace-row-group" data-testid="trace-transaction">
      <div className="trace-row trace-transaction">
        <span className="trace-label" style={indent(depth)}>
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
          {transaction.profile && (
            <>
              {' · '}
              <a
                href={profileHref(transaction.projectId, transaction.profile)}
                data-testid="trace-profile-link"
                title="its profile as a flame graph"
              >
                Profile
              </a>
            </>
          )}
        </span>
        <span className="trace-time muted" title={`${transaction.start} – ${transaction.end}`}>
          {offset(axis, start)} · {formatDuration(transaction.durationMs)}
        </span>
        <Bar axis={axis} start={start} end={Date.parse(transaction.end)} kind="transaction" />
      </div>
      {open && <WebVitalsLine vitals={transaction.webVitals} depth={depth} />}
      {open ? (
        <SpanRows node={node} traceId={traceId} axis={axis} depth={depth} openSpanId={openSpanId} />
      ) : (
        node.children.length > 0 && (
          <ol className="trace-timeline">
            {node.children.map((child) => (
              <NodeRow
                key={nodeKey(child)}
                node={child}
                traceId={traceId}
                axis={axis}
                depth={depth + 1}
                openSpanId={openSpanId}
              />
            ))}
          </ol>
        )
      )}
    </li>
  );
}

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
  if (trace.errors.length === 0 && trace.transactions.length === 0)
    return (
      <p className="muted" data-testid="trace-empty">
        No transactions or errors of this trace were received within 12 hours of it.
      </p>
    );
  const axis = axisOf(trace);
  return (
    <>
      <p className="muted" data-testid="trace-summary">
        {summary(trace, ofEvent)} · {formatDuration(axis.span)}
      </p>
      <ol className="trace-timeline">
        {traceTree(trace).map((node) => (
          <NodeRow
            key={nodeKey(node)}
            node={node}
            traceId={traceId}
            axis={axis}
            depth={0}
            openSpanId={openSpanId}
          />
        ))}
      </ol>
    </>
  );
}
