/**
 * The Logs page's absolute range in Chromium (Sentry's page filter "from … to …", as the issue list
 * has it), fed by the real @sentry/node SDK with `enableLogs: true`: only the records made in the
 * range are listed, the range kept in the URL as `start` and `end`, and a period chosen leaves it.
 */
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason, listSettled } from '../support/chromium.ts';
import { sendLogsWithSdk } from '../support/logs.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the Logs page range test: ${missing}`);

const HOUR = 3_600_000;
/** `datetime-local`'s value of an instant, the page being in UTC. */
const local = (ms: number) => new Date(ms).toISOString().slice(0, 16);

describe.skipIf(missing !== undefined)("the Logs page's absolute range in Chromium", () => {
  const app = appInChromium({ timezoneId: 'UTC' });

  it('lists the records made from … to …, kept in the URL, until a period is chosen', async () => {
    const { page, server } = app;
    await page.getByRole('link', { name: 'Logs' }).click();
    await page.getByRole('heading', { name: 'Logs', exact: true }).waitFor();
    await sendLogsWithSdk(server.info.dsn, [
      [
        { level: 'info', message: 'cache warmed' },
        { level: 'warn', message: 'queue backed up' },
      ],
    ]);
    const rows = page.getByRole('table', { name: 'Logs' }).locator('tbody tr.log-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    const hash = () => decodeURIComponent(new URL(page.url()).hash);
    const apply = async (from: number, to: number) => {
      await page.getByRole('group', { name: 'Period' }).locator('.range-picker > button').click();
      await page.getByLabel('From', { exact: true }).fill(local(from));
      await page.getByLabel('To', { exact: true }).fill(local(to));
      await page.getByRole('button', { name: 'Apply' }).click();
    };

    // A range before the records were made: none of them.
    const now = Date.now();
    await apply(now - 5 * HOUR, now - 2 * HOUR);
    await expect.poll(hash, { timeout: 15_000 }).toMatch(/start=.*&end=/);
    await expect
      .poll(() => page.locator('p.empty').textContent(), { timeout: 15_000 })
      .toMatch(/^No logs from /);
    expect(await rows.count()).toBe(0);
    expect(await page.getByRole('button', { name: '14d', exact: true }).getAttribute('aria-pressed')).toBe(
      'false',
    );

    // A range around them lists them; the URL alone restores it.
    await apply(now - HOUR, now + HOUR);
    await listSettled(page, 'logs-table');
    await expect
      .poll(() => rows.allInnerTexts(), { timeout: 15_000 })
      .toEqual([expect.stringMatching(/\tqueue backed up$/i), expect.stringMatching(/\tcache warmed$/i)]);
    const ranged = hash();
    expect(ranged).toContain(`start=${new Date(Date.parse(`${local(now - HOUR)}Z`)).toISOString()}`);
    await page.reload();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    expect(hash()).toBe(ranged);

    // A period leaves the range.
    await apply(now - 5 * HOUR, now - 2 * HOUR);
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(0);
    await page.getByRole('button', { name: '24h', exact: true }).click();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    expect(hash()).not.toMatch(/start=/);
    expect(hash()).toMatch(/period=24h/);
    expect(app.problems).toEqual([]);
  });
});
