/** Trace metrics recorded by the real @sentry/node SDK (test/e2e/fixtures/metric-sender.ts). */
import { execFile } from 'node:child_process';
import path from 'node:path';

export interface SentMetric {
  kind: 'count' | 'gauge' | 'distribution';
  name: string;
  value: number;
  unit?: string;
  attributes?: Record<string, string | number | boolean>;
  /** Recorded inside a sampled span of this name (its transaction is sent too). */
  span?: string;
}

const SENDER = path.join(import.meta.dirname, '..', 'e2e', 'fixtures', 'metric-sender.ts');

/** Each batch is flushed as its own envelope, in order. Resolves with the trace id of each span named. */
export function sendMetricsWithSdk(dsn: string, batches: SentMetric[][]): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [SENDER, dsn, JSON.stringify(batches)],
      { timeout: 30_000 },
      (error, out, stderr) => {
        if (error) reject(new Error(`metric-sender failed: ${error.message}\n${stderr}`));
        else
          resolve(
            (JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { traceIds: Record<string, string> })
              .traceIds,
          );
      },
    );
  });
}
