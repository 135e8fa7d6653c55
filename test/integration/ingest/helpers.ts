/** A real Faultline core on a free loopback port in a temp data dir, and plain HTTP against it. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { type Core, type CoreOptions, createCore } from '../../../src-main/core/core.ts';
import { type Envelope, parseEnvelope } from '../../../src-main/core/ingest/envelope-parser.ts';
import type { QueuedEnvelope } from '../../../src-main/core/store/queue.ts';
import { callApi } from '../../support/core.ts';
import { tempDir } from '../../support/serve.ts';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
export const CORPUS_DIR = path.resolve(REPO_ROOT, '../shared/corpus/envelopes');

export interface TestServer {
  core: Core;
  /** Every envelope committed to the queue, in order (the pipeline may already have drained it). */
  committed: QueuedEnvelope[];
  dataDir: string;
  publicKey: string;
  dsn: string;
  close(): Promise<void>;
}

export async function startServer(options: Partial<CoreOptions> = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDir('faultline-ingest-');
  const quiet = { info() {}, warn() {}, error() {} };
  const core = await createCore({ mode: 'headless', port: 0, log: quiet, ...options, dataDir });
  const project = core.ctx.projects.get(1)!;
  const key = project.keys[0]!;
  const committed: QueuedEnvelope[] = [];
  core.ctx.ingestQueue.observe((rows) => committed.push(...rows));
  return {
    core,
    committed,
    dataDir,
    publicKey: key.publicKey,
    dsn: key.dsn,
    close: () => core.close(),
  };
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
  json(): unknown;
}

export interface PostOptions {
  method?: string;
  headers?: http.OutgoingHttpHeaders;
  /** Send without Content-Length (Transfer-Encoding: chunked), split in chunks of this size. */
  chunkSize?: number;
  agent?: http.Agent;
}

/** One HTTP request with exact control over headers and framing. */
export function request(
  url: string,
  body: Buffer | string | undefined,
  options: PostOptions = {},
): Promise<Reply> {
  const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = { ...options.headers };
    if (payload && options.chunkSize === undefined) headers['content-length'] = payload.length;
    const req = http.request(
      url,
      { method: options.method ?? 'POST', headers, agent: options.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const all = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: all,
            text: all.toString('utf8'),
            json: () => JSON.parse(all.toString('utf8')),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (payload && options.chunkSize !== undefined) {
      for (let at = 0; at < payload.length; at += options.chunkSize)
        req.write(payload.subarray(at, at + options.chunkSize));
      req.end();
    } else {
      req.end(payload);
    }
  });
}

export function envelopeUrl(server: TestServer, projectId = 1, key = server.publicKey): string {
  return `${server.core.url}/api/${projectId}/envelope/?sentry_version=7&sentry_key=${key}&sentry_client=test%2F1.0`;
}

/** Every envelope committed so far, oldest first, with its request metadata. */
export function queuedRows(server: TestServer): QueuedEnvelope[] {
  return [...server.committed];
}

export function queuedEnvelopes(server: TestServer): Array<{ row: QueuedEnvelope; envelope: Envelope }> {
  return queuedRows(server).map((row) => ({ row, envelope: parseEnvelope(row.envelope) }));
}

export function itemTypes(envelope: Envelope): string[] {
  return envelope.items.map((item) => item.headers.type);
}

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runChild(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export function corpusAvailable(): boolean {
  const ok = fs.existsSync(path.join(CORPUS_DIR, 'captures-index.json'));
  if (!ok) console.warn(`[ingest tests] skipping corpus tests: ${CORPUS_DIR} is missing`);
  return ok;
}

/** Outcome totals as `outcome category[:reason]` → quantity, once the pipeline is idle. */
export async function outcomeTotals(server: TestServer): Promise<Record<string, number>> {
  await server.core.ctx.pipeline.call('pipeline.drain', {});
  const totals: Record<string, number> = {};
  for (const row of await callApi(server.core, 'outcomes.list', {})) {
    const key = `${row.outcome} ${row.category}${row.reason ? `:${row.reason}` : ''}`;
    totals[key] = (totals[key] ?? 0) + row.quantity;
  }
  return totals;
}
