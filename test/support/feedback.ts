/** Feedback sent by the real @sentry/node SDK (test/e2e/fixtures/feedback-sender.ts). */
import { execFile } from 'node:child_process';
import path from 'node:path';

const SENDER = path.join(import.meta.dirname, '..', 'e2e', 'fixtures', 'feedback-sender.ts');

/** Resolves with the ids: the standalone feedback, the error, and the feedback about that error. */
export function sendFeedbackWithSdk(
  dsn: string,
): Promise<{ standalone: string; error: string; about: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [SENDER, dsn], { timeout: 30_000 }, (error, out, stderr) => {
      if (error) reject(new Error(`feedback-sender failed: ${error.message}\n${stderr}`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}'));
    });
  });
}
