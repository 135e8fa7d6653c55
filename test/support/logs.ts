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
