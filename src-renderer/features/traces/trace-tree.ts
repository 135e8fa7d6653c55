/**
 * A trace as Sentry's trace view nests it (its `TraceTree`): each transaction under the transaction
 * that called it (a browser's fetch, then the backend's server transaction), each error under the
 * transaction it happened in, siblings in time order. A transaction opened shows its spans as a tree,
 * children under their parent, and its child transactions and errors move under the span they came
 * from. Pure: the timeline renders what these functions return.
 */
import type { EventTrace, TraceError, TraceSpan, TraceTransaction } from '../../../src-shared/trace-api.ts';

export type TraceNode =
  | { kind: 'transaction'; at: number; transaction: TraceTransaction; children: TraceNode[] }
  | { kind: 'error'; at: number; error: TraceError };

/** Time order; a transaction before an error at the same time (the error happened in it). */
function byTime(a: { at: number; kind: string }, b: { at: number; kind: string }): number {
  return a.at - b.at || rank(a.kind) - rank(b.kind);
}

const RANKS: Record<string, number> = { span: 0, transaction: 1, error: 2 };
const rank = (kind: string) => RANKS[kind] ?? 3;

/** The trace's top-level nodes: transactions and errors whose transaction is not in the trace. */
export function traceTree(trace: EventTrace): TraceNode[] {
  const nodes = new Map<string, Extract<TraceNode, { kind: 'transaction' }>>();
  for (const transaction of trace.transactions)
    nodes.set(transaction.spanId, {
      kind: 'transaction',
      at: Date.parse(transaction.start),
      transaction,
      children: [],
    });
  const roots: TraceNode[] = [];
  const place = (node: TraceNode, parentId: string | null) => {
    const parent = parentId === null ? undefined : nodes.get(parentId);
    (parent && !isAncestor(node, parent, nodes) ? parent.children : roots).push(node);
  };
  for (const node of nodes.values()) place(node, node.transaction.parentSegmentId);
  for (const error of trace.errors)
    place({ kind: 'error', at: Date.parse(error.timestamp), error }, error.segmentId);
  const sort = (list: TraceNode[]) => {
    list.sort(byTime);
    for (const node of list) if (node.kind === 'transaction') sort(node.children);
  };
  sort(roots);
  return roots;
}

/** Whether `node` is `parent` or above it: a loop of parents (bad data) must not hide both. */
function isAncestor(
  node: TraceNode,
  parent: Extract<TraceNode, { kind: 'transaction' }>,
  nodes: ReadonlyMap<string, Extract<TraceNode, { kind: 'transaction' }>>,
): boolean {
  if (node.kind !== 'transaction') return false;
  const seen = new Set<string>();
  let at: Extract<TraceNode, { kind: 'transaction' }> | undefined = parent;
  while (at && !seen.has(at.transaction.spanId)) {
    if (at === node) return true;
    seen.add(at.transaction.spanId);
    const up: string | null = at.transaction.parentSegmentId;
    at = up === null ? undefined : nodes.get(up);
  }
  return false;
}

/** One row of an opened transaction: a span, or a child transaction or error placed under one. */
export type WaterfallRow =
  | { kind: 'span'; span: TraceSpan; depth: number; selfMs: number }
  | { kind: 'node'; node: TraceNode; depth: number };

type Item = { kind: 'span'; at: number; span: TraceSpan } | { kind: 'node'; at: number; node: TraceNode };

/** The span a child transaction was called from, or the one an error happened in. */
const parentSpanOf = (node: TraceNode) =>
  node.kind === 'transaction' ? node.transaction.parentSpanId : node.error.spanId;

/**
 * The rows of a transaction opened onto its spans, depth first: each span followed by its children
 * (depth 1 for the transaction's own children), siblings in time order, and the transaction's child
 * transactions and errors under the span they name (under the transaction when it is none of them).
 * A span's self time is its duration less the time its child spans cover, as Relay's exclusive time.
 */
export function spanWaterfall(
  rootSpanId: string,
  spans: readonly TraceSpan[],
  children: readonly TraceNode[],
): WaterfallRow[] {
  const ids = new Set(spans.map((span) => span.spanId));
  const under = new Map<string, Item[]>();
  const add = (parentId: string | null, item: Item) => {
    const key = parentId !== null && ids.has(parentId) ? parentId : rootSpanId;
    const list = under.get(key) ?? [];
    list.push(item);
    under.set(key, list);
  };
  for (const span of spans)
    add(span.parentSpanId === span.spanId ? null : span.parentSpanId, {
      kind: 'span',
      at: Date.parse(span.start),
      span,
    });
  for (const node of children) add(parentSpanOf(node), { kind: 'node', at: node.at, node });
  for (const list of under.values()) list.sort(byTime);

  const rows: WaterfallRow[] = [];
  const visited = new Set<string>([rootSpanId]);
  const walk = (parentId: string, depth: number) => {
    for (const item of under.get(parentId) ?? []) {
      if (item.kind === 'node') {
        rows.push({ kind: 'node', node: item.node, depth });
        continue;
      }
      if (visited.has(item.span.spanId)) continue;
      visited.add(item.span.spanId);
      rows.push({
        kind: 'span',
        span: item.span,
        depth,
        selfMs: selfTime(item.span, under.get(item.span.spanId)),
      });
      walk(item.span.spanId, depth + 1);
    }
  };
  walk(rootSpanId, 1);
  // Spans in a loop of parents (bad data) reach no row above: list them last rather than lose them.
  for (const span of spans)
    if (!visited.has(span.spanId)) {
      visited.add(span.spanId);
      rows.push({ kind: 'span', span, depth: 1, selfMs: selfTime(span, under.get(span.spanId)) });
    }
  return rows;
}

/** The span's duration less the union of its child spans' intervals within it. */
function selfTime(span: TraceSpan, items: readonly Item[] | undefined): number {
  const start = Date.parse(span.start);
  const end = start + span.durationMs;
  const intervals = (items ?? [])
    .flatMap((item) =>
      item.kind === 'span'
        ? [
            [
              Math.max(start, Date.parse(item.span.start)),
              Math.min(end, Date.parse(item.span.start) + item.span.durationMs),
            ],
          ]
        : [],
    )
    .filter(([from = 0, to = 0]) => to > from)
    .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
  let covered = 0;
  let reach = start;
  for (const [from = 0, to = 0] of intervals) {
    if (to <= reach) continue;
    covered += to - Math.max(from, reach);
    reach = to;
  }
  return Math.max(0, span.durationMs - covered);
}
