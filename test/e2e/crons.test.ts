/**
 * The Crons page in Chromium against `bin/faultline serve`, fed by the real @sentry/node SDK: it
 * says how to check in until a check-in arrives, then lists the monitors as they come (without a
 * reload) with their status, schedule and recent check-ins, and a monitor opens its check-ins; a
 * monitor whose first run is in progress waits for its check-in.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sendCheckInsWithSdk } from '../support/check-ins.ts';
import { appInChromium, chromiumMissingReason } from '../support/chromium.ts';
import { REPO_ROOT } from '../support/serve.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the Crons page tests: ${missing}`);

describe.skipIf(missing !== undefined)('the Crons page in Chromium', () => {
  const app = appInChromium();

  it('lists the monitors the SDK checked in and opens one’s check-ins', async () => {
    const { page, server } = app;
    await page.getByRole('link', { name: 'Crons' }).click();
    await page.getByRole('heading', { name: 'Crons', exact: true }).waitFor();
    await expect
      .poll(() => page.getByTestId('crons-empty').innerText())
      .toContain("Sentry.withMonitor('my-job'");

    const { started, failed } = await sendCheckInsWithSdk(server.info.dsn);
    const rows = page.getByRole('table', { name: 'Monitors' }).locator('tbody tr');
    await expect
      .poll(() => rows.allInnerTexts(), { timeout: 15_000 })
      .toEqual([
        expect.stringMatching(/^OK\thourly-sync\tproduction\t0 \* \* \* \* \(Europe\/Vienna\)\tjust now\t$/),
        expect.stringMatching(/^Failed\tnightly-report\tproduction\tevery day\tjust now\t$/),
      ]);
    const strip = page.getByRole('img', { name: 'Recent check-ins of nightly-report' }).locator('.cron-tick');
    expect(await strip.evaluateAll((ticks) => ticks.map((tick) => tick.getAttribute('data-status')))).toEqual(
      ['ok', 'error'],
    );

    await rows.nth(1).click();
    await expect.poll(() => page.url()).toContain('monitor=nightly-report&environment=production');
    const checkIns = page.getByRole('table', { name: 'Check-ins' }).locator('tbody tr');
    await expect
      .poll(() => checkIns.allInnerTexts())
      .toEqual([
        expect.stringMatching(/^Failed\t.+\t—\tproduction\tcrons-test@1\.0\.0\tissues of this trace$/),
        expect.stringMatching(/^OK\t.+\t2\.50s\tproduction\tcrons-test@1\.0\.0\tissues of this trace$/),
      ]);
    // A job's first run in progress: Sentry's monitor waits for its first check-in to end.
    const dsn = new URL(server.info.dsn);
    const cron = `${dsn.origin}/api/1/cron/first-run/${dsn.username}/?status=in_progress`;
    expect((await fetch(cron)).status).toBe(202);
    const firstRun = rows.filter({ hasText: 'first-run' }).locator('.cron-status');
    await expect.poll(() => firstRun.innerText(), { timeout: 15_000 }).toBe('Waiting for check-in');
    expect(await firstRun.getAttribute('title')).toBe('Latest check-in: In Progress');

    const trace = checkIns.first().getByRole('link', { name: 'issues of this trace' });
    expect(await trace.getAttribute('href')).toMatch(/^#\/issues\?project=1&query=trace%3A[0-9a-f]{32}$/);
    expect(started).not.toBe(failed);
    fs.mkdirSync(path.join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: path.join(REPO_ROOT, 'test-artifacts', 'crons.png'), fullPage: true });
    expect(app.problems).toEqual([]);
  });
});
