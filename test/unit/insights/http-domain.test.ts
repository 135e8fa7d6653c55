/**
 * The Requests page's domain of an outbound HTTP span, checked against what Relay's span normalization
 * makes of the same descriptions and attributes (its `scrub_http`, `scrub_host`, `scrub_domain_name`
 * and `domain_from_server_address` examples), its status code, and its self time.
 */
import { describe, expect, it } from 'vitest';
import {
  domainOfDescription,
  httpSpanDomain,
  httpStatusCode,
  scrubDomainName,
} from '../../../src-main/core/insights/http-domain.ts';
import { selfTime } from '../../../src-main/core/insights/http-spans.ts';
import type { SpanRecord } from '../../../src-main/core/traces/transactions.ts';

describe('the domain of an http.client span, as Relay derives span.domain', () => {
  it('is the URL’s host and port without scheme, path or query, lowercase', () => {
    expect(domainOfDescription('GET http://127.0.0.1:8080/users/7?x=1')).toBe('127.0.0.1:8080');
    expect(domainOfDescription('post https://Example.COM/api')).toBe('example.com');
    expect(domainOfDescription('GET http://localhost:3000/')).toBe('localhost:3000');
    // A scheme's default port is no port.
    expect(domainOfDescription('GET https://example.com:443/a')).toBe('example.com');
  });

  it('keeps a domain name’s registrable part behind *. and hides IP addresses but loopback', () => {
    expect(domainOfDescription('GET https://api.github.com/repos')).toBe('*.github.com');
    expect(domainOfDescription('GET https://data.bbc.co.uk/feed')).toBe('*.bbc.co.uk');
    expect(domainOfDescription('GET https://bbc.co.uk/feed')).toBe('bbc.co.uk');
    expect(domainOfDescription('GET http://10.1.2.3:9000/x')).toBe('*.*.*.*:9000');
    expect(domainOfDescription('GET http://[::1]:9000/x')).toBe('::1:9000');
    expect(domainOfDescription('GET http://[2001:db8::1]/x')).toBe('*:*:*:*:*:*:*:*');
    expect(domainOfDescription('GET http://127.0.0.2/x')).toBe('*.*.*.*');
    expect(scrubDomainName('my.domain.com')).toBe('*.domain.com');
    expect(scrubDomainName('hello world')).toBe('hello world');
    expect(scrubDomainName('db')).toBe('db');
  });

  it('is none for a description that is no method and URL', () => {
    expect(domainOfDescription('GET')).toBeNull();
    expect(domainOfDescription('FETCH https://example.com')).toBeNull();
    expect(domainOfDescription('GET /relative/path')).toBeNull();
  });

  it('falls back on the method and url.full attributes, then on server.address, whose IP stays', () => {
    expect(
      httpSpanDomain('GET 127.0.0.1', { 'http.request.method': 'GET', 'url.full': 'http://127.0.0.1:81/a' }),
    ).toBe('127.0.0.1:81');
    expect(httpSpanDomain('HTTP GET', { 'server.address': 'API.Example.com:8443' })).toBe(
      '*.example.com:8443',
    );
    expect(httpSpanDomain('HTTP GET', { 'server.address': '10.0.0.7', 'server.port': 5432 })).toBe(
      '10.0.0.7:5432',
    );
    expect(httpSpanDomain('HTTP GET', {})).toBe('');
    expect(httpSpanDomain(null, null)).toBe('');
  });
});

describe('the status code of an http.client span', () => {
  it('is read from its data, the older status_code, or the http.status_code tag', () => {
    expect(httpStatusCode({ 'http.response.status_code': 503 }, null)).toBe(503);
    expect(httpStatusCode({ status_code: '302' }, null)).toBe(302);
    expect(httpStatusCode({}, { 'http.status_code': '200' })).toBe(200);
    expect(httpStatusCode({ 'http.response.status_code': 'teapot' }, null)).toBeNull();
    expect(httpStatusCode(null, null)).toBeNull();
  });
});

describe('the self time of a span', () => {
  const span = (id: string, start: number, end: number): SpanRecord => ({
    projectId: 1,
    projectSlug: 'p',
    eventId: null,
    spanId: id,
    parentSpanId: null,
    segmentId: null,
    isSegment: false,
    name: null,
    op: 'http.client',
    status: null,
    start,
    end,
    dbSystem: null,
    segmentName: null,
    webVitals: null,
    data: null,
    tags: null,
    profilerId: null,
    user: null,
  });

  it('is its duration less the time its children cover, overlaps counted once, outside parts left out', () => {
    const parent = span('p', 100, 200);
    expect(selfTime(parent, [])).toBe(100);
    expect(selfTime(parent, [span('a', 110, 130), span('b', 120, 140)])).toBe(70);
    expect(selfTime(parent, [span('a', 50, 120), span('b', 190, 260)])).toBe(70);
    expect(selfTime(parent, [span('a', 90, 210)])).toBe(0);
  });
});
