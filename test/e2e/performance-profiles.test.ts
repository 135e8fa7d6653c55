/**
 * The Profiles tab of a transaction's summary in Chromium against `bin/faultline serve`, fed by the real
 * Python sentry-sdk 1.9: two profiled requests of one name (`generic WSGI request`, each running
 * `busy_checkout`). The tab draws their aggregate flame graph — hovering busy_checkout's box shows both
 * profiles' samples, the search highlights it, a click zooms into it — and lists the two profiles, each
 * opening its own flame graph. The Profiles page links the same aggregate.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  MAX_AGGREGATED_PROFILES,
  type ProfileDetail,
  type ProfileList,
} from '../../src-shared/profiles-api.ts';
import { appInChromium, chromiumMissingReason } from '../support/chromium.ts';
import { PYTHON, pythonSdkMissing } from '../support/python.ts';
import { REPO_ROOT } from '../support/serve.ts';
import { rpc } from './fixtures/rpc.ts';

const run = promisify(execFile);
const missing = chromiumMissingReason() ?? pythonSdkMissing();
if (missing) console.warn(`skipping the aggregate flame graph tests: ${missing}`);

const SCRIPT = path.join(REPO_ROOT, 'test', 'integration', 'profiles', 'fixtures', 'python-profiled-wsgi.py');
const NAME = 'generic WSGI request';

/** The samples under the tree's nodes of `name`. */
const samplesIn = (detail: ProfileDetail, name: string) =>
  detail.tree.nodes
    .filter((node) => detail.tree.frames[node.frame]?.name === name)
    .reduce((sum, node) => sum + node.totalSamples, 0);

describe.skipIf(missing !== undefined)('the aggregate flame graph of a transaction in Chromium', () => {
  const app = appInChromium();

  it("merges the transaction's two profiles: hover, search, zoom, and each profile opening its own", async () => {
    const { page, server } = app;
    await run(PYTHON, [SCRIPT, server.info.dsn, '2'], { timeout: 30_000 });
    let profiles: ProfileList = { profiles: [], partial: false };
    await expect
      .poll(
        async () => {
          profiles = await rpc<ProfileList>(server, 'profiles.list', { projectId: 1 });
          return profiles.profiles.length;
        },
        { timeout: 15_000 },
      )
      .toBe(2);
    // What each profile's own flame graph counts of busy_checkout: the aggregate shows their sum.
    const own = await Promise.all(
      profiles.profiles.map(async (profile) =>
        samplesIn(
          await rpc<ProfileDetail>(server, 'profiles.get', {
            projectId: 1,
            profileId: profile.ref.kind === 'transaction' ? profile.ref.profileId : '',
          }),
          'busy_checkout',
        ),
      ),
    );
    const busySamples = own.reduce((sum, samples) => sum + samples, 0);
    expect(Math.min(...own)).toBeGreaterThan(0);

    await page.goto(`${server.info.url}/#/performance?project=1`);
    const table = page.getByRole('table', { name: 'Transactions' });
    await table.getByRole('button', { name: NAME }).click();
    const panel = page.getByRole('region', { name: `Summary of ${NAME}` });
    await panel.getByRole('tab', { name: 'Profiles' }).click();
    await expect.poll(() => page.url()).toContain('tab=profiles');
    const tab = panel.getByRole('tabpanel', { name: 'Profiles' });
    const graph = tab.getByTestId('flame-graph');
    await graph.waitFor({ timeout: 15_000 });
    await expect.poll(() => tab.getByTestId('aggregate-bound').innerText()).toContain('2 profiles');
    expect(await tab.getByTestId('aggregate-bound').innerText()).toContain(
      `newest ${MAX_AGGREGATED_PROFILES}`,
    );

    // One box for busy_checkout however many lines of it were sampled, holding both profiles' samples.
    const busy = graph.locator('[data-frame="busy_checkout"]');
    await expect.poll(() => busy.count()).toBe(1);
    expect(await busy.getAttribute('data-in-app')).toBe('true');
    await busy.hover();
    const tooltip = graph.getByTestId('flame-tooltip');
    await expect
      .poll(() => tooltip.getByTestId('flame-tooltip-total').innerText())
      .toContain(`${busySamples} sample${busySamples === 1 ? '' : 's'}`);
    expect(await tooltip.getByTestId('flame-tooltip-location').innerText()).toContain(
      'python-profiled-wsgi.py',
    );

    await graph.getByRole('searchbox', { name: 'Search frames' }).fill('busy_check');
    await expect.poll(() => busy.getAttribute('data-match')).toBe('true');
    expect(await graph.locator('[data-frame="app"]').getAttribute('data-match')).toBe('false');
    await graph.getByRole('searchbox', { name: 'Search frames' }).fill('');

    fs.mkdirSync(path.join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({
      path: path.join(REPO_ROOT, 'test-artifacts', 'aggregate-flame-graph.png'),
      fullPage: true,
    });
    await busy.click();
    await expect
      .poll(() => graph.getByRole('region', { name: 'Flame graph' }).getAttribute('data-zoomed'))
      .toBe('true');
    // Zoomed in, busy_checkout fills the width.
    await expect.poll(() => busy.evaluate((box) => (box as HTMLElement).style.width)).toBe('100%');

    // The profiles it was made of, each opening its own flame graph.
    const listed = tab.getByRole('table', { name: 'Profiles merged' }).locator('tbody tr');
    await expect.poll(() => listed.count()).toBe(2);
    await listed.first().getByRole('link').click();
    await expect.poll(() => page.url()).toMatch(/#\/profiles\/[0-9a-f]{32}/);
    await expect.poll(() => page.getByTestId('profile-transaction').innerText()).toBe(NAME);
    await page.getByTestId('flame-graph').waitFor();

    // The Profiles page links each profile's transaction to the same aggregate.
    await page.goto(`${server.info.url}/#/profiles?project=1`);
    await page
      .getByTestId('profile-row')
      .first()
      .getByRole('link', { name: `Aggregate flame graph of ${NAME}` })
      .click();
    await expect.poll(() => page.url()).toContain('tab=profiles');
    await page
      .getByRole('tabpanel', { name: 'Profiles' })
      .locator('[data-frame="busy_checkout"]')
      .waitFor({ timeout: 15_000 });
    expect(app.problems).toEqual([]);
  });
});
