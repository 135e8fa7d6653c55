/**
 * The Metrics page in Chromium against `bin/faultline serve`, fed by the real @sentry/node 11 SDK
 * (`Sentry.metrics.*`): it says how to send metrics until some arrive, then lists their names as they
 * come (without a reload); a metric chosen is charted with its type's aggregates, grouped by an
 * attribute and filtered on one, and its samples link the trace that is stored to the trace view.
 */
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason } from '../support/chromium.ts';
import { sendMetricsWithSdk } from '../support/metrics.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the Metrics page test: ${missing}`);

describe.skipIf(missing !== undefined)('the Metrics page in Chromium', () => {
  const app = appInChromium();

  it('lists metric names live, charts aggregates by group and filter, and links a sample to its trace', async () => {
    const { page, server } = app;
    await page.getByRole('link', { name: 'Metrics' }).click();
    await page.getByRole('heading', { name: 'Metrics', exact: true }).waitFor();
    await expect.poll(() => page.getByTestId('metrics-empty').innerText()).toContain('Sentry.metrics.count');

    const traceIds = await sendMetricsWithSdk(server.info.dsn, [
      [
        { kind: 'count', name: 'checkout.completed', value: 1, attributes: { region: 'eu' } },
        { kind: 'count', name: 'checkout.completed', value: 2, attributes: { region: 'us' } },
        {
          kind: 'count',
          name: 'checkout.completed',
          value: 4,
          attributes: { region: 'ap' },
          span: 'checkout',
        },
        ...[100, 200, 300, 400].map((value) => ({
          kind: 'distribution' as const,
          name: 'checkout.duration',
          value,
          unit: 'millisecond',
        })),
      ],
    ]);
    const names = page.getByRole('table', { name: 'Metric names' }).locator('tbody tr');
    await expect
      .poll(() => names.allInnerTexts(), { timeout: 15_000 })
      .toEqual([
        expect.stringMatching(/^checkout\.completed\tcounter\tnone\t3$/),
        expect.stringMatching(/^checkout\.duration\tdistribution\tmillisecond\t4$/),
      ]);

    // A counter: its sum, then one series per region, then only Europe's.
    await page.getByRole('button', { name: 'checkout.completed' }).click();
    const legend = page.getByRole('list', { name: 'Series' }).locator('li');
    await expect
      .poll(() => legend.allInnerTexts(), { timeout: 15_000 })
      .toEqual(['● sum(checkout.completed): 7']);
    await expect.poll(() => page.getByTestId('metric-chart').locator('circle').count()).toBeGreaterThan(0);
    await page.getByLabel('Group by').selectOption('region');
    await expect
      .poll(() => legend.allInnerTexts(), { timeout: 15_000 })
      .toEqual(['● ap: 4', '● us: 2', '● eu: 1']);
    const filter = page.getByLabel('Filter metrics');
    await filter.fill('!region:ap');
    await filter.press('Enter');
    await expect.poll(() => legend.allInnerTexts(), { timeout: 15_000 }).toEqual(['● us: 2', '● eu: 1']);
    expect(decodeURIComponent(new URL(page.url()).hash)).toMatch(/groupBy=region&query=!region:ap/);
    await filter.fill('');
    await filter.press('Enter');

    // Samples: the one recorded in a span links its stored trace, the others say theirs is not stored.
    const samples = page.getByRole('table', { name: 'Samples' }).locator('tbody tr');
    await expect.poll(() => samples.count(), { timeout: 15_000 }).toBe(3);
    const traced = samples.filter({ hasText: 'region: ap' });
    await expect.poll(() => traced.getByRole('link').count()).toBe(1);
    expect(await samples.getByText('not stored').count()).toBe(2);

    // A distribution offers its aggregates.
    await page.getByRole('button', { name: 'checkout.duration' }).click();
    await expect
      .poll(() => legend.allInnerTexts(), { timeout: 15_000 })
      .toEqual(['● avg(checkout.duration): 250 millisecond']);
    const aggregate = page.getByLabel('Aggregate');
    expect(await aggregate.locator('option').allInnerTexts()).toEqual([
      'avg',
      'p50',
      'p75',
      'p95',
      'p99',
      'max',
      'count',
    ]);
    await aggregate.selectOption('p95');
    await expect
      .poll(() => legend.allInnerTexts(), { timeout: 15_000 })
      .toEqual(['● p95(checkout.duration): 385 millisecond']);

    // Back to the counter's traced sample: its link opens the trace view.
    await page.getByRole('button', { name: 'checkout.completed' }).click();
    await expect.poll(() => traced.getByRole('link').count(), { timeout: 15_000 }).toBe(1);
    await traced.getByRole('link').click();
    await expect.poll(() => new URL(page.url()).hash).toContain(`#/traces/${traceIds.checkout}`);
    await expect
      .poll(
        () => page.getByRole('region', { name: 'Trace' }).getByTestId('trace-transaction').allInnerTexts(),
        {
          timeout: 15_000,
        },
      )
      .toEqual([expect.stringMatching(/checkout/)]);
    expect(app.problems).toEqual([]);
  });
});
