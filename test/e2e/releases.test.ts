/**
 * The Releases page in Chromium against `bin/faultline serve`, fed by the real @sentry/node SDK's
 * sessions: it says how to get releases until some arrive, then lists them as they come (without a
 * reload) with their adoption and crash-free rates, opens a release's session breakdown, and links its
 * new issues to the issue list.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason } from '../support/chromium.ts';
import { REPO_ROOT } from '../support/serve.ts';
import { sendSessionsWithSdk } from '../support/sessions.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the Releases page tests: ${missing}`);

describe.skipIf(missing !== undefined)('the Releases page in Chromium', () => {
  const app = appInChromium();

  it('lists releases with crash-free rates as sessions arrive, opens one, and follows its new issues', async () => {
    const { page, server } = app;
    await page.getByRole('link', { name: 'Releases' }).click();
    await page.getByRole('heading', { name: 'Releases', exact: true }).waitFor();
    await expect
      .poll(() => page.getByTestId('releases-empty').innerText())
      .toContain("release: 'my-app@1.0.0'");

    await sendSessionsWithSdk(server.info.dsn, 'web@1.0.0', true);
    await sendSessionsWithSdk(server.info.dsn, 'web@1.1.0');
    const rows = page.getByRole('table', { name: 'Releases' }).locator('tbody tr');
    await expect
      .poll(() => rows.allInnerTexts(), { timeout: 15_000 })
      .toEqual([
        // Version, first seen, adoption, crash-free sessions, crash-free users, sessions, new issues, last seen.
        expect.stringMatching(/^web@1\.1\.0\t.+\t33\.33%\t100%\t100%\t1\t0\t/),
        expect.stringMatching(/^web@1\.0\.0\t.+\t66\.67%\t50%\t50%\t2\t[1-9]\d*\t/),
      ]);
    const crashFree = rows.nth(1).getByTestId('crash-free-sessions');
    expect(await crashFree.getAttribute('class')).toBe('crash-free-poor');
    expect(await rows.nth(0).getByTestId('crash-free-sessions').getAttribute('class')).toBe(
      'crash-free-good',
    );

    await rows.nth(1).click();
    const detail = page.getByRole('region', { name: 'Release web@1.0.0' });
    const breakdown = detail.getByRole('table', { name: 'Session status breakdown' }).locator('tr');
    await expect
      .poll(async () => (await breakdown.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ')))
      .toEqual(['Healthy 1 50%', 'Errored 0 0%', 'Crashed 1 50%', 'Abnormal 0 0%']);
    expect(await detail.locator('.session-crashed').getAttribute('style')).toBe('width: 50%;');
    // Two of the three sessions of the last 24 hours, and both users (u1 is on both releases).
    expect(await detail.getByTestId('release-adoption').innerText()).toBe(
      '66.67% of sessions, 100% of users',
    );
    fs.mkdirSync(path.join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: path.join(REPO_ROOT, 'test-artifacts', 'releases.png'), fullPage: true });
    expect(page.url()).toContain('#/releases/web%401.0.0?');

    const newIssues = rows.nth(1).locator('td').nth(6).getByRole('link');
    const count = Number(await newIssues.innerText());
    await newIssues.click();
    await page.getByRole('heading', { name: 'Issues', exact: true }).waitFor();
    expect(decodeURIComponent(page.url())).toContain('query=first_release:"web@1.0.0"');
    await expect
      .poll(() => page.locator('[data-testid="issue-row"]').count(), { timeout: 15_000 })
      .toBe(count);
  });
});
