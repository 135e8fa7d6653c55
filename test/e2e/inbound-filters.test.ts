/**
 * The Inbound Filters section of a project's card in Chromium against `bin/faultline serve`: toggles,
 * legacy browser choices and custom filters are saved and shown again after a reload; events they
 * match are dropped, and the Outcomes page lists them as filtered under the filter's reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InboundFilters } from '../../src-shared/inbound-filters-api.ts';
import { appInChromium, chromiumMissingReason } from '../support/chromium.ts';
import { REPO_ROOT } from '../support/serve.ts';
import { rpc } from './fixtures/rpc.ts';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);

const IE11 = 'Mozilla/5.0 (Windows NT 6.3; Trident/7.0; rv:11.0) like Gecko';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

describe.skipIf(missing !== undefined)('the Inbound Filters settings in Chromium', () => {
  const app = appInChromium();

  const send = async (message: string, userAgent: string) => {
    const key = new URL(app.server.info.dsn).username;
    const event = {
      message,
      request: { url: 'https://shop.example.com/', headers: { 'User-Agent': userAgent } },
    };
    const response = await fetch(`${app.server.info.url}/api/1/envelope/?sentry_key=${key}`, {
      method: 'POST',
      body: `{}\n{"type":"event"}\n${JSON.stringify(event)}\n`,
    });
    expect(response.status).toBe(200);
  };

  beforeAll(() => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });

  it('saves toggles, legacy browsers and custom filters, and shows them again', async () => {
    await app.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Projects & Setup' })
      .click();
    const section = app.page.getByRole('region', { name: 'Inbound Filters' }).first();
    const crawlers = section.getByRole('switch', { name: /Filter out known web crawlers/ });
    const localhost = section.getByRole('switch', { name: /Filter out events coming from localhost/ });
    await crawlers.waitFor();
    // All off by default: a local tool receives everything from this machine.
    expect(await localhost.isChecked()).toBe(false);
    expect(await crawlers.isChecked()).toBe(false);

    await crawlers.check();
    await expect.poll(() => crawlers.isChecked()).toBe(true);
    const ie = section.getByRole('checkbox', { name: /Internet Explorer Version 11 and lower/ });
    await ie.check();
    await expect.poll(() => ie.isChecked()).toBe(true);

    const custom = section.getByRole('form', { name: 'Custom filters' });
    await custom.getByLabel('Error Message').fill('*ignored*\n\n  Noise*  ');
    await custom.getByLabel('IP Addresses').fill('10.0.0.0/8');
    await custom.getByRole('button', { name: 'Save custom filters' }).click();
    await expect
      .poll(() => rpc<InboundFilters>(app.server, 'projects.getInboundFilters', { projectId: 1 }))
      .toMatchObject({ webCrawlers: true, legacyBrowsers: ['ie'], errorMessages: ['*ignored*', 'Noise*'] });

    // A bad IP entry is refused with Sentry's reason, and nothing else is lost.
    await custom.getByLabel('IP Addresses').fill('10.0.0.0/8\nnot-an-ip');
    await custom.getByRole('button', { name: 'Save custom filters' }).click();
    await section.getByText('"not-an-ip" is not an IP address or CIDR range').waitFor();
    // The refused save's answer (400) is the only problem the page reports.
    expect(app.problems.splice(0)).toEqual([expect.stringContaining('status of 400 (Bad Request)')]);
    // What was typed stays, to be corrected.
    expect(await custom.getByLabel('IP Addresses').inputValue()).toBe('10.0.0.0/8\nnot-an-ip');
    expect(
      (await rpc<InboundFilters>(app.server, 'projects.getInboundFilters', { projectId: 1 })).clientIps,
    ).toEqual(['10.0.0.0/8']);

    await app.page.reload();
    await crawlers.waitFor();
    expect(await crawlers.isChecked()).toBe(true);
    expect(await ie.isChecked()).toBe(true);
    expect(await custom.getByLabel('Error Message').inputValue()).toBe('*ignored*\nNoise*');
    await section.screenshot({ path: path.join(ARTIFACTS, 'setup-inbound-filters.png') });
  }, 60_000);

  it('drops matching events and shows them under Outcomes with their reason', async () => {
    await send('a crawler found a bug', GOOGLEBOT);
    await send('an old browser', IE11);
    await send('this is ignored', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0.0.0 Safari/537.36');
    await send('a real problem', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0.0.0 Safari/537.36');

    await app.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Outcomes' }).click();
    const dropped = app.page.getByRole('table', { name: 'Dropped by reason' }).locator('tbody tr');
    // The events are processed (and the page refetched) in their own time: wait for all three.
    const reasons = async () => {
      const rows = (await dropped.allInnerTexts()).join('\n');
      return ['web-crawlers', 'legacy-browsers', 'error-message'].filter((reason) => rows.includes(reason));
    };
    await expect
      .poll(reasons, { timeout: 15_000 })
      .toEqual(['web-crawlers', 'legacy-browsers', 'error-message']);
    await app.page.screenshot({ path: path.join(ARTIFACTS, 'outcomes-inbound-filters.png'), fullPage: true });

    const issues = await rpc<{ issues: Array<{ title: string }> }>(app.server, 'issues.list', {
      projectId: 1,
      query: '',
      sort: 'date',
      period: '24h',
    });
    expect(issues.issues.map((issue) => issue.title)).toEqual(['a real problem']);
    expect(app.problems).toEqual([]);
  }, 60_000);
});
