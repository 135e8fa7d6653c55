/**
 * Sentry's Resolve ▾ menu in Chromium against `bin/faultline serve`, fed by the real @sentry/node
 * SDK: "The next release", "The current release (<version>)" and "Another existing release…" on the
 * issue page and in the issue list's bulk bar, the resolution in the issue's header, the server's
 * message for a release the project does not have, and the choices off while it has no release.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason } from '../support/chromium.ts';
import { REPO_ROOT } from '../support/serve.ts';
import { type SenderSpec, sendWithSdk } from './fixtures/send.ts';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);

type SentError = SenderSpec['errors'][number];
const REFUND: SentError = { name: 'RefundFailed', message: 'refund 3 failed' };
const LOGIN: SentError = { name: 'LoginLocked', message: 'account locked' };

describe.skipIf(missing !== undefined)('resolving in a release in Chromium', () => {
  const app = appInChromium();

  const rows = () => app.page.getByTestId('issue-row');
  const rowOf = (error: SentError) => rows().filter({ hasText: `${error.name}: ` });
  const menu = () => app.page.getByRole('menu', { name: 'Resolved In' });
  const item = (name: string | RegExp) => menu().getByRole('menuitem', { name });
  const openMenu = (within: string) =>
    app.page.locator(`${within} summary[aria-label="More resolve options"]`).click();
  const resolution = () => app.page.getByTestId('resolution').textContent();
  const unresolve = async () => {
    await app.page.getByRole('button', { name: 'Unresolve', exact: true }).click();
    await app.page.getByRole('button', { name: 'Resolve', exact: true }).waitFor();
  };
  const openIssue = async (error: SentError) => {
    await app.page.goto(`${app.server.info.url}/#/issues`);
    await rowOf(error).locator('.issue-title a').click();
    await app.page.getByTestId('issue-title').filter({ hasText: error.name }).waitFor();
  };

  it('without a release the release choices are off and say why', async () => {
    await sendWithSdk(app.server.info.dsn, { errors: [REFUND] });
    await expect.poll(() => rowOf(REFUND).count(), { timeout: 15_000 }).toBe(1);
    await openIssue(REFUND);
    await openMenu('.issue-actions');
    for (const name of ['The next release', 'The current release', 'Another existing release…'])
      expect(await item(name).isDisabled()).toBe(true);
    expect(await menu().textContent()).toContain('Set up release tracking in order to use this feature.');
  });

  it('the issue page resolves in the current release, in another release, and in the next release', async () => {
    await sendWithSdk(app.server.info.dsn, {
      release: 'shop@1.0.0',
      errors: [{ ...REFUND, message: 'refund 4' }],
    });
    await sendWithSdk(app.server.info.dsn, { release: 'shop@1.1.0', errors: [LOGIN] });
    await app.page.goto(`${app.server.info.url}/#/issues`);
    await expect.poll(() => rowOf(LOGIN).count(), { timeout: 15_000 }).toBe(1);
    await openIssue(REFUND);

    await openMenu('.issue-actions');
    // The releases the menu names are refetched as it opens (they were cached from the test before).
    await expect
      .poll(() => menu().getByRole('menuitem').allTextContents())
      .toEqual(['The next release', 'The current release (shop@1.1.0)', 'Another existing release…']);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await app.page.screenshot({ path: path.join(ARTIFACTS, 'resolve-menu.png') });
    await item('The current release (shop@1.1.0)').click();
    await expect.poll(resolution).toBe('Resolved in shop@1.1.0');
    expect(await menu().isVisible()).toBe(false);

    // A release the project never saw is refused, with the server's reason.
    await unresolve();
    await openMenu('.issue-actions');
    await item('Another existing release…').click();
    const version = app.page.getByLabel('Release to resolve in');
    await version.fill('shop@9.9.9');
    await app.page.getByRole('button', { name: 'Resolve in release' }).click();
    await expect
      .poll(() => app.page.getByRole('alert').textContent())
      .toContain('release shop@9.9.9 is not a release of this project');
    expect(await app.page.locator('.issue-facts .status').textContent()).toBe('unresolved');
    // The refused call is the browser's only complaint.
    expect(app.problems.splice(0)).toEqual([expect.stringContaining('status of 400 (Bad Request)')]);
    // The picker offers the project's releases.
    await openMenu('.issue-actions');
    await item('Another existing release…').click();
    await version.fill('shop@1.0');
    await expect
      .poll(() =>
        app.page
          .locator('.release-picker datalist option')
          .evaluateAll((o) => o.map((x) => x.getAttribute('value'))),
      )
      .toEqual(['shop@1.0.0']);
    await version.fill('shop@1.0.0');
    await version.press('Enter');
    await expect.poll(resolution).toBe('Resolved in shop@1.0.0');
    expect(await app.page.getByRole('alert').count()).toBe(0);

    await unresolve();
    expect(await app.page.getByTestId('resolution').count()).toBe(0);
    await openMenu('.issue-actions');
    await item('The next release').click();
    // The project follows semver: the next release is one greater than the greatest version seen.
    await expect.poll(resolution).toBe('Resolved in the next release (after shop@1.1.0)');
    expect(app.problems).toEqual([]);
  });

  it('the bulk bar offers the same menu for the selected issues', async () => {
    await app.page.goto(`${app.server.info.url}/#/issues`);
    await expect.poll(() => rows().count()).toBe(1);
    await rowOf(LOGIN).getByRole('checkbox').check();
    await openMenu('.bulk-actions');
    await item('The current release (shop@1.1.0)').click();
    await expect.poll(() => app.page.getByTestId('issue-total').textContent()).toBe('0 issues');
    await app.page.getByRole('link', { name: 'Resolved', exact: true }).click();
    await rowOf(LOGIN).locator('.issue-title a').click();
    await expect.poll(resolution).toBe('Resolved in shop@1.1.0');
    expect(app.problems).toEqual([]);
  });
});
