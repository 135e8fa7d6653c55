/**
 * A client key as Sentry's Client Keys page shows it: renamable, and with its public key, project
 * id and the endpoints that take the key in the query string. What the page lists is what ingest
 * accepts: a browser's CSP report and a cron check-in sent to the URLs copied from it arrive.
 */
import { describe, expect, it } from 'vitest';
import type { Project } from '../../src-shared/api.ts';
import { appInChromium, chromiumMissingReason } from '../support/chromium.ts';
import { rpc } from './fixtures/rpc.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);

describe.skipIf(missing !== undefined)('a client key on the Projects & Setup page', () => {
  const app = appInChromium();

  it('lists the key’s credentials and endpoints, and each endpoint takes what it says', async () => {
    const { page, server } = app;
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Projects & Setup' })
      .click();
    const key = page.getByRole('region', { name: 'Key Default' });
    await key.getByText('Credentials and endpoints').click();
    const endpoints = new Map<string, string>();
    for (const row of await key.getByTestId('key-endpoint').all())
      endpoints.set(
        (await row.locator('dt').textContent()) ?? '',
        (await row.locator('code').textContent()) ?? '',
      );
    const dsn = new URL(server.info.dsn);
    expect(endpoints.get('Public Key')).toBe(dsn.username);
    expect(endpoints.get('Project ID')).toBe('1');
    expect(endpoints.get('Minidump Endpoint')).toBe(
      `${server.info.url}/api/1/minidump/?sentry_key=${dsn.username}`,
    );

    const csp = await fetch(endpoints.get('Security Header Endpoint') ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/csp-report' },
      body: JSON.stringify({
        'csp-report': {
          'document-uri': 'http://localhost:3000/',
          'violated-directive': 'script-src',
          'effective-directive': 'script-src',
          'blocked-uri': 'http://evil.example/x.js',
          'original-policy': "script-src 'self'",
        },
      }),
    });
    expect(csp.status).toBe(200);
    const cronUrl = (endpoints.get('Cron Check-In URL') ?? '').replace('<monitor_slug>', 'nightly-backup');
    expect((await fetch(cronUrl)).status).toBe(202);
    // The CSP report becomes an issue, as Sentry makes one of it.
    await expect
      .poll(
        async () => (await rpc<{ total: number }>(server, 'issues.list', { projectId: 1, query: '' })).total,
        {
          timeout: 15_000,
        },
      )
      .toBe(1);
    expect(app.problems).toEqual([]);
  });

  it('renames a key; a name longer than Sentry allows is refused, saying why, and the old one kept', async () => {
    const { page, server } = app;
    const key = page.getByRole('region', { name: 'Key Default' });
    await key.getByRole('button', { name: 'Rename key' }).click();
    await key.getByLabel('Key name').fill('Local dev');
    await key.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('region', { name: 'Key Local dev' }).getByText('DSN · Local dev').waitFor();
    const [project] = await rpc<Project[]>(server, 'projects.list', {});
    expect(project?.keys.map((k) => k.label)).toEqual(['Local dev']);
    expect(project?.keys[0]?.dsn).toBe(server.info.dsn);

    await expect(
      rpc(server, 'projects.renameKey', { projectId: 1, keyId: project?.keys[0]?.id, label: 'x'.repeat(65) }),
    ).rejects.toThrow('projects.renameKey: a key label has at most 64 characters');
    await expect(rpc(server, 'projects.renameKey', { projectId: 1, keyId: 999, label: 'y' })).rejects.toThrow(
      'project 1 has no key 999',
    );
    expect((await rpc<Project[]>(server, 'projects.list', {}))[0]?.keys.map((k) => k.label)).toEqual([
      'Local dev',
    ]);
    expect(app.problems).toEqual([]);
  });
});
