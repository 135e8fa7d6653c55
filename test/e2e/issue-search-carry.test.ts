/**
 * An issue opened from a search of the issue list, in Chromium on `faultline serve`, fed by the real
 * @sentry/node SDK: as Sentry's stream and issue details, the issue page starts with the list's search
 * as its event search (the status filter and the free text dropped, the tag kept) in its filter bar, and
 * its event shown, Events tab and header counts are those of the matching events; the User Feedback and
 * Replays tabs, as Sentry's, are not narrowed by it and say so.
 */
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason, issueListSettled } from '../support/chromium.ts';
import { sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);

describe.skipIf(missing !== undefined)('the issue list search carried to the issue page', () => {
  const app = appInChromium({ timezoneId: 'UTC' });
  const hash = () => decodeURIComponent(new URL(app.page.url()).hash);
  const tabs = () => app.page.getByRole('navigation', { name: 'Issue sections' });
  /** The Events tab's messages, sorted. */
  const events = async () =>
    (await app.page.getByTestId('event-row').locator('td:nth-child(2)').allTextContents())
      .map((text) => text.replace(/^PaymentFailed: /, ''))
      .sort();

  it('opens the issue with the event filters of the list search in its filter bar, its event, Events tab and counts narrowed to them', async () => {
    const { dsn } = app.server.info;
    await sendWithSdk(dsn, {
      environment: 'production',
      errors: [
        {
          name: 'PaymentFailed',
          message: 'card declined',
          tags: { region: 'eu' },
          user: { id: 'ada' },
          minutesAgo: 30,
        },
        {
          name: 'PaymentFailed',
          message: 'card expired',
          tags: { region: 'us' },
          user: { id: 'bob' },
          minutesAgo: 20,
          feedback: [{ message: 'my card is fine', name: 'Bob' }],
        },
        {
          name: 'PaymentFailed',
          message: 'card lost',
          tags: { region: 'eu' },
          user: { id: 'cy' },
          minutesAgo: 10,
        },
        { name: 'PaymentFailed', message: 'card bent', tags: { region: 'us' }, user: { id: 'bob' } },
      ],
    });
    const page = app.page;
    const search = page.getByLabel('Search issues');
    await search.fill('is:unresolved region:eu card');
    await search.press('Enter');
    await issueListSettled(page);
    const issue = page
      .getByTestId('issue-row')
      .filter({ hasText: 'PaymentFailed' })
      .locator('.issue-title a');
    await expect.poll(() => issue.count(), { timeout: 20_000 }).toBe(1);
    // The row's link carries the event search the list's search means inside the issue.
    expect(decodeURIComponent((await issue.getAttribute('href')) ?? '')).toMatch(/[?&]query=region:eu(&|$)/);
    await issue.click();

    // The filter bar has it; the URL keeps it.
    const eventSearch = page.getByLabel('Search events');
    await expect.poll(() => eventSearch.inputValue(), { timeout: 15_000 }).toBe('region:eu');
    expect(hash()).toMatch(/query=region:eu/);

    // The event shown is the newest matching one, not the newest of the issue ('card bent', us).
    await expect
      .poll(
        () =>
          page.getByTestId('event-view').getByTestId('exception').locator('.exc-value').first().textContent(),
        { timeout: 15_000 },
      )
      .toMatch(/card lost$/);

    // The header counts the matching events and their users, as Sentry's issue details count its event view.
    await expect
      .poll(() => page.getByTestId('issue-event-count').textContent(), { timeout: 15_000 })
      .toBe('Events 2');
    await expect
      .poll(() => page.getByTestId('issue-user-count').textContent(), { timeout: 15_000 })
      .toBe('Users 2');
    expect(await page.getByTestId('issue-event-count').getAttribute('title')).toContain(
      '4 since the issue began',
    );
    await expect.poll(() => tabs().textContent(), { timeout: 15_000 }).toContain('Events (2)');
    await expect
      .poll(() => page.locator('.events-chart .chart-head strong').textContent(), { timeout: 15_000 })
      .toBe('2 matching events of 4 in 24h');

    await tabs()
      .getByRole('link', { name: /^Events/ })
      .click();
    await expect.poll(events, { timeout: 15_000 }).toEqual(['card declined', 'card lost']);

    // User Feedback is not narrowed by the search (the feedback is on a 'us' event) and says so.
    await tabs()
      .getByRole('link', { name: /^User Feedback/ })
      .click();
    await expect.poll(() => page.getByTestId('feedback-entry').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId('feedback-entry').textContent()).toContain('my card is fine');
    expect(await page.getByTestId('search-not-applied').textContent()).toBe(
      'The event search (region:eu) does not narrow the user feedback listed here.',
    );
    await tabs()
      .getByRole('link', { name: /^Replays/ })
      .click();
    await page.getByTestId('no-replays').waitFor();
    expect(await page.getByTestId('search-not-applied').textContent()).toContain(
      'does not narrow the replays',
    );

    // Cleared, the search goes: the header counts every event and user of the issue again.
    await eventSearch.fill('');
    await eventSearch.press('Enter');
    await expect
      .poll(() => page.getByTestId('issue-event-count').textContent(), { timeout: 15_000 })
      .toBe('Events 4');
    await expect
      .poll(() => page.getByTestId('issue-user-count').textContent(), { timeout: 15_000 })
      .toBe('Users 3');
    expect(await page.getByTestId('search-not-applied').count()).toBe(0);
    expect(hash()).not.toMatch(/query=/);
    expect(app.problems).toEqual([]);
  });
});
