/**
 * A span as the AI Agents page reads it: whether it is an AI span and which kind (Sentry's
 * `views/insights/agents/utils/query.tsx`), and its `gen_ai.*` attributes normalized as Relay's
 * `normalize/span/ai.rs` does before Sentry stores it — the token counts under their current names
 * (older SDKs' `gen_ai.usage.prompt_tokens` / `ai.prompt_tokens.used` …, which Relay's `SpanData` reads
 * as aliases), `gen_ai.usage.total_tokens` set to input + output where the SDK sent none, and
 * `gen_ai.response.tokens_per_second`. Relay also prices a call (`gen_ai.cost.*`) from the model costs
 * that Sentry's servers put in its global config; Faultline has no such table, so it shows tokens and
 * no cost rather than prices of its own.
 */
import type { AiMessage, AiSpanKind, TokenUsage } from '../../../src-shared/agents-api.ts';
import { type Json, obj, text } from '../store/item-json.ts';
import type { SpanRecord } from '../traces/transactions.ts';

/** Ops of an agent run, OpenTelemetry's invoke_agent span (and the Vercel AI SDK's pipelines). */
const AGENT_RUN_OPS: ReadonlySet<string> = new Set([
  'gen_ai.invoke_agent',
  'ai.run.generateText',
  'ai.run.generateObject',
  'ai.pipeline.generate_text',
  'ai.pipeline.generate_object',
  'ai.pipeline.stream_text',
  'ai.pipeline.stream_object',
]);

/** Other agent steps: neither a run, nor a generation, nor a tool call. */
const STEP_OPS: ReadonlySet<string> = new Set(['gen_ai.create_agent', 'gen_ai.handoff']);

const TOOL_OP = 'gen_ai.execute_tool';

/**
 * The span's op as Sentry reads it: the op sent, or — for an OpenTelemetry span that named none but
 * says its `gen_ai.operation.name` — `gen_ai.<operation>`, as Sentry's SDKs name the op from it.
 */
export function aiOp(span: SpanRecord): string | null {
  if (span.op !== null && span.op !== 'default') return span.op;
  const operation = text(span.data?.['gen_ai.operation.name']);
  return operation === null ? span.op : `gen_ai.${operation}`;
}

/** The kind of an AI span; null for a span that is not one (Sentry's `getIsAiSpan`: op `gen_ai.*`). */
export function aiSpanKind(op: string | null): AiSpanKind | null {
  if (op === null) return null;
  if (AGENT_RUN_OPS.has(op)) return 'agent';
  if (!op.startsWith('gen_ai.')) return null;
  if (op === TOOL_OP) return 'tool';
  if (STEP_OPS.has(op)) return 'step';
  return 'llm';
}

/** A number an attribute holds (SDKs send integers, some numeric strings); null when none. */
function numberOf(value: unknown): number | null {
  const found = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof found === 'number' && Number.isFinite(found) ? found : null;
}

function firstNumber(data: Json, keys: readonly string[]): number | null {
  for (const key of keys) {
    const found = numberOf(data[key]);
    if (found !== null) return found;
  }
  return null;
}

