/**
 * A project's Inbound Filters set through the API and applied by a real core to what the real
 * @sentry/node SDK (and raw envelopes shaped as browsers send them) sends: matching events are
 * dropped before they make an issue, counted under Outcomes as `filtered` with Relay's reason, and
 * a change applies to the very next event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import type { OutcomeRow } from '../../../src-shared/api.ts';
import { type SenderSpec, sendWithSdk } from '../../e2e/fixtures/send.ts';
import { callApi, sendEnvelope, startCore } from '../../support/core.ts';

type SentError = SenderSpec['errors'][number];

const IE11 = 'Mozilla/5.0 (Windows NT 6.3; Trident/7.0; rv:11.0) like Gecko';
const CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

const inRequest = (name: string, userAgent: string): SentError => ({
  name,
  message: `${name} happened`,
  request: { method: 'GET', url: 'https://shop.example.com/cart', headers: { 'User-Agent': userAgent } },
});

let core: Core;
let dsn: string;

beforeAll(async () => {
  core = await startCore();
  dsn = core.ctx.projects.defaultDsn(1) ?? '';
}, 60_000);
afterAll(() => core?.close());

const drain = () => core.ctx.pipeline.call('pipeline.drain', {});

async function titles(): Promise<string[]> {
  const { issues } = await callApi(core, 'issues.list', {
    projectId: 1,
    query: '',
    sort: 'date',
    period: '24h',
  });
  return issues.map((issue) => issue.title.split(':')[0] ?? '').sort();
}

async function filteredOutcomes(): Promise<Record<string, number>> {
  const rows: OutcomeRow[] = await callApi(core, 'outcomes.list', { projectId: 1 });
  const counts: Record<string, number> = {};
  for (const row of rows)
    if (row.outcome === 'filtered') {
      const key = `${row.category}/${row.reason}`;
      counts[key] = (counts[key] ?? 0) + row.quantity;
    }
  return counts;
}

const envelope = (header: object, ...items: Array<[object, object | string]>) =>
  [
    JSON.stringify(header),
    ...items.flatMap(([h, p]) => [JSON.stringify(h), typeof p === 'string' ? p : JSON.stringify(p)]),
  ].join('\n');

describe('inbound filters', () => {
  it('keep everything while all are off, events from localhost included', async () => {
    expect(await callApi(core, 'projects.getInboundFilters', { projectId: 1 })).toMatchObject({
      localhost: false,
      browserExtensions: false,
      legacyBrowsers: [],
    });
    await sendWithSdk(dsn, {
      errors: [{ name: 'LocalError', message: 'from this machine', user: { ip_address: '127.0.0.1' } }],
    });
    await drain();
    expect(await titles()).toEqual(['LocalError']);
    expect(await filteredOutcomes()).toEqual({});
  }, 60_000);

  it('drop what each filter matches, with its reason, and keep the rest', async () => {
    const stored = await callApi(core, 'projects.setInboundFilters', {
      projectId: 1,
      filters: {
        browserExtensions: true,
        webCrawlers: true,
        healthCheck: true,
        legacyBrowsers: ['ie'],
        errorMessages: ['  *is ignored*  ', '', '*is ignored*'],
        releases: ['old@*'],
      },
    });
    expect(stored.errorMessages).toEqual(['*is ignored*']);

    await sendWithSdk(dsn, {
      errors: [
        { name: 'NoisyError', message: 'this is ignored' },
        inRequest('CrawlerError', GOOGLEBOT),
        inRequest('OldBrowserError', IE11),
        inRequest('CartError', CHROME),
      ],
    });
    await sendWithSdk(dsn, { release: 'old@1.0.0', errors: [{ name: 'OldReleaseError', message: 'old' }] });
    // A browser event whose innermost frame is an extension's, with an attachment (dropped with it).
    await sendEnvelope(
      core,
      envelope(
        { event_id: 'a'.repeat(32) },
        [
          { type: 'event' },
          {
            event_id: 'a'.repeat(32),
            platform: 'javascript',
            exception: {
              values: [
                {
                  type: 'TypeError',
                  value: 'x is undefined',
                  stacktrace: {
                    frames: [{ abs_path: 'chrome-extension://abcdef/content.js', function: 'inject' }],
                  },
                },
              ],
            },
          },
        ],
        [{ type: 'attachment', filename: 'log.txt', length: 5 }, 'hello'],
      ),
    );
    // A health check transaction.
    const now = Date.now() / 1000;
    await sendEnvelope(
      core,
      envelope({ event_id: 'b'.repeat(32) }, [
        { type: 'transaction' },
        {
          event_id: 'b'.repeat(32),
          type: 'transaction',
          transaction: 'GET /healthz',
          start_timestamp: now - 0.01,
          timestamp: now,
          contexts: { trace: { trace_id: 'c'.repeat(32), span_id: 'd'.repeat(16), op: 'http.server' } },
          spans: [],
        },
      ]),
    );
    await drain();

    expect(await titles()).toEqual(['CartError', 'LocalError']);
    expect(await filteredOutcomes()).toEqual({
      'error/error-message': 1,
      'error/web-crawlers': 1,
      'error/legacy-browsers': 1,
      'error/release-version': 1,
      'error/browser-extensions': 1,
      'attachment/browser-extensions': 5,
      'attachment_item/browser-extensions': 1,
      'transaction/filtered-transaction': 1,
      'span/filtered-transaction': 1,
    });
  }, 60_000);

  it('apply a change to the next event', async () => {
    await callApi(core, 'projects.setInboundFilters', { projectId: 1, filters: { errorMessages: [] } });
    await sendWithSdk(dsn, { errors: [{ name: 'NoisyError', message: 'this is ignored' }] });
    await drain();
    expect(await titles()).toContain('NoisyError');

    await callApi(core, 'projects.setInboundFilters', { projectId: 1, filters: { localhost: true } });
    await sendWithSdk(dsn, {
      errors: [{ name: 'LocalAgain', message: 'from this machine', user: { ip_address: '127.0.0.1' } }],
    });
    await drain();
    expect(await titles()).not.toContain('LocalAgain');
    expect((await filteredOutcomes())['error/localhost']).toBe(1);
  }, 60_000);

  it('refuse an IP entry that is no address or range, and keep the stored filters', async () => {
    const before = await callApi(core, 'projects.getInboundFilters', { projectId: 1 });
    await expect(
      callApi(core, 'projects.setInboundFilters', {
        projectId: 1,
        filters: { clientIps: ['10.0.0.0/8', 'lol/bar'] },
      }),
    ).rejects.toThrow(/"lol\/bar" is not an IP address or CIDR range/);
    await expect(
      callApi(core, 'projects.setInboundFilters', {
        projectId: 1,
        filters: { legacyBrowsers: ['netscape' as never] },
      }),
    ).rejects.toThrow(/unknown legacy browser "netscape"/);
    expect(await callApi(core, 'projects.getInboundFilters', { projectId: 1 })).toEqual(before);
  });
});
