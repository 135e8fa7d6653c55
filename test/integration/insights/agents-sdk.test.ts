/**
 * `insights.agents` and `insights.agentTrace` (the AI Agents page) through a real core, fed by the real
 * @sentry/node 11 SDK: agents traced with `Sentry.startSpan` as Sentry's manual AI guide documents, whose
 * LLM calls go through the real `openai` client (traced by the SDK's `openAIIntegration`, prompts and
 * responses recorded) or by hand, to a loopback stand-in of OpenAI's chat completions API, and whose
 * tools are traced by hand — as `transaction` items and as streamed spans. Every figure is checked
 * against what the stand-in answered and what the runs asked for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import type { AgentModel } from '../../../src-shared/agents-api.ts';
import { FaultlineError } from '../../../src-shared/errors.ts';
import { callApi, startCore } from '../../support/core.ts';
import {
  ANSWER_TEXT,
  type OpenAiStandIn,
  REFUSED_MODEL,
  type StandInAnswer,
  startOpenAiStandIn,
} from '../../support/openai-stand-in.ts';
import { type SentAgentRun, sendAgentRunsWithSdk } from '../../support/transactions.ts';

const STATIC_RUNS: SentAgentRun[] = [
  {
    agent: 'Weather Agent',
    model: 'gpt-4o-mini',
    prompt: 'What is the weather in Paris?',
    tool: { name: 'get_weather', input: '{"city":"Paris"}' },
  },
  {
    agent: 'Weather Agent',
    model: 'gpt-4o-mini',
    prompt: 'And in Oslo?',
    tool: { name: 'get_weather', input: '{"city":"Oslo"}', fail: true },
  },
  { agent: 'Broken Agent', model: REFUSED_MODEL, prompt: 'Anything?' },
];
const STREAMED_RUNS: SentAgentRun[] = [
  {
    agent: 'Travel Agent',
    model: 'claude-sonnet-4',
    prompt: 'Find me a flight to Lisbon',
    client: 'manual',
    tool: { name: 'search_flights', input: '{"to":"LIS"}' },
  },
  { agent: 'Travel Agent', model: 'gpt-4o-mini', prompt: 'Thanks!' },
];
const ALL_RUNS = [...STATIC_RUNS, ...STREAMED_RUNS];

/** What the stand-in's answers add up to for one model: Sentry's models-table figures. */
function expectedModel(answers: StandInAnswer[], model: string) {
  const mine = answers.filter((answer) => answer.model === model);
  const input = mine.reduce((sum, a) => sum + (a.usage?.input ?? 0), 0);
  const output = mine.reduce((sum, a) => sum + (a.usage?.output ?? 0), 0);
  return {
    requests: mine.length,
    errors: mine.filter((answer) => answer.status !== 200).length,
    tokens: { input, inputCached: 0, output, outputReasoning: 0, total: input + output },
  };
}

