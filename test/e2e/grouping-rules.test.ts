/**
 * The Issue Grouping section of a project's card in Chromium against `bin/faultline serve`: a
 * fingerprint rule that does not parse is refused with its line shown; a valid one is saved, shown
 * again after a reload, and two different errors the real @sentry/node SDK sends then join one
 * issue, whose event's Grouping info names the rule.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GroupingRules } from '../../src-shared/grouping-rules-api.ts';
import { appInChromium, chromiumMissingReason, openLatestEventOf } from '../support/chromium.ts';
import { REPO_ROOT } from '../support/serve.ts';
import { rpc } from './fixtures/rpc.ts';
import { sendWithSdk } from './fixtures/send.ts';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);

const RULE = 'error.type:Payment* -> payment-errors';

describe.skipIf(missing !== undefined)('the Issue Grouping settings in Chromium', () => {
  const app = appInChromium();

  beforeAll(() => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });

  it('refuses a fingerprint rule that does not parse at its line, and saves a valid one', async () => {
    await app.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Projects & Setup' })
      .click();
    const section = app.page.getByRole('region', { name: 'Issue Grouping' }).first();
    const form = section.getByRole('form', { name: 'Fingerprint Rules' });
    const rules = form.getByLabel('Fingerprint Rules');
    await rules.waitFor();
    expect(await rules.inputValue()).toBe('');
    await expect
      .poll(() =>
        section.getByRole('form', { name: 'Stack Trace Rules' }).getByLabel('Stack Trace Rules').count(),
      )
      .toBe(1);

    await rules.fill(`# payments\n${RULE.replace('->', '')}`);
    await form.getByRole('button', { name: 'Save fingerprint rules' }).click();
    await form.getByText('(line 2, column 22)').waitFor();
    expect(await form.getByTestId('refused-line').innerText()).toContain(`line 2: ${RULE.replace('->', '')}`);
    // The refused save's answer (400) is the only problem the page reports, and nothing was stored.
    expect(app.problems.splice(0)).toEqual([expect.stringContaining('status of 400 (Bad Request)')]);
    expect(await rpc<GroupingRules>(app.server, 'projects.getGroupingRules', { projectId: 1 })).toEqual({
      fingerprintingRules: '',
      groupingEnhancements: '',
    });

    await rules.fill(`# payments\n${RULE}`);
    await form.getByRole('button', { name: 'Save fingerprint rules' }).click();
    await form.getByText('Saved: applies to the next event.').waitFor();
    expect(await form.getByTestId('refused-line').count()).toBe(0);
    expect(
      (await rpc<GroupingRules>(app.server, 'projects.getGroupingRules', { projectId: 1 }))
        .fingerprintingRules,
    ).toBe(`# payments\n${RULE}`);
    await section.screenshot({ path: path.join(ARTIFACTS, 'setup-grouping-rules.png') });

    await app.page.reload();
    await rules.waitFor();
    expect(await rules.inputValue()).toBe(`# payments\n${RULE}`);
  }, 60_000);

  it('joins two different errors the SDK sends into one issue, whose Grouping info names the rule', async () => {
    await sendWithSdk(app.server.info.dsn, {
      errors: [
        { name: 'PaymentDeclined', message: 'card declined' },
        { name: 'PaymentTimeout', message: 'gateway timed out' },
        { name: 'CartExpired', message: 'cart expired' },
      ],
    });
    await app.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Issues' }).click();
    const rows = app.page.getByTestId('issue-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    // The SDK sends its events side by side: the second Payment error may come after CartExpired.
    const counts = async () => {
      const { issues } = await rpc<{ issues: Array<{ title: string; count: number }> }>(
        app.server,
        'issues.list',
        { projectId: 1, query: '', sort: 'date', period: '24h' },
      );
      const countOf = (prefix: string) => issues.find((issue) => issue.title.startsWith(prefix))?.count;
      return { payment: countOf('Payment'), cart: countOf('CartExpired') };
    };
    await expect.poll(counts, { timeout: 15_000 }).toEqual({ payment: 2, cart: 1 });

    await openLatestEventOf(app, 'Payment');
    const grouping = app.page.getByRole('region', { name: 'Grouping info' });
    expect(await grouping.getByTestId('contributing-variant').innerText()).toBe('custom_server_fingerprint');
    expect(await grouping.getByTestId('matched-rule').innerText()).toBe(
      'fingerprint rule: type:"Payment*" -> "payment-errors"',
    );
    expect(app.problems).toEqual([]);
  }, 60_000);
});
