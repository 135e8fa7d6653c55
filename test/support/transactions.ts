/** Transactions traced by the real @sentry/node SDK (test/e2e/fixtures/transaction-sender.ts). */
import { execFile } from 'node:child_process';
import path from 'node:path';

export interface SentTransaction {
  name: string;
  op: string;
  status?: string;
  /** The scope's user while it runs. */
  user?: { id?: string; email?: string };
  /** The scope's tags while it runs. */
  tags?: Record<string, string>;
  /** The root span's attributes (`http.request.method` …). */
  attributes?: Record<string, string>;
  /** Names the scope's transaction after it (as framework instrumentation does), so that its error says it. */
  nameScope?: boolean;
  /** Captured as an exception inside the transaction, so that its trace has an error. */
  error?: string;
  /** Starts the root span this long before now, so that it began long before it ended. */
  startedMsAgo?: number;
  /** The root span's measurements (`Sentry.setMeasurement`). */
  measurements?: Record<string, { value: number; unit: string }>;
  ms?: number;
  children?: Array<{ name: string; op: string; ms?: number; attributes?: Record<string, string> }>;
}

const SENDER = path.join(import.meta.dirname, '..', 'e2e', 'fixtures', 'transaction-sender.ts');

/**
 * Sends each transaction in turn, flushed before the next; `stream` as SDK 11 streams spans by
 * default, `static` as `transaction` items; in the SDK's `environment` (`test` unless given).
 * Resolves with their trace ids, in order.
 */
export function sendTransactionsWithSdk(
  dsn: string,
  lifecycle: 'static' | 'stream',
  transactions: SentTransaction[],
  environment = 'test',
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [SENDER, dsn, lifecycle, JSON.stringify(transactions), environment],
      { timeout: 30_000 },
      (error, out, stderr) => {
        if (error) reject(new Error(`transaction-sender failed: ${error.message}\n${stderr}`));
        else resolve((JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { traceIds: string[] }).traceIds);
      },
    );
  });
}

const TREE_SENDER = path.join(import.meta.dirname, '..', 'e2e', 'fixtures', 'trace-tree-sender.ts');

/**
 * Sends the trace of `fixtures/trace-tree-sender.ts` (a task fetching an instrumented HTTP server whose
 * handler runs two spans at once and captures an error in a third); resolves with its trace id.
 */
export function sendTraceTreeWithSdk(dsn: string, lifecycle: 'static' | 'stream'): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [TREE_SENDER, dsn, lifecycle], { timeout: 30_000 }, (error, out, stderr) => {
      if (error) reject(new Error(`trace-tree-sender failed: ${error.message}\n${stderr}`));
      else resolve((JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { traceId: string }).traceId);
    });
  });
}

const HTTP_CLIENT_SENDER = path.join(import.meta.dirname, '..', 'e2e', 'fixtures', 'http-client-sender.ts');

export interface SentRequests {
  name: string;
  requests: Array<{ url: string; via: 'fetch' | 'http'; method?: string }>;
}

/**
 * Runs `fixtures/http-client-sender.ts`: each transaction makes its outbound requests, which the SDK
 * traces as `http.client` spans. Resolves with their trace ids, in order.
 */
export function sendRequestsWithSdk(
  dsn: string,
  lifecycle: 'static' | 'stream',
  transactions: SentRequests[],
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [HTTP_CLIENT_SENDER, dsn, lifecycle, JSON.stringify(transactions)],
      { timeout: 30_000 },
      (error, out, stderr) => {
        if (error) reject(new Error(`http-client-sender failed: ${error.message}\n${stderr}`));
        else resolve((JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { traceIds: string[] }).traceIds);
      },
    );
  });
}

const AI_AGENT_SENDER = path.join(import.meta.dirname, '..', 'e2e', 'fixtures', 'ai-agent-sender.ts');

export interface SentAgentRun {
  agent: string;
  model: string;
  prompt: string;
  client?: 'openai' | 'manual';
  tool?: { name: string; input: string; fail?: boolean };
}

/**
 * Runs `fixtures/ai-agent-sender.ts`: each agent run asks the OpenAI stand-in at `baseURL` through the
 * real `openai` client (or by hand), traced by @sentry/node. Resolves with their trace ids, in order.
 */
export function sendAgentRunsWithSdk(
  dsn: string,
  lifecycle: 'static' | 'stream',
  baseURL: string,
  runs: SentAgentRun[],
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [AI_AGENT_SENDER, dsn, lifecycle, baseURL, JSON.stringify(runs)],
      { timeout: 30_000 },
      (error, out, stderr) => {
        if (error) reject(new Error(`ai-agent-sender failed: ${error.message}\n${stderr}`));
        else resolve((JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { traceIds: string[] }).traceIds);
      },
    );
  });
}
