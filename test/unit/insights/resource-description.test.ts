/**
 * The Assets page's normalized description of a resource span, checked against the examples Relay's
 * span normalization gives for its resource scrubber (`scrub_resource`), and the domain and file
 * extension Sentry derives from it.
 */
import { describe, expect, it } from 'vitest';
import {
  domainOfResourceDescription,
  resourceFileExtension,
  scrubResourceDescription,
} from '../../../src-main/core/insights/resource-description.ts';

const cases: [op: string, description: string, normalized: string][] = [
  [
    'resource.script',
    'https://example.com/static/chunks/09876543211234567890',
    'https://example.com/static/chunks/*',
  ],
  ['resource.script', '/_next/static/chunks/12345-abcdef0123456789.js', '/_next/static/chunks/*-*.js'],
  [
    'resource.css',
    '/_next/static/media/Some_Font-Bold.0123abcd.woff2',
    '/_next/static/media/Some_Font-Bold.*.woff2',
  ],
  [
    'resource.css',
    'https://example.com/assets/dark_high_contrast-764fa7c8-f3cd-11ed-a05b-0242ac120003.css',
    'https://example.com/assets/dark_high_contrast-*.css',
  ],
  [
    'resource.css',
    'https://example.com/assets/this_is-a_good_resource-123-scrub_me.js',
    'https://example.com/assets/*.js',
  ],
  ['resource.img', '/organization-avatar/123/?s=120', '/*/'],
  [
    'resource.img',
    'https://data.domain.com/data/guide123.gif?jzb=3f535634H467g5-2f256f&ct=1234567890&v=1.203.0_prod',
    'https://*.domain.com/data/*.gif',
  ],
  [
    'resource.script',
    'https://data.domain.com/data/guide123.js?jzb=3f535634H467g5-2f256f&ct=1234567890&v=1.203.0_prod',
    'https://*.domain.com/data/guide*.js',
  ],
  ['resource.script', 'https://data.domain.com/js/guide.js', 'https://*.domain.com/js/guide.js'],
  ['resource.img', 'https://data.domain.com/something/guide.gif', 'https://*.domain.com/*/*.gif'],
  [
    'resource.js',
    'https://domain.com/path/to/app-1f90d5.f012d11690e188c96fe6.js',
    'https://domain.com/*/app-*.*.js',
  ],
  ['resource.js', 'webroot/assets/Profile-73f6525d.js', '*/assets/Profile-*.js'],
  ['resource.css', 'webroot/assets/Shop-1aff80f7.css', '*/assets/Shop-*.css'],
  [
    'resource.other',
    'chrome-extension://begnopegbbhjeeiganiajffnalhlkkjb/img/assets/icon-10k.svg',
    'browser-extension://*',
  ],
  [
    'resource.img',
    'https://static.domain.com/6gezWf_qs4Wc12Nz9rpLOx2aw2k/foo-99',
    'https://*.domain.com/*/*',
  ],
  [
    'resource.script',
    'https://static.domain.com/6gezWf_qs4Wc12Nz9rpLOx2aw2k/foo-99',
    'https://*.domain.com/*/foo-*',
  ],
  ['resource.link', 'jkhdkkncnoglghljlkmcimlnlhkeamab/123.css', '*/*.css'],
  [
    'resource.img',
    'https://data.domain.com/data/guide123.gif#url=someotherurl',
    'https://*.domain.com/data/*.gif',
  ],
  ['resource.script', 'https://www.domain.com/page?id=1234567890', 'https://*.domain.com/page'],
  ['resource.script', '/page.js?action=name', '/page.js'],
  ['resource.script', '/path/to/file.thisismycustomfileextension2000', '/*/file.*'],
  ['resource.script', '/path/to/file.js~ri~some-_-1,,thing-_-words%2Fhere~ri~', '/*/file.js'],
  ['resource.script', '/path/to/file.~~', '/*/file'],
  ['resource.img', 'http://domain.com/something.123', 'http://domain.com/*.*'],
  ['resource.img', 'data:image/svg+xml;base64,PHN2ZyB4bW', 'data:image/svg+xml'],
  [
    'resource.script',
    'https://example.org/p/fit=cover,width=150,height=150,format=auto,quality=90/media/photosV2/weird-stuff-123-234-456.js',
    'https://example.org/*/media/*/weird-stuff-*-*-*.js',
  ],
];

describe('the normalized description of a resource span, as Relay scrubs it', () => {
  it.each(cases)('%s %s is %s', (op, description, normalized) => {
    expect(scrubResourceDescription(op, description)).toBe(normalized);
  });

  it('keeps a loopback host and its port, and a localhost page’s own path without one', () => {
    expect(scrubResourceDescription('resource.img', 'http://127.0.0.1:4100/img/logo.png')).toBe(
      'http://127.0.0.1:4100/img/*.png',
    );
    expect(scrubResourceDescription('resource.script', '/static/app.js')).toBe('/static/app.js');
    expect(scrubResourceDescription('resource.link', '/styles/site.css?v=3')).toBe('/*/site.css');
  });
});

describe('the domain and file extension Sentry reads from it', () => {
  it('takes the host and port of a full URL, and none of a path', () => {
    expect(domainOfResourceDescription('http://127.0.0.1:4100/img/*.png')).toBe('127.0.0.1:4100');
    expect(domainOfResourceDescription('https://*.domain.com/data/*.gif')).toBe('*.domain.com');
    expect(domainOfResourceDescription('/static/app.js')).toBeNull();
    expect(domainOfResourceDescription('data:image/png')).toBeNull();
  });

  it('is the last segment’s extension, lowercase', () => {
    expect(resourceFileExtension('/_next/static/media/Some_Font-Bold.*.WOFF2')).toBe('woff2');
    expect(resourceFileExtension('https://*.domain.com/page')).toBe('');
    expect(resourceFileExtension('http://domain.com/*.*')).toBe('*');
  });
});
