/**
 * The AI Agents page in Chromium against `bin/faultline serve`, fed by the real @sentry/node SDK: agents
 * traced by hand whose LLM calls go through the real `openai` client (the SDK's `openAIIntegration`) or
 * are traced by hand, against a loopback stand-in of OpenAI's chat completions API. The page says how
 * to get AI spans until some arrive, then shows the runs, calls and tokens the stand-in answered, the
 * models and tools tables, and a trace's agent run with its prompts, response and tool call.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatTokens } from '../../src-renderer/features/insights/agent-format.ts';
import { appInChromium, chromiumMissingReason } from '../support/chromium.ts';
import {
  ANSWER_TEXT,
  type OpenAiStandIn,
  REFUSED_MODEL,
  startOpenAiStandIn,
} from '../support/openai-stand-in.ts';
import { REPO_ROOT } from '../support/serve.ts';
import { sendAgentRunsWithSdk } from '../support/transactions.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the AI Agents page tests: ${missing}`);

let openai: OpenAiStandIn | undefined;
afterAll(async () => {
  await openai?.close();
});

describe.skipIf(missing !== undefined)('the AI Agents page in Chromium', () => {
  const app = appInChromium();

  it('shows the runs, LLM calls and tokens the stand-in answered, the models and tools, and a run’s prompts', async () => {
    const { page, server } = app;
    await page.getByRole('link', { name: 'AI Agents' }).click();
    await page.getByRole('heading', { name: 'AI Agents', exact: true }).waitFor();
    await expect.poll(() => page.getByTestId('agents-empty').innerText()).toContain('gen_ai.invoke_agent');

    openai = await startOpenAiStandIn();
    const [weather = ''] = await sendAgentRunsWithSdk(server.info.dsn, 'static', openai.baseURL, [
      {
        agent: 'Weather Agent',
        model: 'gpt-4o-mini',
        prompt: 'What is the weather in Paris?',
        tool: { name: 'get_weather', input: '{"city":"Paris"}' },
      },
      { agent: 'Broken Agent', model: REFUSED_MODEL, prompt: 'Anything?' },
    ]);
    await sendAgentRunsWithSdk(server.info.dsn, 'stream', openai.baseURL, [
      {
        agent: 'Travel Agent',
        model: 'claude-sonnet-4',
        prompt: 'Find me a flight to Lisbon',
        client: 'manual',
        tool: { name: 'search_flights', input: '{"to":"LIS"}', fail: true },
      },
    ]);
    const answered = openai.answered;
    const tokens = answered.reduce((sum, a) => sum + (a.usage ? a.usage.input + a.usage.output : 0), 0);

    const widget = (name: string) => page.getByRole('figure', { name }).locator('.agent-widget-total');
    await expect.poll(() => widget('Agent runs').innerText(), { timeout: 15_000 }).toBe('3');
    await expect.poll(() => widget('LLM calls').innerText()).toBe(String(answered.length));
    expect(await widget('Tool calls').innerText()).toBe('2');
    expect(await widget('Tokens used').innerText()).toBe(formatTokens(tokens));

    const traces = page.getByRole('table', { name: 'Agent traces' }).locator('tbody tr');
    await expect
      .poll(() => traces.locator('td:first-child').allInnerTexts())
      .toEqual(['Travel Agent', 'Broken Agent', 'Weather Agent']);

    await page.getByRole('tab', { name: 'Models' }).click();
    expect(page.url()).toContain('table=models');
    const models = page.getByRole('table', { name: 'Models' }).locator('tbody tr');
    await expect.poll(() => models.count()).toBe(3);
    for (const model of new Set(answered.map((a) => a.model))) {
      const calls = answered.filter((a) => a.model === model);
      const input = calls.reduce((sum, a) => sum + (a.usage?.input ?? 0), 0);
      const output = calls.reduce((sum, a) => sum + (a.usage?.output ?? 0), 0);
      const errors = calls.filter((a) => a.status !== 200).length;
      const cells = await models.filter({ hasText: model }).locator('td').allInnerTexts();
      expect([cells[0], cells[1], cells[2], cells[5], cells[6], cells[7]]).toEqual([
        model,
        String(calls.length),
        String(errors),
        `${formatTokens(input)} (0)`,
        `${formatTokens(output)} (0)`,
        formatTokens(input + output),
      ]);
    }

    await page.getByRole('tab', { name: 'Tools' }).click();
    const tools = page.getByRole('table', { name: 'Tools' }).locator('tbody tr');
    await expect
      .poll(() => tools.allInnerTexts())
      .toEqual([
        expect.stringMatching(/^get_weather\t1\t0\t/),
        expect.stringMatching(/^search_flights\t1\t1\t/),
      ]);
    fs.mkdirSync(path.join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: path.join(REPO_ROOT, 'test-artifacts', 'agents.png'), fullPage: true });

    // The Weather Agent's run: its first LLM call is shown first, with the prompt the stand-in received.
    await page.getByRole('tab', { name: 'Traces' }).click();
    await page.getByRole('button', { name: 'Weather Agent' }).click();
    const panel = page.getByRole('region', { name: `AI spans of trace ${weather}` });
    const list = panel.getByRole('list', { name: 'AI spans' }).locator(':scope > li');
    await expect
      .poll(() => list.allInnerTexts())
      .toEqual([
        expect.stringMatching(/^Agent Weather Agent/),
        expect.stringMatching(/^LLM call gpt-4o-mini/),
        expect.stringMatching(/^Tool get_weather/),
        expect.stringMatching(/^LLM call gpt-4o-mini/),
      ]);
    const detail = panel.getByRole('region', { name: 'LLM call gpt-4o-mini' });
    await expect
      .poll(() => detail.getByRole('list', { name: 'Messages' }).innerText())
      .toContain('What is the weather in Paris?');
    expect(await detail.locator('pre').last().innerText()).toBe(ANSWER_TEXT);
    await panel.getByRole('button', { name: 'Tool get_weather' }).click();
    const tool = panel.getByRole('region', { name: 'Tool get_weather' });
    await expect.poll(() => tool.innerText()).toContain('get_weather({"city":"Paris"}) = 21°C');
    expect(page.url()).toContain(`trace=${weather}`);
    await page.screenshot({
      path: path.join(REPO_ROOT, 'test-artifacts', 'agent-trace.png'),
      fullPage: true,
    });

    await panel.getByRole('link', { name: 'open the whole trace' }).click();
    await expect.poll(() => page.url()).toContain(`#/traces/${weather}`);
    expect(app.problems).toEqual([]);
  });
});
