import { describe, expect, it } from 'vitest';
import { GlobPatterns } from '../../../src-main/core/pipeline/filters/glob.ts';
import {
  compileFilters,
  type FilterInput,
  filterEvent,
} from '../../../src-main/core/pipeline/filters/index.ts';
import type { JsonObject } from '../../../src-main/core/pipeline/normalize/json.ts';
import { DEFAULT_INBOUND_FILTERS, type InboundFilters } from '../../../src-shared/inbound-filters-api.ts';

const ERROR = { type: 'error', clientIp: '203.0.113.9' };

function reason(event: JsonObject, filters: Partial<InboundFilters>, input: FilterInput = ERROR) {
  return filterEvent(event, input, compileFilters({ ...DEFAULT_INBOUND_FILTERS, ...filters }));
}

const withUserAgent = (ua: string): JsonObject => ({ request: { headers: [['User-Agent', ua]] } });

const withException = (value: string, absPaths: string[] = []): JsonObject => ({
  exception: {
    values: [
      { value, stacktrace: { frames: absPaths.map((abs_path) => ({ abs_path })) } },
      { type: 'Other' },
    ],
  },
});

describe('inbound filters: nothing on', () => {
  it('compiles to nothing, so an event is not looked at', () => {
    expect(compileFilters(DEFAULT_INBOUND_FILTERS)).toBeUndefined();
    expect(compileFilters({ errorMessages: ['[unclosed'] })).toBeUndefined();
    expect(reason({ user: { ip_address: '127.0.0.1' } }, {})).toBeUndefined();
  });
});

describe('glob patterns as Relay reads them', () => {
  it('match the whole text, case-insensitively, with * across newlines and classes', () => {
    expect(new GlobPatterns(['foo']).isMatch('foo')).toBe(true);
    expect(new GlobPatterns(['foo']).isMatch('nope')).toBe(false);
    expect(new GlobPatterns(['foo*']).isMatch('FOObarblub')).toBe(true);
    expect(new GlobPatterns(['*blub']).isMatch('foobarblub')).toBe(true);
    expect(new GlobPatterns(['*bar*']).isMatch('foobarblub')).toBe(true);
    expect(new GlobPatterns(['foo*bar']).isMatch('foo\nbar')).toBe(true);
    expect(new GlobPatterns(['1.18.[0-4].*']).isMatch('1.18.4.2153-2aa83397b')).toBe(true);
    expect(new GlobPatterns(['1.18.[0-4].*']).isMatch('1.18.5.2153-2aa83397b')).toBe(false);
    expect(new GlobPatterns(['[!3].[0-9].*']).isMatch('2.1.0')).toBe(true);
    expect(new GlobPatterns(['[!3].[0-9].*']).isMatch('3.1.0')).toBe(false);
    expect(new GlobPatterns(['v{1,2}.0']).isMatch('v2.0')).toBe(true);
    expect(new GlobPatterns(['a\\*b']).isMatch('a*b')).toBe(true);
    expect(new GlobPatterns(['a\\*b']).isMatch('axb')).toBe(false);
  });

  it('skip a pattern globset refuses and never match an empty text', () => {
    const globs = new GlobPatterns(['[abc', '{a,b', 'ok']);
    expect(globs.isMatch('ok')).toBe(true);
    expect(globs.isMatch('[abc')).toBe(false);
    expect(new GlobPatterns(['', '*']).isMatch('')).toBe(false);
  });
});

