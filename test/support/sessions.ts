/** Sessions sent by the real @sentry/node SDK (test/integration/releases/fixtures/session-sender.ts). */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const SENDER = path.join(
  import.meta.dirname,
  '..',
  'integration',
  'releases',
  'fixtures',
  'session-sender.ts',
);

/** One clean session of user `u1`; with `crash`, also user `u2`'s session with a handled error, then a crash. */
export async function sendSessionsWithSdk(dsn: string, release: string, crash = false): Promise<void> {
  await promisify(execFile)(process.execPath, [SENDER, dsn, release, ...(crash ? ['crash'] : [])], {
    timeout: 30_000,
  });
}
