/**
 * The AI Agents page, as Sentry's Insights → AI Agents (its `agents` module, the successor of LLM
 * Monitoring): a project's `gen_ai.*` spans of a period — agent runs, LLM calls and tool calls over
 * time, the models and tools tables, the agent runs by trace — and one trace's AI spans (the agent run
 * with its LLM calls, their prompts and responses, and its tool calls). Params schemas and result
 * types of `insights.agents` and `insights.agentTrace`.
 */
import { z } from 'zod';
import { STATS_PERIODS, type StatsPeriod } from './issues-api.ts';

/** As the Requests page: the last day, what an LLM app run on a laptop reads best over. */
export const DEFAULT_AGENTS_PERIOD: StatsPeriod = '24h';

/**
 * What a `gen_ai.*` span is to Sentry's page (its `utils/query.tsx`): an agent run (OpenTelemetry's
 * invoke_agent span), an LLM call (a generation: every other `gen_ai.*` op), a tool call, or another
 * agent step (`gen_ai.handoff`, `gen_ai.create_agent`) that only the trace view shows.
 */
export type AiSpanKind = 'agent' | 'llm' | 'tool' | 'step';

/** Tokens a set of LLM calls used, as Relay reads them from `gen_ai.usage.*`. */
export interface TokenUsage {
  /** Sum of `gen_ai.usage.input_tokens` (Sentry's `sum(gen_ai.usage.input_tokens)`). */
  input: number;
  /** Of which read from the provider's cache (`gen_ai.usage.input_tokens.cached`). */
  inputCached: number;
  output: number;
  /** Of which spent reasoning (`gen_ai.usage.output_tokens.reasoning`). */
  outputReasoning: number;
  /** Sum of `gen_ai.usage.total_tokens`, which Relay sets to input + output where an SDK sent none. */
  total: number;
}

/** One model's LLM calls (Sentry's models table, grouped by `gen_ai.request.model`). */
export interface AgentModel {
  /** `gen_ai.request.model`, else `gen_ai.response.model`; `''` when the call named neither. */
  model: string;
  /** `count()`. */
  requests: number;
  /** Calls whose span failed (any status but `ok`; Sentry's `count_if(span.status,equals,unknown)`). */
  errors: number;
  /** `avg(span.duration)`. */
  avgMs: number;
  /** `p95(span.duration)`. */
  p95Ms: number;
  tokens: TokenUsage;
}

/** One tool's calls (Sentry's tools table, grouped by `gen_ai.tool.name`). */
export interface AgentTool {
  tool: string;
  requests: number;
  /** Calls whose span failed (Sentry's `count_if(span.status,equals,internal_error)`). */
  errors: number;
  avgMs: number;
  p95Ms: number;
}

/** One trace with AI spans (Sentry's traces table of the page). */
export interface AgentTraceRow {
  traceId: string;
  /** The agents it ran (`gen_ai.agent.name` of its agent runs, else their span names), in order. */
  agents: string[];
  /** From its first AI span's start to its last one's end. */
  durationMs: number;
  agentRuns: number;
  llmCalls: number;
  toolCalls: number;
  totalTokens: number;
  /** Its AI spans that failed. */
  errors: number;
  /** When its first AI span started, ISO 8601. */
  timestamp: string;
}

/** Counts a bucket of the charts, each start of `buckets` with its counts at the same index. */
export interface AgentSeries {
  /** Bucket starts, ISO 8601, as the issue page's charts cut the period. */
  buckets: string[];
  /**
   * Agent runs a bucket (Sentry's Traffic widget, `count(span.duration)` of the run ops); when the
   * period has none, Sentry counts every AI span instead, and so does this (see `countsAllAiSpans`).
   */
  agentRuns: number[];
  /** LLM calls a bucket (Sentry's LLM Calls widget). */
  llmCalls: number[];
  /** Tool calls a bucket (Sentry's Tool Calls widget). */
  toolCalls: number[];
  /** Tokens a bucket (Sentry's Tokens Used widget, `sum(gen_ai.usage.total_tokens)`). */
  tokens: number[];
}

export interface AgentsOverview {
  series: AgentSeries;
  /** No agent run in the period: `series.agentRuns` counts every AI span, as Sentry's widget does then. */
  countsAllAiSpans: boolean;
  totals: { agentRuns: number; llmCalls: number; toolCalls: number; tokens: TokenUsage };
  /** Most requests first. */
  models: AgentModel[];
  /** Most requests first. */
  tools: AgentTool[];
  /** Newest first. */
  traces: AgentTraceRow[];
  /** Reading stopped at `MAX_QUERY_ITEMS_SCANNED` items: older spans were not counted. */
  partial: boolean;
}

/** A message of a prompt, as `gen_ai.input.messages` / `gen_ai.request.messages` record it. */
export interface AiMessage {
  role: string;
  content: string;
}

/** One AI span of a trace, with what it recorded (prompts and responses only when the SDK sent them). */
export interface AiTraceSpan {
  spanId: string;
  parentSpanId: string | null;
  /** How many AI spans it is nested under. */
  depth: number;
  kind: AiSpanKind;
  op: string;
  name: string | null;
  status: string | null;
  failed: boolean;
  /** ISO 8601. */
  start: string;
  durationMs: number;
  /** `gen_ai.operation.name`. */
  operation: string | null;
  agentName: string | null;
  requestModel: string | null;
  responseModel: string | null;
  provider: string | null;
  toolName: string | null;
  /** Null when the span used none (not an LLM call). */
  tokens: TokenUsage | null;
  /** Relay's `gen_ai.response.tokens_per_second`: output tokens over the span's duration. */
  tokensPerSecond: number | null;
  /** The system prompt (`gen_ai.system_instructions`), when recorded. */
  system: string | null;
  /** The prompt's messages, when recorded. */
  messages: AiMessage[];
  /** The response text, when recorded. */
  response: string | null;
  toolInput: string | null;
  toolOutput: string | null;
  /** The transaction (or segment) holding it, which the trace view opens. */
  transactionSpanId: string | null;
}

export interface AgentTrace {
  traceId: string;
  /** Depth-first, each span after its parent, siblings by start. */
  spans: AiTraceSpan[];
}

const traceId = z
  .string()
  .regex(/^[0-9a-fA-F]{32}$/, 'a trace id is 32 hex digits')
  .transform((id) => id.toLowerCase());

export const agentsParams = {
  overview: z
    .object({
      projectId: z.number().int().positive(),
      period: z.enum(STATS_PERIODS).default(DEFAULT_AGENTS_PERIOD),
      limit: z.number().int().min(1).max(500).default(50),
    })
    .strict(),
  trace: z
    .object({
      projectId: z.number().int().positive(),
      traceId,
      /** When the trace ran (ISO 8601): its items are looked for within Sentry's trace window of it. */
      timestamp: z.iso.datetime({ offset: true }).optional(),
    })
    .strict(),
};
