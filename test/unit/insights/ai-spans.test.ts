/**
 * The AI span reading of the AI Agents page: the cases Relay's `normalize/span/ai.rs` and Sentry's
 * `agents/utils/query.tsx` decide that the SDK tests do not reach (older token names, a missing total,
 * an op left to `gen_ai.operation.name`, a prompt that is no JSON).
 */
import { describe, expect, it } from 'vitest';
import {
  aiOp,
  aiSpanKind,
  promptMessages,
  spanFailed,
  tokensPerSecond,
  tokenUsage,
} from '../../../src-main/core/insights/ai-spans.ts';
import type { SpanRecord } from '../../../src-main/core/traces/transactions.ts';

describe('AI spans as Relay and Sentry read them', () => {
  it('sorts ops into agent runs, tools, steps and LLM calls, and leaves other spans out', () => {
    expect(
      [
        'gen_ai.invoke_agent',
        'ai.run.generateText',
        'gen_ai.execute_tool',
        'gen_ai.handoff',
        'gen_ai.chat',
        'gen_ai.embeddings',
        'http.client',
        'ai.toolCall',
      ].map(aiSpanKind),
    ).toEqual(['agent', 'agent', 'tool', 'step', 'llm', 'llm', null, null]);
  });

  it('names the op of a span that sent none after its gen_ai.operation.name', () => {
    const span = { op: null, data: { 'gen_ai.operation.name': 'chat' } } as unknown as SpanRecord;
    expect(aiOp(span)).toBe('gen_ai.chat');
    expect(aiOp({ ...span, op: 'db' })).toBe('db');
  });

  it('reads older token names and sums a missing total from input and output, as Relay', () => {
    expect(tokenUsage({ 'gen_ai.usage.prompt_tokens': 30, 'gen_ai.usage.completion_tokens': '12' })).toEqual({
      input: 30,
      inputCached: 0,
      output: 12,
      outputReasoning: 0,
      total: 42,
    });
    expect(tokenUsage({ 'gen_ai.usage.input_tokens': 5, 'gen_ai.usage.total_tokens': 9 })?.total).toBe(9);
    expect(tokenUsage({ 'gen_ai.request.model': 'x' })).toBeNull();
    expect(tokensPerSecond({ 'gen_ai.usage.output_tokens': 50 }, 250)).toBe(200);
    expect(tokensPerSecond({ 'gen_ai.usage.output_tokens': 50 }, 0)).toBeNull();
  });

  it('reads a prompt’s messages, their parts joined, and shows a prompt that is no JSON as one message', () => {
    expect(
      promptMessages({
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }]),
      }),
    ).toEqual([{ role: 'user', content: 'Hi' }]);
    expect(promptMessages({ 'gen_ai.request.messages': 'plain words' })).toEqual([
      { role: 'user', content: 'plain words' },
    ]);
  });

  it('counts every status but ok and cancelled as a failure', () => {
    expect(['ok', 'cancelled', null, 'internal_error', 'unknown', '500 boom'].map(spanFailed)).toEqual([
      false,
      false,
      false,
      true,
      true,
      true,
    ]);
  });
});