describe('error messages filter (error-message)', () => {
  const cases: Array<[string | undefined, string | undefined, string, boolean]> = [
    ['UnfilteredException', undefined, 'UnfilteredException', false],
    [undefined, 'This is an unfiltered exception.', 'This is an unfiltered exception.', false],
    [undefined, undefined, '', false],
    ['FilteredException', undefined, 'FilteredException', true],
    [undefined, 'This is a filtered exception.', 'This is a filtered exception.', true],
    [undefined, undefined, 'This is a filtered exception.', true],
    ['FilteredException', 'This is a filtered exception.', 'FilteredException: x', true],
    ['OtherException', 'random', 'FilteredException: This is a filtered exception.', true],
    ['FilteredException', 'This is a filtered exception.', 'hi this is a legit log message', true],
  ];
  const configs = [
    ['filteredexception*', '*this is a filtered exception.', '', 'this is'],
    [
      'filteredexception: this is a filtered exception.',
      'filteredexception',
      'this is a filtered exception.',
    ],
  ];
  it.each(configs)("matches Relay's cases with patterns %j", (...patterns) => {
    for (const [type, value, formatted, filtered] of cases) {
      const event = { exception: { values: [{ type, value }] }, logentry: { formatted } } as JsonObject;
      expect(reason(event, { errorMessages: patterns }), `${type}/${value}/${formatted}`).toBe(
        filtered ? 'error-message' : undefined,
      );
    }
  });

  it('reads the template when there is no formatted message', () => {
    expect(reason({ logentry: { message: 'Timeout %s' } }, { errorMessages: ['timeout*'] })).toBe(
      'error-message',
    );
  });
});

describe('releases filter (release-version)', () => {
  it('drops releases matching a glob', () => {
    expect(reason({ release: 'web@1.2.3' }, { releases: ['web@1.*'] })).toBe('release-version');
    expect(reason({ release: 'web@2.0.0' }, { releases: ['web@1.*'] })).toBeUndefined();
    expect(reason({}, { releases: ['*'] })).toBeUndefined();
  });
});

describe('client IPs filter (ip-address)', () => {
  const examples: Array<[string, string[], boolean]> = [
    ['122.33.230.14', ['112.133.110.33', '122.33.230.14'], true],
    ['aaaa:bbbb::cccc', ['121.121.12.121', 'aaaa:bbbb::cccc'], true],
    ['aaaa:bbbb::ccce', ['aaaa:bbbb::cccc'], false],
    ['122.33.230.2', ['122.33.230.0/30'], true],
    ['122.33.230.4', ['122.33.230.0/30'], false],
    ['a:b:c::2', ['a:b:c::0/126'], true],
    ['a:b:c::4', ['a:b:c::0/126'], false],
    ['127.0.0.1', ['0.0.0.0', '192.168.1.1', '10.0.0.0/8'], false],
    ['127.0.0.1', ['0.0.0.0', '127.0.0.0/8', '192.168.1.0/8'], true],
    ['127.0.0.1', ['lol/bar'], false],
  ];
  it.each(examples)('client %s with %j: filtered %s', (clientIp, clientIps, filtered) => {
    expect(reason({}, { clientIps }, { type: 'error', clientIp })).toBe(filtered ? 'ip-address' : undefined);
  });

  it("reads the sending client's address, not the user's IP in the event", () => {
    const event = { user: { ip_address: '10.1.1.1' } };
    expect(
      reason(event, { clientIps: ['10.0.0.0/8'] }, { type: 'error', clientIp: '192.0.2.1' }),
    ).toBeUndefined();
  });
});

describe('localhost filter (localhost)', () => {
  const on = { localhost: true };
  it('drops loopback user IPs, local hosts and file URLs', () => {
    for (const ip of ['127.0.0.1', '::1']) expect(reason({ user: { ip_address: ip } }, on)).toBe('localhost');
    for (const host of ['127.0.0.1', 'localhost', 'foo.localhost', 'foo.bar.baz.localhost'])
      expect(reason({ request: { url: `http://${host}:8080/` } }, on), host).toBe('localhost');
    expect(reason({ request: { url: 'file:///Users/Maisey/leaderboard.html' } }, on)).toBe('localhost');
  });

  it('keeps other addresses and hosts', () => {
    for (const ip of ['133.12.12.1', '2001:db8:0:0:0:ff00:42:8329'])
      expect(reason({ user: { ip_address: ip } }, on)).toBeUndefined();
    for (const host of ['my.dom.com', '123.123.123.44', 'localhost.com', 'foolocalhost', 'localhostbar'])
      expect(reason({ request: { url: `http://${host}:8080/` } }, on), host).toBeUndefined();
    expect(reason({}, on)).toBeUndefined();
  });

  it('reads Host, X-Forwarded-Host and X-Forwarded-For', () => {
    const header = (name: string, value: string) => ({ request: { headers: { [name]: value } } });
    for (const value of ['localhost:3000', '127.0.0.1:3000']) {
      expect(reason(header('Host', value), on)).toBe('localhost');
      expect(reason(header('X-Forwarded-Host', value), on)).toBe('localhost');
    }
    for (const ip of ['127.0.0.1', '::1'])
      expect(reason(header('X-Forwarded-For', ip), on)).toBe('localhost');
    expect(reason(header('Host', 'localhost.sentry.io:3000'), on)).toBeUndefined();
  });

  it('is off by default: events from this machine are kept', () => {
    expect(reason({ user: { ip_address: '127.0.0.1' } }, { webCrawlers: true })).toBeUndefined();
  });
});

