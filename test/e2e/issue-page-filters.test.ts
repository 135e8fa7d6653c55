/**
 * The issue page's own page filter in Chromium, as Sentry's issue details has the list's filter bar,
 * fed by the real @sentry/node SDK: an environment chosen there narrows its numbers, chart, events,
 * tags and a tag's values; a period or an absolute range chosen there narrows its events; its event
 * search narrows the event shown, Older/Newer, the Events and Attachments tabs and the chart's matching
 * events; all are kept in the URL.
 */
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason } from '../support/chromium.ts';
import { sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);

const HOUR = 3_600_000;
/** `datetime-local`'s value of an instant, the page being in UTC. */
const local = (ms: number) => new Date(ms).toISOString().slice(0, 16);

describe.skipIf(missing !== undefined)("the issue page's environment and time filter", () => {
  const app = appInChromium({ timezoneId: 'UTC' });
  const hash = () => decodeURIComponent(new URL(app.page.url()).hash);
  const tabs = () => app.page.getByRole('navigation', { name: 'Issue sections' });
  /** The events tab's rows, `message (environment)`, sorted (events sent together may share a time). */
  const events = async () => {
    const rows: string[] = [];
    for (const row of await app.page.getByTestId('event-row').all()) {
      const cells = await row.locator('td').allTextContents();
      rows.push(`${cells[1]?.replace(/^CheckoutFailed: /, '')} (${cells[3]})`);
    }
    return rows.sort();
  };

  it('narrows the numbers, chart, events, tags and tag values to the environment picked on the issue page, and its events to a period or range', async () => {
    const { dsn } = app.server.info;
    await sendWithSdk(dsn, {
      environment: 'production',
      errors: [
        { name: 'CheckoutFailed', message: 'card stolen', tags: { region: 'eu' }, minutesAgo: 600 },
        { name: 'CheckoutFailed', message: 'card declined', tags: { region: 'eu' } },
        { name: 'CheckoutFailed', message: 'card expired', tags: { region: 'us' } },
      ],
    });
    await sendWithSdk(dsn, {
      environment: 'staging',
      errors: [{ name: 'CheckoutFailed', message: 'card lost', tags: { region: 'ap' } }],
    });
    const page = app.page;
    const issue = page
      .getByTestId('issue-row')
      .filter({ hasText: 'CheckoutFailed' })
      .locator('.issue-title a');
    await expect.poll(() => issue.count(), { timeout: 20_000 }).toBe(1);
    await issue.click();
    const head = page.locator('.events-chart .chart-head strong');
    await expect.poll(() => head.textContent(), { timeout: 15_000 }).toBe('4 events in 24h');
    await expect.poll(() => tabs().textContent(), { timeout: 15_000 }).toContain('Events (4)');

    // The project's environments, picked on the issue page itself.
    await page.getByRole('button', { name: 'All Envs' }).click();
    const choices = page.getByRole('group', { name: 'Environments' });
    await expect.poll(() => choices.getByRole('checkbox').count(), { timeout: 15_000 }).toBe(2);
    await choices.getByLabel('staging').check();
    await expect.poll(hash, { timeout: 15_000 }).toMatch(/environment=staging/);
    await expect.poll(() => head.textContent(), { timeout: 15_000 }).toBe('1 event in 24h in staging');
    await expect.poll(() => tabs().textContent(), { timeout: 15_000 }).toContain('Events (1)');
    const sidebar = page.getByRole('complementary', { name: 'Tags' });
    await expect
      .poll(() => sidebar.getByTestId('tag-distribution').filter({ hasText: 'region' }).textContent(), {
        timeout: 15_000,
      })
      .toMatch(/^region \(1\)ap100%$/);

    // The events tab lists the environment's events; the tab link keeps the filter.
    await tabs()
      .getByRole('link', { name: /^Events/ })
      .click();
    await expect.poll(hash, { timeout: 15_000 }).toMatch(/\/events\?.*environment=staging/);
    await expect.poll(events, { timeout: 15_000 }).toEqual(['card lost (staging)']);

    // Another environment instead: the tab stays, its list follows.
    await choices.getByLabel('staging').uncheck();
    await choices.getByLabel('production').check();
    await expect.poll(hash, { timeout: 15_000 }).toMatch(/\/events\?.*environment=production/);
    await expect
      .poll(events, { timeout: 15_000 })
      .toEqual(['card declined (production)', 'card expired (production)', 'card stolen (production)']);
    await expect.poll(() => head.textContent(), { timeout: 15_000 }).toBe('3 events in 24h in production');

    // A tag's values are the environment's.
    await tabs().getByRole('link', { name: 'Tags' }).click();
    await page.getByRole('link', { name: 'region', exact: true }).click();
    const valueRows = page.getByTestId('tag-value-row');
    await expect
      .poll(() => valueRows.allInnerTexts(), { timeout: 15_000 })
      .toEqual([expect.stringMatching(/^eu\t66\.67%\t2\t/), expect.stringMatching(/^us\t33\.33%\t1\t/)]);
    expect(hash()).toMatch(/\/tags\/region\?.*environment=production/);

    // An absolute range on the issue page narrows its events, kept in the URL with the environment.
    await tabs()
      .getByRole('link', { name: /^Events/ })
      .click();
    await expect.poll(events, { timeout: 15_000 }).toHaveLength(3);
    const now = Date.now();
    await page.getByRole('button', { name: 'Absolute…' }).click();
    await page.getByLabel('From', { exact: true }).fill(local(now - 12 * HOUR));
    await page.getByLabel('To', { exact: true }).fill(local(now - 5 * HOUR));
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(hash, { timeout: 15_000 }).toMatch(/start=.*end=.*|end=.*start=/);
    await expect.poll(events, { timeout: 15_000 }).toEqual(['card stolen (production)']);
    await expect
      .poll(() => head.textContent(), { timeout: 15_000 })
      .toMatch(/^1 event from .* in production$/);

    // The URL alone restores both; a period leaves the range.
    await page.reload();
    await expect.poll(events, { timeout: 15_000 }).toEqual(['card stolen (production)']);
    await page.getByRole('button', { name: '1h', exact: true }).click();
    await expect
      .poll(events, { timeout: 15_000 })
      .toEqual(['card declined (production)', 'card expired (production)']);
    expect(hash()).toMatch(/period=1h/);
    expect(hash()).not.toMatch(/start=/);

    // All Environments leaves the filter.
    await page.getByRole('button', { name: 'production', exact: true }).click();
    await page.getByRole('button', { name: 'All Environments' }).click();
    await expect
      .poll(events, { timeout: 15_000 })
      .toEqual(['card declined (production)', 'card expired (production)', 'card lost (staging)']);
    expect(hash()).not.toMatch(/environment=/);
    expect(app.problems).toEqual([]);
  });

  it("shows the filter's recommended event on the first tab (its latest, none having a replay or trace), steps Older/Newer within the filter, and says when none matches", async () => {
    const { dsn } = app.server.info;
    await sendWithSdk(dsn, {
      environment: 'production',
      errors: [
        { name: 'PaymentFailed', message: 'gateway down', minutesAgo: 120 },
        { name: 'PaymentFailed', message: 'gateway slow', minutesAgo: 60 },
      ],
    });
    await sendWithSdk(dsn, {
      environment: 'staging',
      errors: [{ name: 'PaymentFailed', message: 'gateway test', minutesAgo: 10 }],
    });
    const page = app.page;
    const issue = page
      .getByTestId('issue-row')
      .filter({ hasText: 'PaymentFailed' })
      .locator('.issue-title a');
    await page.goto(`${app.server.info.url}/#/issues?project=1`);
    await expect.poll(() => issue.count(), { timeout: 20_000 }).toBe(1);
    await issue.click();
    const shown = page.getByTestId('event-view');
    const nav = page.getByRole('navigation', { name: 'Event navigation' });
    // Every environment: the recommended event, none having more context, is the latest: staging's.
    await expect.poll(() => shown.textContent(), { timeout: 15_000 }).toContain('gateway test');
    const issuePath = hash().split('?')[0];

    // Production chosen: its recommended (latest) event, Older to its earlier one, links keeping the filter.
    await page.getByRole('button', { name: 'All Envs' }).click();
    await page.getByRole('group', { name: 'Environments' }).getByLabel('production').check();
    await expect.poll(() => shown.textContent(), { timeout: 15_000 }).toContain('gateway slow');
    expect(await page.getByTestId('event-environment').textContent()).toContain('production');
    // Newest of production's: nothing newer there (staging's later event is not stepped to).
    expect(await nav.locator('.nav-disabled', { hasText: 'Newer ›' }).count()).toBe(1);
    await nav.getByRole('link', { name: '‹ Older' }).click();
    await expect.poll(() => shown.textContent(), { timeout: 15_000 }).toContain('gateway down');
    expect(hash()).toMatch(/\/events\/[0-9a-f]{32}\?environment=production$/);
    expect(await nav.locator('.nav-disabled', { hasText: '‹ Older' }).count()).toBe(1);
    await nav.getByRole('link', { name: 'Newer ›' }).click();
    await expect.poll(() => shown.textContent(), { timeout: 15_000 }).toContain('gateway slow');

    // A range with none of the issue's events: the first tab says so rather than showing another's.
    const day = 24 * HOUR;
    const start = new Date(Date.now() - 3 * day).toISOString();
    const end = new Date(Date.now() - 2 * day).toISOString();
    await page.goto(
      `${app.server.info.url}/${issuePath}?environment=production&start=${encodeURIComponent(start)}&end=${encodeURIComponent(end)}`,
    );
    const none = page.getByTestId('no-event-in-filter');
    await expect.poll(() => none.textContent(), { timeout: 15_000 }).toContain('production');
    expect(await shown.count()).toBe(0);
    // The one failed request is that 404: the issue's recommended event in the filter is not found (as Sentry's).
    expect(app.problems.filter((problem) => !problem.includes('404'))).toEqual([]);
  });

  it('shows the recommended event (one with a replay before newer ones) with a Recommended / Latest / Oldest choice kept in the URL with the filter', async () => {
    const { dsn } = app.server.info;
    await sendWithSdk(dsn, {
      environment: 'production',
      errors: [
        { name: 'RefundFailed', message: 'refund oldest', minutesAgo: 180 },
        {
          name: 'RefundFailed',
          message: 'refund replayed',
          minutesAgo: 120,
          contexts: { replay: { replay_id: '7'.repeat(32) } },
        },
        { name: 'RefundFailed', message: 'refund newest', minutesAgo: 5 },
      ],
    });
    await sendWithSdk(dsn, {
      environment: 'staging',
      errors: [{ name: 'RefundFailed', message: 'refund staging', minutesAgo: 1 }],
    });
    const page = app.page;
    const issue = page.getByTestId('issue-row').filter({ hasText: 'RefundFailed' }).locator('.issue-title a');
    await page.goto(`${app.server.info.url}/#/issues?project=1`);
    await expect.poll(() => issue.count(), { timeout: 20_000 }).toBe(1);
    await issue.click();
    // The exception's value: the event's text also holds the breadcrumbs of the SDK's earlier errors.
    const shown = page.getByTestId('event-view').getByTestId('exception').locator('.exc-value').first();
    const choice = page.getByRole('navigation', { name: 'Event shown' });
    const current = () => choice.locator('a[aria-current="true"]').textContent();
    await expect.poll(() => shown.textContent(), { timeout: 15_000 }).toContain('refund replayed');
    expect(await current()).toBe('Recommended');
    expect(await tabs().getByRole('link', { name: 'Recommended event' }).count()).toBe(1);
    const issuePath = hash().split('?')[0] ?? '';

    // Newer steps by time from the recommended event, not down the recommended order.
    const nav = page.getByRole('navigation', { name: 'Event navigation' });
    await nav.getByRole('link', { name: 'Newer ›' }).click();
    await expect.poll(() => shown.textContent(), { timeout: 15_000 }).toContain('refund newest');
    expect(await choice.locator('a[aria-current="true"]').count()).toBe(0);

    await choice.getByRole('link', { name: 'Latest', exact: true }).click();
    await expect.poll(() => shown.textContent(), { timeout: 15_000 }).toContain('refund staging');
    expect(hash()).toBe(`${issuePath}/events/latest`);
    expect(await current()).toBe('Latest');

    // An environment chosen keeps the choice: production's latest, then its oldest and recommended.
    await page.getByRole('button', { name: 'All Envs' }).click();
    await page.getByRole('group', { name: 'Environments' }).getByLabel('production').check();
    await expect.poll(() => shown.textContent(), { timeout: 15_000 }).toContain('refund newest');
    expect(hash()).toBe(`${issuePath}/events/latest?environment=production`);
    await choice.getByRole('link', { name: 'Oldest', exact: true }).click();
    await expect.poll(() => shown.textContent(), { timeout: 15_000 }).toContain('refund oldest');
    expect(hash()).toBe(`${issuePath}/events/oldest?environment=production`);
    await choice.getByRole('link', { name: 'Recommended', exact: true }).click();
    await expect.poll(() => shown.textContent(), { timeout: 15_000 }).toContain('refund replayed');
    expect(hash()).toBe(`${issuePath}/events/recommended?environment=production`);
    expect(await current()).toBe('Recommended');

    // Staging alone has no replay: its recommended event is its latest.
    await page.goto(`${app.server.info.url}/${issuePath}/events/recommended?environment=staging`);
    await expect.poll(() => shown.textContent(), { timeout: 15_000 }).toContain('refund staging');
  });

  it("narrows the event shown, its Recommended / Latest / Oldest and Older / Newer, the Events and Attachments tabs and the chart to the page's event search, kept in the URL", async () => {
    const { dsn } = app.server.info;
    await sendWithSdk(dsn, {
      environment: 'production',
      errors: [
        { name: 'ShippingFailed', message: 'ship eu oldest', tags: { region: 'eu' }, minutesAgo: 180 },
        { name: 'ShippingFailed', message: 'ship us older', tags: { region: 'us' }, minutesAgo: 120 },
        {
          name: 'ShippingFailed',
          message: 'ship eu middle',
          tags: { region: 'eu' },
          minutesAgo: 60,
          attachments: [{ filename: 'eu-label.txt', text: 'label EU', contentType: 'text/plain' }],
        },
        {
          name: 'ShippingFailed',
          message: 'ship us newest',
          tags: { region: 'us' },
          minutesAgo: 5,
          attachments: [{ filename: 'us-label.txt', text: 'label US', contentType: 'text/plain' }],
        },
      ],
    });
    const page = app.page;
    const issue = page
      .getByTestId('issue-row')
      .filter({ hasText: 'ShippingFailed' })
      .locator('.issue-title a');
    await page.goto(`${app.server.info.url}/#/issues?project=1`);
    await expect.poll(() => issue.count(), { timeout: 20_000 }).toBe(1);
    await issue.click();
    // The exception's value: the event's text also holds the breadcrumbs of the SDK's earlier errors.
    const shown = page.getByTestId('event-view').getByTestId('exception').locator('.exc-value').first();
    const nav = page.getByRole('navigation', { name: 'Event navigation' });
    const choice = page.getByRole('navigation', { name: 'Event shown' });
    const head = page.locator('.events-chart .chart-head strong');
    const search = page.getByLabel('Search events');
    await expect.poll(() => shown.textContent(), { timeout: 15_000 }).toContain('ship us newest');
    await expect.poll(() => head.textContent(), { timeout: 15_000 }).toBe('4 events in 24h');
    const issuePath = hash().split('?')[0] ?? '';

    // The search, in the page's filter bar: the recommended event is the newest matching one.
    await search.fill('region:eu');
    await search.press('Enter');
    await expect.poll(hash, { timeout: 15_000 }).toBe(`${issuePath}?query=region:eu`);
    await expect.poll(() => shown.textContent(), { timeout: 15_000 }).toContain('ship eu middle');
    // The chart, as Sentry's graph: the matching events over all of them.
    await expect.poll(() => head.textContent(), { timeout: 15_000 }).toBe('2 matching events of 4 in 24h');
    // The tags do not follow the search: Sentry's preview gives way to a link to all the tags.
    expect(await page.getByTestId('tags-not-searched').textContent()).toContain('View all tags');
    expect(await page.getByTestId('tag-distribution').count()).toBe(0);

    // Nothing newer matches; Older steps over the other region's event to the oldest matching one.
    expect(await nav.locator('.nav-disabled', { hasText: 'Newer ›' }).count()).toBe(1);
    await nav.getByRole('link', { name: '‹ Older' }).click();
    await expect.poll(() => shown.textContent(), { timeout: 15_000 }).toContain('ship eu oldest');
    expect(hash()).toMatch(/\/events\/[0-9a-f]{32}\?query=region:eu$/);
    expect(await nav.locator('.nav-disabled', { hasText: '‹ Older' }).count()).toBe(1);
    await nav.getByRole('link', { name: 'Newer ›' }).click();
    await expect.poll(() => shown.textContent(), { timeout: 15_000 }).toContain('ship eu middle');

    // Latest and Oldest are the search's, their links keeping it.
    await choice.getByRole('link', { name: 'Oldest', exact: true }).click();
    await expect.poll(() => shown.textContent(), { timeout: 15_000 }).toContain('ship eu oldest');
    expect(hash()).toBe(`${issuePath}/events/oldest?query=region:eu`);
    await choice.getByRole('link', { name: 'Latest', exact: true }).click();
    await expect.poll(() => shown.textContent(), { timeout: 15_000 }).toContain('ship eu middle');
    expect(hash()).toBe(`${issuePath}/events/latest?query=region:eu`);

    // The Events tab lists the matching events under the same search; a reload keeps it all.
    await tabs()
      .getByRole('link', { name: /^Events/ })
      .click();
    await expect.poll(hash, { timeout: 15_000 }).toBe(`${issuePath}/events?query=region:eu`);
    const rows = page.getByTestId('event-row');
    await expect
      .poll(async () => (await rows.locator('td:nth-child(2)').allTextContents()).sort(), { timeout: 15_000 })
      .toEqual(['ShippingFailed: ship eu middle', 'ShippingFailed: ship eu oldest']);
    await page.reload();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    expect(await search.inputValue()).toBe('region:eu');

    // The Attachments tab, as Sentry's, lists those of the matching events only.
    await tabs().getByRole('link', { name: 'Attachments' }).click();
    await expect.poll(hash, { timeout: 15_000 }).toBe(`${issuePath}/attachments?query=region:eu`);
    const attachments = page.getByRole('region', { name: 'Attachments' }).locator('tbody tr');
    await expect.poll(() => attachments.count(), { timeout: 15_000 }).toBe(1);
    expect(await attachments.textContent()).toContain('eu-label.txt');
    await tabs()
      .getByRole('link', { name: /^Events/ })
      .click();

    // A search none of the issue's events matches: the first tab says so.
    await search.fill('region:eu level:fatal');
    await search.press('Enter');
    await expect.poll(hash, { timeout: 15_000 }).toBe(`${issuePath}/events?query=region:eu+level:fatal`);
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(0);
    await tabs().getByRole('link', { name: 'Recommended event' }).click();
    const none = page.getByTestId('no-event-in-filter');
    await expect
      .poll(() => none.textContent(), { timeout: 15_000 })
      .toContain('matching region:eu level:fatal');
    expect(await page.getByTestId('event-view').count()).toBe(0);
    await expect.poll(() => head.textContent(), { timeout: 15_000 }).toBe('0 matching events of 4 in 24h');

    // The search cleared: every event again, the URL without it.
    await search.fill('');
    await search.press('Enter');
    await expect.poll(hash, { timeout: 15_000 }).toBe(issuePath);
    await expect.poll(() => shown.textContent(), { timeout: 15_000 }).toContain('ship us newest');
    await expect.poll(() => head.textContent(), { timeout: 15_000 }).toBe('4 events in 24h');
    // The one failed request is that 404: no event of the issue matches the search (as Sentry's).
    expect(app.problems.filter((problem) => !problem.includes('404'))).toEqual([]);
  });
});
