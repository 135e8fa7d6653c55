/**
 * A loopback stand-in of OpenAI's chat completions API (`POST /v1/chat/completions`), which the tests
 * point the real `openai` client at (OpenAI's service is not something a test can run). It answers a
 * fixed completion with usage counts of its own reckoning — input tokens from the prompt's length,
 * output tokens fixed per model — and refuses the model `REFUSED_MODEL` with a 500, recording every
 * answer so that a test can compute what the app's spans should say from what was answered.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const REFUSED_MODEL = 'refused-model';

/** The completion every call is answered. */
export const ANSWER_TEXT = 'It is sunny and 21°C.';

export interface StandInMessage {
  role: string;
  content: string;
}

export interface StandInAnswer {
  model: string;
  messages: StandInMessage[];
  status: number;
  /** Null for a refused call. */
  usage: { input: number; output: number } | null;
}

export interface OpenAiStandIn {
  /** The client's `baseURL` (`http://127.0.0.1:<port>/v1`). */
  baseURL: string;
  answered: StandInAnswer[];
  close(): Promise<void>;
}

/** Output tokens a model answers with; any other model answers 9. */
const OUTPUT_TOKENS: Record<string, number> = { 'gpt-4o-mini': 7, 'claude-sonnet-4': 12 };

function read(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startOpenAiStandIn(): Promise<OpenAiStandIn> {
  const answered: StandInAnswer[] = [];
  const server = http.createServer(async (req, res) => {
    const body = JSON.parse((await read(req)) || '{}') as { model?: string; messages?: StandInMessage[] };
    const model = body.model ?? '';
    const messages = body.messages ?? [];
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      json(404, { error: { message: `no route ${req.method} ${req.url}`, type: 'invalid_request_error' } });
      return;
    }
    if (model === REFUSED_MODEL) {
      answered.push({ model, messages, status: 500, usage: null });
      json(500, { error: { message: 'the model is overloaded', type: 'server_error' } });
      return;
    }
    const input = 5 + Math.ceil(messages.reduce((sum, m) => sum + m.content.length, 0) / 4);
    const output = OUTPUT_TOKENS[model] ?? 9;
    answered.push({ model, messages, status: 200, usage: { input, output } });
    json(200, {
      id: `chatcmpl-${answered.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: `${model}-2025-01-01`,
      choices: [{ index: 0, message: { role: 'assistant', content: ANSWER_TEXT }, finish_reason: 'stop' }],
      usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    answered,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
