/**
 * `insights.agents`: a project's AI spans of a period (`project-spans.ts` walks its items; `ai-spans.ts`
 * reads each), as Sentry's AI Agents landing page shows them — agent runs, LLM calls, tool calls and
 * tokens over time; the models table (`count()`, errors, `avg`/`p95(span.duration)`, summed tokens by
 * `gen_ai.request.model`); the tools table (by `gen_ai.tool.name`); and the traces with AI spans.
 */
import type {
  AgentModel,
  AgentSeries,
  AgentsOverview,
  AgentTool,
  AgentTraceRow,
  AiSpanKind,
  TokenUsage,
} from '../../../src-shared/agents-api.ts';
import type { ApiParsedParams } from '../../../src-shared/api.ts';
import { bucketsFor, CHART_BUCKET_MS, PERIOD_MS } from '../issues/queries/periods.ts';
import { text } from '../store/item-json.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import type { SpanRecord } from '../traces/transactions.ts';
import { addTokens, aiOp, aiSpanKind, modelOf, NO_TOKENS, spanFailed, tokenUsage } from './ai-spans.ts';
import { walkProjectSpans } from './project-spans.ts';
import { percentile } from './queries.ts';

/** An AI span of the period, with what the tables count. */
export interface AiSpan {
  span: SpanRecord;
  kind: AiSpanKind;
  traceId: string;
  durationMs: number;
  failed: boolean;
  tokens: TokenUsage | null;
}

interface AiSpans {
  spans: AiSpan[];
  partial: boolean;
}

/** The AI spans of the project's newest items that started since `since`, in no order. */
export function readAiSpans(db: SqliteDb, projectId: number, since: number): AiSpans {
  const spans: AiSpan[] = [];
  const { partial } = walkProjectSpans(db, projectId, since, (item) => {
    for (const span of [...item.spans.roots, ...item.spans.children]) {
      const kind = aiSpanKind(aiOp(span));
      if (kind === null || span.start < since) continue;
      spans.push({
        span,
        kind,
        traceId: item.traceId,
        durationMs: Math.max(0, span.end - span.start),
        failed: spanFailed(span.status),
        tokens: kind === 'llm' ? tokenUsage(span.data) : null,
      });
    }
  });
  return { spans, partial };
}

function groupBy<K>(spans: readonly AiSpan[], key: (span: AiSpan) => K): Map<K, AiSpan[]> {
  const groups = new Map<K, AiSpan[]>();
  for (const span of spans) {
    const list = groups.get(key(span));
    if (list) list.push(span);
    else groups.set(key(span), [span]);
  }
  return groups;
}

/** `count()`, the failed ones, `avg(span.duration)` and `p95(span.duration)` of a group. */
function durations(spans: readonly AiSpan[]) {
  const sorted = spans.map((span) => span.durationMs).sort((a, b) => a - b);
  const total = sorted.reduce((sum, ms) => sum + ms, 0);
  return {
    requests: spans.length,
    errors: spans.filter((span) => span.failed).length,
    avgMs: spans.length === 0 ? 0 : total / spans.length,
    p95Ms: percentile(sorted, 0.95),
  };
}

function modelsOf(llmCalls: readonly AiSpan[]): AgentModel[] {
  return [...groupBy(llmCalls, (span) => modelOf(span.span.data))]
    .map(([model, list]) => ({
      model,
      ...durations(list),
      tokens: list.reduce((sum, span) => addTokens(sum, span.tokens), NO_TOKENS),
    }))
    .sort((a, b) => b.requests - a.requests || a.model.localeCompare(b.model));
}

function toolsOf(toolCalls: readonly AiSpan[]): AgentTool[] {
  return [...groupBy(toolCalls, (span) => text(span.span.data?.['gen_ai.tool.name']) ?? '')]
    .map(([tool, list]) => ({ tool, ...durations(list) }))
    .sort((a, b) => b.requests - a.requests || a.tool.localeCompare(b.tool));
}

