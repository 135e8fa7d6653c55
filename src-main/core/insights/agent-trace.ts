/**
 * `insights.agentTrace`: one trace's AI spans as Sentry's AI trace drawer lists them (`aiSpanList`,
 * `useAITrace`): only the `gen_ai.*` spans (and agent runs), each nested under its nearest AI ancestor,
 * with the model, tokens, prompt and response of an LLM call and the input and output of a tool call —
 * prompts and responses only where the SDK recorded them (`sendDefaultPii` / `recordInputs`).
 */
import type { AgentTrace, AiTraceSpan } from '../../../src-shared/agents-api.ts';
import type { ApiParsedParams } from '../../../src-shared/api.ts';
import { FaultlineError } from '../../../src-shared/errors.ts';
import { TRACE_WINDOW_MS } from '../../../src-shared/trace-api.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { lastReceived } from '../traces/trace-by-id.ts';
import { readTrace, type SpanRecord } from '../traces/transactions.ts';
import { aiAttributes, aiOp, aiSpanKind, spanFailed, tokensPerSecond, tokenUsage } from './ai-spans.ts';

const byStart = (a: SpanRecord, b: SpanRecord) => a.start - b.start || a.spanId.localeCompare(b.spanId);

function describe(span: SpanRecord, op: string, depth: number, parent: string | null): AiTraceSpan {
  const kind = aiSpanKind(op) ?? 'step';
  const durationMs = Math.max(0, span.end - span.start);
  return {
    spanId: span.spanId,
    parentSpanId: parent,
    depth,
    kind,
    op,
    name: span.name,
    status: span.status,
    failed: spanFailed(span.status),
    start: new Date(span.start).toISOString(),
    durationMs,
    ...aiAttributes(span.data),
    tokens: kind === 'llm' ? tokenUsage(span.data) : null,
    tokensPerSecond: kind === 'llm' ? tokensPerSecond(span.data, durationMs) : null,
    transactionSpanId: span.isSegment ? span.spanId : span.segmentId,
  };
}

/** The AI spans among a trace's spans, depth first under their nearest AI ancestor. */
export function aiTraceSpans(all: readonly SpanRecord[]): AiTraceSpan[] {
  const byId = new Map(all.map((span) => [span.spanId, span]));
  const ops = new Map<string, string>();
  for (const span of all) {
    const op = aiOp(span);
    if (op !== null && aiSpanKind(op) !== null) ops.set(span.spanId, op);
  }
  /** Its nearest ancestor that is an AI span (an LLM call's parent may be an `http.client` span's sibling …). */
  const aiParent = (span: SpanRecord): string | null => {
    const seen = new Set<string>([span.spanId]);
    let at = span.parentSpanId === null ? undefined : byId.get(span.parentSpanId);
    while (at && !seen.has(at.spanId)) {
      if (ops.has(at.spanId)) return at.spanId;
      seen.add(at.spanId);
      at = at.parentSpanId === null ? undefined : byId.get(at.parentSpanId);
    }
    return null;
  };
  const children = new Map<string | null, SpanRecord[]>();
  for (const span of all) {
    if (!ops.has(span.spanId)) continue;
    const parent = aiParent(span);
    const list = children.get(parent);
    if (list) list.push(span);
    else children.set(parent, [span]);
  }
  const out: AiTraceSpan[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const span of (children.get(parent) ?? []).sort(byStart)) {
      out.push(describe(span, ops.get(span.spanId) ?? '', depth, parent));
      visit(span.spanId, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

export function agentTrace(db: SqliteDb, params: ApiParsedParams<'insights.agentTrace'>): AgentTrace {
  const { projectId, traceId, timestamp } = params;
  const at = timestamp === undefined ? lastReceived(db, projectId, traceId) : Date.parse(timestamp);
  if (at === undefined)
    throw new FaultlineError(
      'not_found',
      `project ${projectId} has no transaction or span in trace ${traceId}`,
    );
  const { roots, children } = readTrace(db, traceId, {
    start: at - TRACE_WINDOW_MS,
    end: at + TRACE_WINDOW_MS,
  });
  const spans = [...roots, ...children].filter((span) => span.projectId === projectId);
  return { traceId, spans: aiTraceSpans(spans) };
}