function firstText(data: Json, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = data[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return null;
}

/** The names Relay reads each count under, the current one first. */
const TOKEN_KEYS = {
  input: ['gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens', 'ai.prompt_tokens.used'],
  inputCached: ['gen_ai.usage.input_tokens.cached'],
  output: ['gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens', 'ai.completion_tokens.used'],
  outputReasoning: ['gen_ai.usage.output_tokens.reasoning'],
  total: ['gen_ai.usage.total_tokens', 'ai.total_tokens.used'],
} as const;

/** The span's token counts, null when it recorded none (Relay then sets no total either). */
export function tokenUsage(data: Json | null): TokenUsage | null {
  if (!data) return null;
  const input = firstNumber(data, TOKEN_KEYS.input);
  const output = firstNumber(data, TOKEN_KEYS.output);
  const total = firstNumber(data, TOKEN_KEYS.total);
  if (input === null && output === null && total === null) return null;
  return {
    input: input ?? 0,
    inputCached: firstNumber(data, TOKEN_KEYS.inputCached) ?? 0,
    output: output ?? 0,
    outputReasoning: firstNumber(data, TOKEN_KEYS.outputReasoning) ?? 0,
    total: total ?? (input ?? 0) + (output ?? 0),
  };
}

export const NO_TOKENS: TokenUsage = { input: 0, inputCached: 0, output: 0, outputReasoning: 0, total: 0 };

export function addTokens(a: TokenUsage, b: TokenUsage | null): TokenUsage {
  if (!b) return a;
  return {
    input: a.input + b.input,
    inputCached: a.inputCached + b.inputCached,
    output: a.output + b.output,
    outputReasoning: a.outputReasoning + b.outputReasoning,
    total: a.total + b.total,
  };
}

/** Relay's `gen_ai.response.tokens_per_second`: output tokens over the duration, when both are known. */
export function tokensPerSecond(data: Json | null, durationMs: number): number | null {
  const sent = data ? numberOf(data['gen_ai.response.tokens_per_second']) : null;
  if (sent !== null) return sent;
  const output = data ? firstNumber(data, TOKEN_KEYS.output) : null;
  return output === null || durationMs <= 0 ? null : output / (durationMs / 1000);
}

/**
 * A failed span: any status but `ok` (and `cancelled`, which is no failure). Sentry's tables count
 * `unknown` (models) and `internal_error` (tools), the statuses Relay maps a failed call's status to:
 * an SDK's `error`, or a message it does not know (`500 boom`), is `unknown`; `internal_error` stays.
 */
export function spanFailed(status: string | null): boolean {
  return status !== null && status !== 'ok' && status !== 'cancelled' && status !== 'unset';
}

/** The call's model: `gen_ai.request.model`, else the model that answered; `''` when neither is said. */
export function modelOf(data: Json | null): string {
  if (!data) return '';
  return firstText(data, ['gen_ai.request.model', 'gen_ai.response.model', 'ai.model.id']) ?? '';
}

export interface AiAttributes {
  operation: string | null;
  agentName: string | null;
  requestModel: string | null;
  responseModel: string | null;
  provider: string | null;
  toolName: string | null;
  system: string | null;
  messages: AiMessage[];
  response: string | null;
  toolInput: string | null;
  toolOutput: string | null;
}

/** A message part's text: a string, or the text of its parts (`[{type: 'text', content}]`). */
function contentText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value))
    return value
      .map((part) => {
        const found = obj(part);
        return text(found?.content) ?? text(found?.text) ?? (typeof part === 'string' ? part : '');
      })
      .join('');
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

function parsedJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/**
 * The prompt's messages: `gen_ai.input.messages` (SDK 11, the current convention) or
 * `gen_ai.request.messages` (earlier SDKs and Sentry's manual instrumentation guide), a JSON array of
 * `{role, content}`; a value that is no such array is shown as one user message.
 */
export function promptMessages(data: Json): AiMessage[] {
  const raw = firstText(data, ['gen_ai.input.messages', 'gen_ai.request.messages', 'ai.prompt.messages']);
  if (raw === null) return [];
  const parsed = parsedJson(raw);
  if (!Array.isArray(parsed)) return [{ role: 'user', content: raw }];
  return parsed.map((entry) => {
    const message = obj(entry);
    return message
      ? { role: text(message.role) ?? 'user', content: contentText(message.content ?? message.parts) }
      : { role: 'user', content: contentText(entry) };
  });
}

/** The system prompt: `gen_ai.system_instructions`, parts joined. */
function systemPrompt(data: Json): string | null {
  const raw = firstText(data, ['gen_ai.system_instructions']);
  if (raw === null) return null;
  const parsed = parsedJson(raw);
  return Array.isArray(parsed) ? contentText(parsed) : raw;
}

/** The response: `gen_ai.response.text` (a JSON array of the choices' texts from SDK 11) or the output messages. */
function responseText(data: Json): string | null {
  const raw = firstText(data, ['gen_ai.response.text', 'gen_ai.output.messages', 'ai.response.text']);
  if (raw === null) return null;
  const parsed = parsedJson(raw);
  if (!Array.isArray(parsed)) return raw;
  return parsed
    .map((entry) => {
      const message = obj(entry);
      return message ? contentText(message.content ?? message.parts) : contentText(entry);
    })
    .join('\n');
}

export function aiAttributes(data: Json | null): AiAttributes {
  const from = data ?? {};
  return {
    operation: firstText(from, ['gen_ai.operation.name']),
    agentName: firstText(from, ['gen_ai.agent.name']),
    requestModel: firstText(from, ['gen_ai.request.model']),
    responseModel: firstText(from, ['gen_ai.response.model']),
    provider: firstText(from, ['gen_ai.provider.name', 'gen_ai.system']),
    toolName: firstText(from, ['gen_ai.tool.name']),
    system: systemPrompt(from),
    messages: promptMessages(from),
    response: responseText(from),
    toolInput: firstText(from, ['gen_ai.tool.input', 'gen_ai.tool.call.arguments']),
    toolOutput: firstText(from, ['gen_ai.tool.output', 'gen_ai.tool.call.result']),
  };
}