describe('browser extensions filter (browser-extensions)', () => {
  const on = { browserExtensions: true };
  it('drops known extension sources in the innermost frame with a real path', () => {
    for (const source of [
      'https://graph.facebook.com/',
      'chrome-extension://my-extension/or/something',
      'chrome://my-extension/or/something',
      'moz-extension://my-extension/or/something',
      'safari-web-extension://my-extension/or/something',
      'https://fscr.kaspersky-labs.com/B-9B72-7B7/main.js',
      'webkit-masked-url:',
    ])
      expect(reason(withException('x', [source, '<anonymous>', '[native code]']), on), source).toBe(
        'browser-extensions',
      );
  });

  it('drops known extension messages in the first exception', () => {
    for (const value of [
      'what does conduitPage even do',
      "null is not an object (evaluating 'elt.parentNode')",
      'Extension context invalidated',
      "TypeError: can't access dead object because dead stuff smells bad",
    ])
      expect(reason(withException(value), on), value).toBe('browser-extensions');
  });

  it('keeps ordinary sources and messages', () => {
    expect(
      reason(withException('some perfectly reasonable value', ['https://some/source.js']), on),
    ).toBeUndefined();
    // The innermost frame is the app's: an extension further out does not count.
    expect(reason(withException('x', ['chrome-extension://a/b.js', 'https://app/x.js']), on)).toBeUndefined();
  });
});

describe('web crawlers filter (web-crawlers)', () => {
  const on = { webCrawlers: true };
  it('drops crawler user agents', () => {
    for (const ua of [
      'Googlebot',
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
      'Twitterbot/1.0',
      'Mozilla/5.0 (compatible; HubSpot Crawler; web-crawlers@hubspot.com)',
      'Better Uptime Bot Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
    ])
      expect(reason(withUserAgent(ua), on), ua).toBe('web-crawlers');
  });

  it('keeps browsers and Slack’s link expander', () => {
    for (const ua of [
      'Mozilla/5.0 (Windows NT 6.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2228.0 Safari/537.36',
      'APIs-Google (+https://developers.google.com/webmasters/APIs-Google.html)',
      'Slackbot 1.0(+https://api.slack.com/robots)',
    ])
      expect(reason(withUserAgent(ua), on), ua).toBeUndefined();
  });
});

describe('health check filter (filtered-transaction)', () => {
  const on = { healthCheck: true };
  const transaction = (name: string) => ({ type: 'transaction', transaction: name });
  const input = { type: 'transaction', clientIp: null };
  it("drops transactions named like Sentry's health check globs, any case", () => {
    for (const name of [
      'a/b/healthcheck/c',
      'a_HEALTHCHECK_b',
      '/health',
      'GET /api/HEALTHZ',
      '/ping',
      '/readyz',
    ])
      expect(reason(transaction(name), on, input), name).toBe('filtered-transaction');
    for (const name of ['/bad', 'health', '/health/', '/healthx'])
      expect(reason(transaction(name), on, input), name).toBeUndefined();
  });

  it('applies to transactions only', () => {
    expect(reason({ transaction: '/health' }, on)).toBeUndefined();
  });
});

describe('order of the filters', () => {
  it("reports the first matching filter in Relay's order", () => {
    const event = { release: '1.0', user: { ip_address: '127.0.0.1' }, ...withUserAgent('Googlebot') };
    const all = { releases: ['1.*'], localhost: true, webCrawlers: true, clientIps: [ERROR.clientIp] };
    expect(reason(event, all)).toBe('ip-address');
    expect(reason(event, { ...all, clientIps: [] })).toBe('release-version');
    expect(reason(event, { ...all, clientIps: [], releases: [] })).toBe('localhost');
  });
});
