/** Structured logs written by the real @sentry/node SDK (test/e2e/fixtures/log-sender.ts). */
import { execFile } from 'node:child_process';
import path from 'node:path';

export interface SentLog {
  level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  message: string;
  attributes?: Record<string, string | number | boolean>;
}

const SENDER = path.join(import.meta.dirname, '..', 'e2e', 'fixtures', 'log-sender.ts');

/** Each batch is flushed as its own envelope, in order. */
export function sendLogsWithSdk(dsn: string, batches: SentLog[][]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [SENDER, dsn, JSON.stringify(batches)],
      { timeout: 30_000 },
      (error, _out, stderr) => {
        if (error) reject(new Error(`log-sender failed: ${error.message}\n${stderr}`));
        else resolve();
      },
    );
  });
}

const TRACED_SENDER = path.join(import.meta.dirname, '..', 'e2e', 'fixtures', 'traced-log-sender.ts');

/**
 * Sends the logs of `fixtures/traced-log-sender.ts`: `importing orders` inside the traced task `import
 * orders`, and `orders import failed` next to the error `the import crashed` in a trace with no
 * transaction. Resolves with the two trace ids.
 */
export function sendTracedLogsWithSdk(
  dsn: string,
): Promise<{ tracedTraceId: string; untracedTraceId: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [TRACED_SENDER, dsn], { timeout: 30_000 }, (error, out, stderr) => {
      if (error) reject(new Error(`traced-log-sender failed: ${error.message}\n${stderr}`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}'));
    });
  });
}
