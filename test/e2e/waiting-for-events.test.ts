/**
 * The empty issue list of a project that never received an event waits for one, as Sentry's
 * issue stream does: its DSN, the SDK snippets and a sample event where the first issue will
 * appear. The first event from a real @sentry/node ends the wait; a search that finds nothing
 * afterwards says so instead of waiting again.
 */
import { describe, expect, it } from 'vitest';
import type { Project } from '../../src-shared/api.ts';
import { appInChromium, chromiumMissingReason } from '../support/chromium.ts';
import { rpc } from './fixtures/rpc.ts';
import { sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);

describe.skipIf(missing !== undefined)('the issue list of a project without events', () => {
  const app = appInChromium();

  it('shows the DSN and snippets until the first event arrives, then the issue', async () => {
    const { page, server } = app;
    const [project] = await rpc<Project[]>(server, 'projects.list', {});
    const dsn = project?.keys[0]?.dsn ?? '';
    expect(project?.firstEvent).toBeNull();

    const waiting = page.getByRole('region', { name: 'Waiting for events' });
    await waiting.getByRole('heading', { name: 'Waiting for events…' }).waitFor();
    expect(await waiting.getByTestId('waiting-dsn').inputValue()).toBe(dsn);
    expect(await waiting.getByTestId('snippet').textContent()).toContain(`dsn: '${dsn}'`);
    await waiting.getByRole('tab', { name: 'Go' }).click();
    expect(await waiting.getByTestId('snippet').textContent()).toContain(`Dsn: "${dsn}",`);

    await sendWithSdk(dsn, { errors: [{ name: 'TypeError', message: 'first contact' }] });
    await page.getByTestId('issue-row').filter({ hasText: 'first contact' }).waitFor({ timeout: 15_000 });
    expect(await waiting.count()).toBe(0);
    await expect
      .poll(async () => (await rpc<Project[]>(server, 'projects.list', {}))[0]?.firstEvent)
      .toMatch(/^\d{4}-\d\d-\d\dT\d\d:00:00\.000Z$/);

    // The project has had events: a search that finds none is an empty result, not a wait.
    await page.getByRole('link', { name: 'Resolved', exact: true }).click();
    await page.getByText('No issues match this search.').waitFor();
    expect(await waiting.count()).toBe(0);
    expect(app.problems).toEqual([]);
  });

  it('a new project waits for its own first event, with its own DSN', async () => {
    const { page, server } = app;
    const created = await rpc<Project>(server, 'projects.create', { name: 'Mobile' });
    await page.evaluate((hash) => {
      window.location.hash = hash;
    }, `#/issues?project=${created.id}`);
    const waiting = page.getByRole('region', { name: 'Waiting for events' });
    await waiting.waitFor();
    expect(await waiting.getByTestId('waiting-dsn').inputValue()).toBe(created.keys[0]?.dsn);
    await waiting.getByRole('tab', { name: 'React Native' }).click();
    // The Android emulator reaches this machine's loopback at 10.0.2.2.
    expect(await waiting.getByTestId('snippet').textContent()).toContain(
      `'http://${created.keys[0]?.publicKey}@10.0.2.2:${server.info.port}/${created.id}'`,
    );
    expect(app.problems).toEqual([]);
  });
});
