/**
 * The Discover page in Chromium on `faultline serve`, fed by the real @sentry/node SDK: a query built
 * in the column editor (a tag grouped, counted, its users counted), sorted from a column's header both
 * ways, searched with OR, kept in the URL (Back restores the query before), a refused search shown in
 * Sentry's words, a row's issue and event links followed; the chart above it with its total and its
 * top 5 (`display=top5`), following the search; and the tag summary (each value's share; a value
 * clicked narrows the search) — the numbers checked against what was sent.
 */
import { describe, expect, it } from 'vitest';
import type { Project } from '../../src-shared/api.ts';
import { appInChromium, chromiumMissingReason, listSettled } from '../support/chromium.ts';
import { sendTransactionsWithSdk } from '../support/transactions.ts';
import { rpc } from './fixtures/rpc.ts';
import { type SenderSpec, sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the Discover page test: ${missing}`);

const ERRORS: SenderSpec['errors'] = [
  { name: 'PaymentDeclined', message: 'card declined', tags: { step: 'pay' }, user: { id: '7' } },
  { name: 'PaymentDeclined', message: 'card declined again', tags: { step: 'pay' }, user: { id: '8' } },
  { name: 'PaymentDeclined', message: 'card declined once more', tags: { step: 'pay' }, user: { id: '7' } },
  { name: 'PaymentDeclined', message: 'declined at confirm', tags: { step: 'confirm' }, user: { id: '9' } },
  { name: 'DatabaseDown', message: 'database connection refused', level: 'warning', tags: { step: 'boot' } },
];

/** What the sent events give per step: events and distinct users. */
function expectedByStep(): Map<string, { count: number; users: number }> {
  const steps = new Map<string, { count: number; users: Set<string> }>();
  for (const error of ERRORS) {
    const step = error.tags?.step ?? '';
    const entry = steps.get(step) ?? { count: 0, users: new Set<string>() };
    entry.count += 1;
    if (error.user?.id) entry.users.add(error.user.id);
    steps.set(step, entry);
  }
  return new Map([...steps].map(([step, { count, users }]) => [step, { count, users: users.size }]));
}

describe.skipIf(missing !== undefined)('the Discover page in Chromium', () => {
  const app = appInChromium();

  it('builds a grouped query, sorts it both ways, searches with OR, and follows a row to its issue and event', async () => {
    const { page, server } = app;
    await sendWithSdk(server.info.dsn, { environment: 'production', errors: ERRORS });
    await page.getByRole('link', { name: 'Discover', exact: true }).click();
    await page.getByRole('heading', { name: 'Discover', exact: true }).waitFor();
    const table = page.getByRole('table', { name: 'Discover results' });
    const rows = table.locator('tbody tr');
    const hash = () => decodeURIComponent(new URL(page.url()).hash);
    // Sentry's "All Events": every event sent, newest first.
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(ERRORS.length);
    expect(hash()).toMatch(/^#\/discover/);

    // The column editor: step, count(), count_unique(user); the fourth column removed.
    await page.getByLabel('Column 1 field').fill('step');
    await page.getByLabel('Column 2 kind').selectOption('count');
    await page.getByLabel('Column 3 kind').selectOption('count_unique');
    await page.getByLabel('Column 3 argument').fill('user');
    await page.getByRole('button', { name: 'Remove column 4' }).click();
    await page.getByRole('button', { name: 'Apply columns' }).click();
    await expect
      .poll(() => table.locator('thead th').allInnerTexts(), { timeout: 15_000 })
      .toEqual(['step', 'count()', 'count_unique(user)']);
    expect(hash()).toContain('field=step&field=count()&field=count_unique(user)');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(expectedByStep().size);

    // The chart above: the first function's total over the period, then its top 5 groups by step.
    const chartTotals = async () =>
      Object.fromEntries(
        await page
          .getByTestId('discover-chart-totals')
          .locator('tbody tr')
          .evaluateAll((trs) =>
            trs.map((tr) => [tr.getAttribute('data-series') ?? '', Number(tr.getAttribute('data-total'))]),
          ),
      );
    const totalsByStep = (steps: string[]) =>
      Object.fromEntries(
        [...expectedByStep()]
          .filter(([step]) => steps.includes(step))
          .map(([step, { count }]) => [step, count]),
      );
    await expect.poll(chartTotals, { timeout: 15_000 }).toEqual({ 'count()': ERRORS.length });
    await page
      .getByTestId('discover-chart')
      .getByRole('img', { name: /count\(\)/ })
      .waitFor();
    await page.getByLabel('Display').selectOption('top5');
    await expect.poll(hash, { timeout: 15_000 }).toContain('display=top5');
    await expect.poll(chartTotals, { timeout: 15_000 }).toEqual(totalsByStep([...expectedByStep().keys()]));

    const cells = async () =>
      (
        await rows.evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent ?? '')))
      ).map(([step = '', count = '', users = '']) => ({ step, count: Number(count), users: Number(users) }));
    const expected = [...expectedByStep()].map(([step, { count, users }]) => ({ step, count, users }));

    // Sorted by count(), most first; clicked again, fewest first.
    await table.getByRole('button', { name: 'count()', exact: true }).click();
    await expect.poll(hash, { timeout: 15_000 }).toContain('sort=-count()');
    await listSettled(page, 'discover-table');
    const descending = [...expected].sort((a, b) => b.count - a.count);
    await expect.poll(async () => (await cells())[0], { timeout: 15_000 }).toEqual(descending[0]);
    expect(await cells()).toEqual(expect.arrayContaining(expected));
    await table.getByRole('button', { name: /^count\(\)/ }).click();
    await expect.poll(hash, { timeout: 15_000 }).toMatch(/sort=count\(\)/);
    await listSettled(page, 'discover-table');
    await expect
      .poll(async () => (await cells()).map((row) => row.count), { timeout: 15_000 })
      .toEqual(expected.map((row) => row.count).sort((a, b) => a - b));

    // Sentry's search with OR: two of the groups.
    await page.getByLabel('Search events').fill('error.type:DatabaseDown OR step:confirm');
    await page.getByLabel('Search events').press('Enter');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    await listSettled(page, 'discover-table');
    expect((await cells()).sort((a, b) => a.step.localeCompare(b.step))).toEqual(
      expected
        .filter((row) => row.step === 'boot' || row.step === 'confirm')
        .sort((a, b) => a.step.localeCompare(b.step)),
    );
    expect(await page.getByTestId('discover-count').textContent()).toBe('Rows 1–2');
    // The chart follows the search.
    await expect.poll(chartTotals, { timeout: 15_000 }).toEqual(totalsByStep(['boot', 'confirm']));

    // Back is the query before the search.
    await page.goBack();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(expected.length);
    expect(await page.getByLabel('Search events').inputValue()).toBe('');

    // A search Sentry refuses: its words, not a crash.
    await page.getByLabel('Search events').fill('step:pay OR');
    await page.getByLabel('Search events').press('Enter');
    await expect
      .poll(() => page.getByRole('alert').textContent(), { timeout: 15_000 })
      .toMatch(/Condition is missing on the right side of 'OR' operator/);

    // Pages by Sentry's cursors: two rows a page, titles ("Type: value") in order.
    await page.evaluate(() => {
      window.location.hash = '#/discover?field=title&sort=title&per_page=2';
    });
    const count = page.getByTestId('discover-count');
    await expect.poll(() => count.textContent(), { timeout: 15_000 }).toBe('Rows 1–2, more on the next page');
    const titles = ERRORS.map((error) => `${error.name}: ${error.message}`).sort();
    expect(await rows.locator('td:first-child').allTextContents()).toEqual(titles.slice(0, 2));
    await page.getByRole('button', { name: 'Next →' }).click();
    await expect.poll(() => count.textContent(), { timeout: 15_000 }).toBe('Rows 3–4, more on the next page');
    await listSettled(page, 'discover-table');
    expect(await rows.locator('td:first-child').allTextContents()).toEqual(titles.slice(2, 4));
    expect(hash()).toContain('cursor=2:1:0');
    await page.getByRole('button', { name: '← Previous' }).click();
    await expect.poll(() => count.textContent(), { timeout: 15_000 }).toBe('Rows 1–2, more on the next page');

    // An event table: the issue opens its issue page, the id its event page.
    await page.evaluate(() => {
      window.location.hash = '#/discover?field=id&field=title&field=issue&query=error.type:DatabaseDown';
    });
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    const eventId = (await table.locator('tbody tr td').first().textContent()) ?? '';
    expect(eventId).toMatch(/^[0-9a-f]{32}$/);
    await table.locator('tbody tr td').nth(2).getByRole('link').click();
    await expect.poll(hash, { timeout: 15_000 }).toMatch(/^#\/issues\/\d+$/);
    await page
      .getByRole('heading', { name: /DatabaseDown/ })
      .first()
      .waitFor();
    await page.goBack();
    await table.locator('tbody tr td').first().getByRole('link').click();
    await expect.poll(hash, { timeout: 15_000 }).toMatch(new RegExp(`^#/issues/\\d+/events/${eventId}`));
    // Only the refused search's 400 was logged by the browser.
    expect(app.problems.filter((problem) => !/status of 400/.test(problem))).toEqual([]);
  });

  it("lists every project's environments with All projects, one only transactions named too, and narrows the transactions to it", async () => {
    const { page, server } = app;
    const mobile = await rpc<Project>(server, 'projects.create', { name: 'Mobile' });
    await sendWithSdk(mobile.keys[0]?.dsn ?? '', {
      environment: 'qa',
      errors: [{ name: 'QaOnly', message: 'fixture missing' }],
    });
    const transaction = { name: 'GET /perf', op: 'http.server', ms: 5 };
    await sendTransactionsWithSdk(server.info.dsn, 'static', [transaction], 'perf-only');
    await page.evaluate(() => {
      window.location.hash = '#/discover?dataset=transactions&field=transaction&field=environment';
    });
    const table = page.getByRole('table', { name: 'Discover results' });
    await page.getByRole('button', { name: 'All Envs' }).click();
    const choices = page.getByRole('group', { name: 'Environments' });
    const labels = () => choices.locator('label').allTextContents();
    // `production` is the first test's errors' (project 1), `qa` the Mobile project's, `perf-only` a transaction's.
    await expect
      .poll(async () => (await labels()).map((text) => text.trim()), { timeout: 15_000 })
      .toEqual(['perf-only', 'production', 'qa']);
    // Checked once the URL says so (the page reads its query from the URL).
    await choices.getByLabel('perf-only').click();
    const hash = () => decodeURIComponent(new URL(page.url()).hash);
    await expect.poll(hash, { timeout: 15_000 }).toMatch(/environment=perf-only/);
    await listSettled(page, 'discover-table');
    await expect
      .poll(
        () =>
          table
            .locator('tbody tr')
            .evaluateAll((trs) => trs.map((tr) => [...tr.children].slice(0, 2).map((td) => td.textContent))),
        { timeout: 15_000 },
      )
      .toEqual([['GET /perf', 'perf-only']]);

    // One project chosen: its environments only.
    await page.getByLabel('Project').selectOption(String(mobile.id));
    await expect.poll(hash, { timeout: 15_000 }).toMatch(new RegExp(`project=${mobile.id}`));
    if (!(await choices.isVisible())) await page.getByRole('button', { name: 'perf-only' }).click();
    // The chosen environment stays listed, so it can be cleared.
    await expect
      .poll(async () => (await labels()).map((text) => text.trim()), { timeout: 15_000 })
      .toEqual(['perf-only', 'qa']);
    expect(app.problems.filter((problem) => !/status of 400/.test(problem))).toEqual([]);
  });

  it("shows the tag summary of the query's events with each value's share, and a value clicked narrows the table", async () => {
    const { page } = app;
    // Project 1's errors are the first test's (the Mobile project has its own).
    await page.evaluate(() => {
      window.location.hash = '#/discover?project=1&field=title&field=step&sort=title';
    });
    const table = page.getByRole('table', { name: 'Discover results' });
    const rows = table.locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(ERRORS.length);
    const summary = page.getByTestId('tag-summary');
    await expect
      .poll(() => summary.getAttribute('data-total'), { timeout: 15_000 })
      .toBe(String(ERRORS.length));
    const valuesOf = (key: string) =>
      summary
        .locator(`[data-key="${key}"] [data-testid="tag-summary-value"]`)
        .evaluateAll((links) =>
          links.map((a) => [
            a.querySelector('.tag-summary-name')?.textContent ?? '',
            a.querySelector('.tag-summary-share')?.textContent ?? '',
          ]),
        );
    const shares = (values: string[]) => {
      const counts = new Map<string, number>();
      for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
      return [...counts]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([value, count]) => [value, `${Math.round((count / ERRORS.length) * 100)}% (${count})`]);
    };
    await expect
      .poll(() => valuesOf('step'), { timeout: 15_000 })
      .toEqual(shares(ERRORS.map((e) => e.tags?.step ?? '')));
    expect(await valuesOf('level')).toEqual(shares(ERRORS.map((e) => e.level ?? 'error')));
    expect(await valuesOf('environment')).toEqual(shares(ERRORS.map(() => 'production')));

    // A value clicked adds `key:value` to the search: the table keeps its events only.
    await summary
      .locator('[data-key="step"]')
      .getByRole('link', { name: /^confirm/ })
      .click();
    const hash = () => decodeURIComponent(new URL(page.url()).hash);
    await expect.poll(hash, { timeout: 15_000 }).toContain('query=step:confirm');
    // The box takes the URL's search once the page renders the new hash, a moment after it changes.
    await expect
      .poll(() => page.getByLabel('Search events').inputValue(), { timeout: 15_000 })
      .toBe('step:confirm');
    await listSettled(page, 'discover-table');
    const confirmed = ERRORS.filter((e) => e.tags?.step === 'confirm');
    await expect
      .poll(() => rows.locator('td:first-child').allTextContents(), { timeout: 15_000 })
      .toEqual(confirmed.map((e) => `${e.name}: ${e.message}`));
    // The summary is of the narrowed events: one event, each of its values all of them.
    await expect
      .poll(() => valuesOf('level'), { timeout: 15_000 })
      .toEqual([[confirmed[0]?.level ?? 'error', `100% (${confirmed.length})`]]);
    expect(await valuesOf('environment')).toEqual([['production', `100% (${confirmed.length})`]]);
    expect(app.problems.filter((problem) => !/status of 400/.test(problem))).toEqual([]);
  });
});
