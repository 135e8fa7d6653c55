/**
 * A transaction as the detectors take it (spans.ts's `transactionTrees`), built from spans given in
 * milliseconds after the transaction began: the detector tests' one way to write their inputs.
 */
import { type TransactionTree, transactionTrees } from '../../../src-main/core/performance-issues/spans.ts';

/** The transaction's start, epoch seconds. */
export const T0 = 1_700_000_000;

export interface TreeSpan {
  op: string;
  description: string;
  /** Start and duration, milliseconds after the transaction began. */
  at: number;
  ms: number;
  parent?: string;
  id?: string;
  data?: Record<string, unknown>;
}

export interface TreeOptions {
  /** The transaction's op (`http.server`). */
  op?: string;
  /** The SDK's name (`sentry.javascript.node`). */
  sdk?: string;
  /** The transaction's name (`GET /things`). */
  name?: string;
  /** The browser context's name, if any. */
  browser?: string;
  /** Seconds from start to end (10). */
  seconds?: number;
  measurements?: Record<string, { value: number; unit?: string }>;
}

let next = 0;
const spanId = () => (++next).toString(16).padStart(16, '0');

export function transactionTree(spans: readonly TreeSpan[], options: TreeOptions = {}): TransactionTree {
  const root = spanId();
  const json = {
    event_id: 'a'.repeat(32),
    type: 'transaction',
    transaction: options.name ?? 'GET /things',
    start_timestamp: T0,
    timestamp: T0 + (options.seconds ?? 10),
    sdk: { name: options.sdk ?? 'sentry.javascript.node' },
    contexts: {
      trace: { trace_id: 'b'.repeat(32), span_id: root, op: options.op ?? 'http.server' },
      ...(options.browser ? { browser: { name: options.browser } } : {}),
    },
    ...(options.measurements ? { measurements: options.measurements } : {}),
    spans: spans.map((span) => ({
      span_id: span.id ?? spanId(),
      parent_span_id: span.parent ?? root,
      op: span.op,
      description: span.description,
      start_timestamp: T0 + span.at / 1000,
      timestamp: T0 + (span.at + span.ms) / 1000,
      ...(span.data ? { data: span.data } : {}),
    })),
  };
  const [found] = transactionTrees('transaction', json);
  if (!found) throw new Error('no transaction');
  return found;
}
