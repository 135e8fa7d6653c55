/**
 * The Requests page in Chromium against `bin/faultline serve`, fed by the real @sentry/node SDK making
 * outbound requests to two loopback servers answering 200, 302 and 503: it says how to get outbound
 * requests until some arrive, then lists each server once with its requests and 3XX/5XX shares,
 * sortable and by period; a domain opens onto its status codes, its transactions (one narrows the
 * samples) and samples that follow to their trace.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason, listSettled } from '../support/chromium.ts';
import { REPO_ROOT } from '../support/serve.ts';
import { sendRequestsWithSdk } from '../support/transactions.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the Requests page tests: ${missing}`);

const ANSWERS: Record<string, number> = { '/ok': 200, '/moved': 302, '/down': 503 };
const servers: http.Server[] = [];

async function loopback(): Promise<{ origin: string; domain: string }> {
  const server = http.createServer((req, res) => {
    const status = ANSWERS[req.url ?? ''] ?? 404;
    res.writeHead(status, status === 302 ? { location: '/ok' } : {});
    res.end('answer');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, domain: `127.0.0.1:${port}` };
}

afterAll(() => {
  for (const server of servers) server.close();
});

describe.skipIf(missing !== undefined)('the Requests page in Chromium', () => {
  const app = appInChromium();

  it('lists the domains the SDK requested, sorts them, opens one and follows a sample to its trace', async () => {
    const { page, server } = app;
    await page.getByRole('link', { name: 'Requests' }).click();
    await page.getByRole('heading', { name: 'Requests', exact: true }).waitFor();
    await expect.poll(() => page.getByTestId('requests-empty').innerText()).toContain('http.client');

    const [a, b] = await Promise.all([loopback(), loopback()]);
    if (!a || !b) throw new Error('no loopback server');
    await sendRequestsWithSdk(server.info.dsn, 'static', [
      {
        name: 'sync users',
        requests: ['/ok', '/ok', '/moved', '/down', '/down'].map((p) => ({
          url: a.origin + p,
          via: 'http' as const,
        })),
      },
      { name: 'send mail', requests: [{ url: `${b.origin}/ok`, via: 'fetch' }] },
    ]);
    const [checkout = ''] = await sendRequestsWithSdk(server.info.dsn, 'stream', [
      { name: 'POST /checkout', requests: [{ url: `${a.origin}/ok`, via: 'fetch' }] },
    ]);

    const table = page.getByRole('table', { name: 'Domains' });
    const rows = table.locator('tbody tr');
    // Six requests to a (two 5XXs, one 3XX), one to b; every one of them in the last 24 hours.
    await expect
      .poll(() => rows.allInnerTexts(), { timeout: 15_000 })
      .toEqual(
        expect.arrayContaining([
          expect.stringMatching(new RegExp(`^${a.domain}\\t6\\t<0\\.01/min\\t16\\.67%\\t33\\.33%\\t`)),
          expect.stringMatching(new RegExp(`^${b.domain}\\t1\\t<0\\.01/min\\t0\\.00%\\t0\\.00%\\t`)),
        ]),
      );
    await table.getByRole('button', { name: '5XXs' }).click();
    await listSettled(page, 'requests-table');
    await expect
      .poll(() => rows.allInnerTexts())
      .toEqual([
        expect.stringMatching(new RegExp(`^${a.domain}\\t`)),
        expect.stringMatching(new RegExp(`^${b.domain}\\t`)),
      ]);
    expect(page.url()).toContain('sort=5xx');
    // Over the last hour, six requests are a tenth of one a minute.
    await page.getByRole('group', { name: 'Period' }).getByRole('button', { name: '1h' }).click();
    await listSettled(page, 'requests-table');
    await expect.poll(() => rows.first().innerText()).toMatch(new RegExp(`^${a.domain}\\t6\\t0\\.1/min\\t`));
    fs.mkdirSync(path.join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: path.join(REPO_ROOT, 'test-artifacts', 'requests.png'), fullPage: true });

    await rows.first().getByRole('button', { name: a.domain }).click();
    const panel = page.getByRole('region', { name: `Requests to ${a.domain}` });
    await expect
      .poll(() => panel.getByRole('table', { name: 'Status codes' }).locator('tbody tr').allInnerTexts())
      .toEqual(['200\t3', '503\t2', '302\t1']);
    const transactions = panel.getByRole('table', { name: 'Transactions' });
    await expect
      .poll(() => transactions.locator('tbody tr td:first-child').allInnerTexts())
      .toEqual(expect.arrayContaining(['sync users', 'POST /checkout']));
    const samples = panel.getByRole('table', { name: `Samples of ${a.domain}` });
    await expect.poll(() => samples.locator('tbody tr').count()).toBe(6);
    await page.screenshot({
      path: path.join(REPO_ROOT, 'test-artifacts', 'request-domain.png'),
      fullPage: true,
    });

    // One transaction narrows the samples to its own request.
    await transactions.getByRole('button', { name: 'POST /checkout' }).click();
    await expect
      .poll(() => samples.locator('tbody tr').allInnerTexts())
      .toEqual([expect.stringMatching(new RegExp(`\\t200\\t.*\\t${a.origin}/ok\\tPOST /checkout$`))]);
    expect(page.url()).toContain('transaction=POST');

    await samples.getByRole('link', { name: 'POST /checkout' }).click();
    await expect.poll(() => page.url()).toContain(`#/traces/${checkout}`);
    await page
      .getByRole('region', { name: 'Trace' })
      .getByRole('list', { name: 'Spans of POST /checkout' })
      .waitFor();
    expect(app.problems).toEqual([]);
  });
});
