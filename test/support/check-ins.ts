/** Check-ins sent by the real @sentry/node SDK (test/e2e/fixtures/check-in-sender.ts). */
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { Core } from '../../src-main/core/core.ts';
import { encodeNode } from '../../src-main/core/store/nodestore.ts';

const SENDER = path.join(import.meta.dirname, '..', 'e2e', 'fixtures', 'check-in-sender.ts');

/** Resolves with the ids of `nightly-report`'s two check-ins (the one started then ok, the failed one). */
export function sendCheckInsWithSdk(dsn: string): Promise<{ started: string; failed: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [SENDER, dsn], { timeout: 30_000 }, (error, out, stderr) => {
      if (error) reject(new Error(`check-in-sender failed: ${error.message}\n${stderr}`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}'));
    });
  });
}

/** Stores check-ins as the pipeline stores a `check_in` item, each received at its own time. */
export function storeCheckIns(
  core: Core,
  checkIns: Array<[received: number, body: Record<string, unknown>]>,
): void {
  const insert = core.ctx.db.prepare(
    "INSERT INTO item_store (project_id, type, received, data) VALUES (1, 'check_in', ?, ?)",
  );
  core.ctx.db.transaction(() => {
    for (const [received, body] of checkIns)
      insert.run(received, encodeNode({ headers: { type: 'check_in' }, body }));
  })();
}