describe('the AI Agents page’s data from @sentry/node’s openAIIntegration and manual AI spans', () => {
  let core: Core;
  let openai: OpenAiStandIn;
  let traceIds: string[];

  beforeAll(async () => {
    core = await startCore();
    openai = await startOpenAiStandIn();
    const dsn = core.ctx.projects.list()[0]?.keys[0]?.dsn ?? '';
    const sent = await sendAgentRunsWithSdk(dsn, 'static', openai.baseURL, STATIC_RUNS);
    const streamed = await sendAgentRunsWithSdk(dsn, 'stream', openai.baseURL, STREAMED_RUNS);
    traceIds = [...sent, ...streamed];
    await core.ctx.pipeline.call('pipeline.drain', {});
  }, 60_000);

  afterAll(async () => {
    await core?.close();
    await openai?.close();
  });

  it('counts the agent runs, the LLM calls the stand-in answered and the tool calls, over time too', async () => {
    const overview = await callApi(core, 'insights.agents', { projectId: 1 });
    const llmCalls = openai.answered.length;
    const toolCalls = ALL_RUNS.filter((run) => run.tool).length;
    // Two completions for a run with a tool (before and after it), one otherwise; the refused one too.
    expect(llmCalls).toBe(ALL_RUNS.reduce((sum, run) => sum + (run.tool ? 2 : 1), 0));
    expect(overview.partial).toBe(false);
    expect(overview.countsAllAiSpans).toBe(false);
    expect(overview.totals).toMatchObject({ agentRuns: ALL_RUNS.length, llmCalls, toolCalls });
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
    expect(sum(overview.series.agentRuns)).toBe(ALL_RUNS.length);
    expect(sum(overview.series.llmCalls)).toBe(llmCalls);
    expect(sum(overview.series.toolCalls)).toBe(toolCalls);
    const tokens = openai.answered.reduce(
      (total, a) => total + (a.usage ? a.usage.input + a.usage.output : 0),
      0,
    );
    expect(sum(overview.series.tokens)).toBe(tokens);
    expect(overview.totals.tokens.total).toBe(tokens);
    // Hourly buckets over the last day, as the issue page's charts cut it.
    expect(overview.series.buckets).toHaveLength(25);
  });

  it('tables each model with its requests, errors and the tokens the stand-in counted', async () => {
    const { models } = await callApi(core, 'insights.agents', { projectId: 1 });
    const byModel = (model: string) => models.find((row) => row.model === model) as AgentModel;
    const asked = [...new Set(openai.answered.map((answer) => answer.model))].sort();
    expect(models.map((row) => row.model).sort()).toEqual(asked);
    // The hand-traced calls (claude-sonnet-4) sent no total: Relay's input + output stands in for it.
    for (const model of asked) expect(byModel(model)).toMatchObject(expectedModel(openai.answered, model));
    expect(byModel(REFUSED_MODEL)).toMatchObject({ requests: 1, errors: 1 });
    // Most requests first.
    expect(models[0]?.model).toBe('gpt-4o-mini');
    for (const row of models) {
      expect(row.avgMs).toBeGreaterThan(0);
      expect(row.p95Ms).toBeGreaterThanOrEqual(row.avgMs * 0.5);
    }
  });

  it('tables each tool with its calls, the failed ones and how long they took', async () => {
    const { tools } = await callApi(core, 'insights.agents', { projectId: 1 });
    const expected = new Map<string, { requests: number; errors: number }>();
    for (const run of ALL_RUNS) {
      if (!run.tool) continue;
      const row = expected.get(run.tool.name) ?? { requests: 0, errors: 0 };
      expected.set(run.tool.name, {
        requests: row.requests + 1,
        errors: row.errors + (run.tool.fail ? 1 : 0),
      });
    }
    expect(tools.map((row) => [row.tool, row.requests, row.errors])).toEqual(
      [...expected].map(([tool, row]) => [tool, row.requests, row.errors]),
    );
    // Each tool sleeps 15 ms.
    for (const row of tools) expect(row.avgMs).toBeGreaterThanOrEqual(13);
  });

  it('lists each trace with its agent, LLM and tool calls, tokens and errors, newest first', async () => {
    const { traces } = await callApi(core, 'insights.agents', { projectId: 1 });
    expect(traces.map((row) => row.traceId)).toEqual([...traceIds].reverse());
    let answer = 0;
    for (const [i, run] of ALL_RUNS.entries()) {
      const row = traces.find((t) => t.traceId === traceIds[i]);
      const calls = openai.answered.slice(answer, answer + (run.tool ? 2 : 1));
      answer += calls.length;
      expect(row).toMatchObject({
        agents: [run.agent],
        agentRuns: 1,
        llmCalls: calls.length,
        toolCalls: run.tool ? 1 : 0,
        totalTokens: calls.reduce((sum, a) => sum + (a.usage ? a.usage.input + a.usage.output : 0), 0),
      });
      // A failed tool fails its span; a refused call fails its span and the agent run that made it.
      const errors = (run.tool?.fail ? 1 : 0) + (run.model === REFUSED_MODEL ? 2 : 0);
      expect(row?.errors).toBe(errors);
    }
  });

  it('opens a trace onto its agent run, with each LLM call’s prompt, response and tokens and the tool call', async () => {
    const trace = await callApi(core, 'insights.agentTrace', { projectId: 1, traceId: traceIds[0] ?? '' });
    const run = STATIC_RUNS[0] as SentAgentRun;
    const [first, second] = openai.answered;
    expect(trace.spans.map((span) => [span.kind, span.depth])).toEqual([
      ['agent', 0],
      ['llm', 1],
      ['tool', 1],
      ['llm', 1],
    ]);
    const [agent, chat, tool, reply] = trace.spans;
    expect(agent).toMatchObject({ agentName: run.agent, name: `invoke_agent ${run.agent}`, failed: false });
    expect(chat).toMatchObject({
      op: 'gen_ai.chat',
      requestModel: run.model,
      responseModel: `${run.model}-2025-01-01`,
      provider: 'openai',
      system: `You are ${run.agent}.`,
      response: ANSWER_TEXT,
      tokens: {
        input: first?.usage?.input,
        output: first?.usage?.output,
        total: (first?.usage?.input ?? 0) + (first?.usage?.output ?? 0),
      },
    });
    // The SDK records the system prompt apart; the other messages as the stand-in received them.
    expect(chat?.messages).toEqual(first?.messages.filter((m) => m.role !== 'system'));
    expect(reply?.messages).toEqual(second?.messages.filter((m) => m.role !== 'system'));
    expect(chat?.tokensPerSecond).toBeCloseTo(
      (first?.usage?.output ?? 0) / ((chat?.durationMs ?? 1) / 1000),
      6,
    );
    const output = `${run.tool?.name}(${run.tool?.input}) = 21°C`;
    expect(tool).toMatchObject({ toolName: 'get_weather', toolInput: run.tool?.input, toolOutput: output });
    expect(reply?.messages.at(-1)).toEqual({ role: 'user', content: output });
    // Each span names the transaction the trace view opens.
    expect(new Set(trace.spans.map((span) => span.transactionSpanId))).toEqual(new Set([agent?.spanId]));
  });

  it('shows a hand-traced streamed run’s request messages and a refused call as failed', async () => {
    const manual = await callApi(core, 'insights.agentTrace', { projectId: 1, traceId: traceIds[3] ?? '' });
    const asked = openai.answered.filter((answer) => answer.model === 'claude-sonnet-4');
    const calls = manual.spans.filter((span) => span.kind === 'llm');
    expect(calls.map((span) => span.messages)).toEqual(asked.map((answer) => answer.messages));
    expect(calls.map((span) => span.response)).toEqual([ANSWER_TEXT, ANSWER_TEXT]);
    expect(manual.spans.find((span) => span.kind === 'tool')?.toolName).toBe('search_flights');

    const broken = await callApi(core, 'insights.agentTrace', { projectId: 1, traceId: traceIds[2] ?? '' });
    expect(broken.spans.map((span) => [span.kind, span.failed])).toEqual([
      ['agent', true],
      ['llm', true],
    ]);
    expect(broken.spans[1]?.tokens).toBeNull();
  });

  it('refuses a malformed trace id with a clear error, and says when a trace has no spans here', async () => {
    await expect(callApi(core, 'insights.agentTrace', { projectId: 1, traceId: 'nope' })).rejects.toThrow(
      /32 hex digits/,
    );
    const missing = callApi(core, 'insights.agentTrace', { projectId: 1, traceId: 'a'.repeat(32) });
    await expect(missing).rejects.toBeInstanceOf(FaultlineError);
    await expect(missing).rejects.toMatchObject({ type: 'not_found' });
  });
});