/** An agent run's name: `gen_ai.agent.name`, else its span's name. */
const agentName = (span: SpanRecord) =>
  text(span.data?.['gen_ai.agent.name']) ?? span.name ?? '<unnamed agent>';

function traceRow(traceId: string, spans: AiSpan[]): AgentTraceRow {
  spans.sort((a, b) => a.span.start - b.span.start || a.span.spanId.localeCompare(b.span.spanId));
  const start = Math.min(...spans.map((span) => span.span.start));
  const end = Math.max(...spans.map((span) => span.span.end));
  const runs = spans.filter((span) => span.kind === 'agent');
  const llmCalls = spans.filter((span) => span.kind === 'llm');
  return {
    traceId,
    agents: [...new Set(runs.map((span) => agentName(span.span)))],
    durationMs: Math.max(0, end - start),
    agentRuns: runs.length,
    llmCalls: llmCalls.length,
    toolCalls: spans.filter((span) => span.kind === 'tool').length,
    totalTokens: llmCalls.reduce((sum, span) => sum + (span.tokens?.total ?? 0), 0),
    errors: spans.filter((span) => span.failed).length,
    timestamp: new Date(start).toISOString(),
  };
}

function seriesOf(spans: readonly AiSpan[], period: keyof typeof PERIOD_MS, now: number, allAi: boolean) {
  const { start, bucketMs, count } = bucketsFor(period, CHART_BUCKET_MS[period], now);
  const series: AgentSeries = {
    buckets: Array.from({ length: count }, (_, i) => new Date(start + i * bucketMs).toISOString()),
    agentRuns: new Array<number>(count).fill(0),
    llmCalls: new Array<number>(count).fill(0),
    toolCalls: new Array<number>(count).fill(0),
    tokens: new Array<number>(count).fill(0),
  };
  const add = (values: number[], at: number, value: number) => {
    values[at] = (values[at] ?? 0) + value;
  };
  for (const span of spans) {
    const at = Math.floor((span.span.start - start) / bucketMs);
    if (at < 0 || at >= count) continue;
    if (allAi || span.kind === 'agent') add(series.agentRuns, at, 1);
    if (span.kind === 'llm') {
      add(series.llmCalls, at, 1);
      add(series.tokens, at, span.tokens?.total ?? 0);
    }
    if (span.kind === 'tool') add(series.toolCalls, at, 1);
  }
  return series;
}

export function agentsOverview(
  db: SqliteDb,
  params: ApiParsedParams<'insights.agents'>,
  now = Date.now(),
): AgentsOverview {
  const since = now - PERIOD_MS[params.period];
  const { spans, partial } = readAiSpans(db, params.projectId, since);
  const llmCalls = spans.filter((span) => span.kind === 'llm');
  const toolCalls = spans.filter((span) => span.kind === 'tool');
  const agentRuns = spans.filter((span) => span.kind === 'agent').length;
  // Sentry's Traffic widget counts every AI span when the period has no agent run.
  const countsAllAiSpans = agentRuns === 0 && spans.length > 0;
  const traces = [...groupBy(spans, (span) => span.traceId)]
    .map(([traceId, list]) => traceRow(traceId, list))
    .sort((a, b) => b.timestamp.localeCompare(a.timestamp) || a.traceId.localeCompare(b.traceId));
  return {
    series: seriesOf(spans, params.period, now, countsAllAiSpans),
    countsAllAiSpans,
    totals: {
      agentRuns,
      llmCalls: llmCalls.length,
      toolCalls: toolCalls.length,
      tokens: llmCalls.reduce((sum, span) => addTokens(sum, span.tokens), NO_TOKENS),
    },
    models: modelsOf(llmCalls).slice(0, params.limit),
    tools: toolsOf(toolCalls).slice(0, params.limit),
    traces: traces.slice(0, params.limit),
    partial,
  };
}
