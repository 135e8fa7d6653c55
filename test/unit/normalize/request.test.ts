import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-main/core/pipeline/normalize/json.ts';
import { normalizeEvent } from '../../../src-main/core/pipeline/normalize/normalize_event.ts';

const run = (request: JsonObject) =>
  normalizeEvent({ request }, { receivedAt: new Date('2026-01-15T12:00:00Z'), projectId: 1 });

describe('the request interface, as Relay reads and normalizes it', () => {
  it('the query string leaves the URL as pairs, and a token in it is filtered', () => {
    const { event } = run({ url: 'https://shop.test/pay?a=1&b=two+words&token=abc#top', method: 'post' });
    expect(event.request).toEqual({
      url: 'https://shop.test/pay',
      method: 'POST',
      query_string: [
        ['a', '1'],
        ['b', 'two words'],
        ['token', '[Filtered]'],
      ],
      fragment: 'top',
    });
    expect(event._meta).toEqual({
      request: { query_string: { 2: { 1: { '': { rem: [['@password:filter', 's', 0, 10]], len: 3 } } } } },
    });
  });

  it('a query string sent on its own wins over the URL’s, and is parsed from a string', () => {
    const { event } = run({ url: 'http://x.test/p?ignored=1', query_string: '?q=%C3%A9t%C3%A9&empty' });
    expect(event.request).toMatchObject({
      url: 'http://x.test/p',
      query_string: [
        ['q', 'été'],
        ['empty', ''],
      ],
    });
  });

  it('the Cookie header becomes the cookies, and header names are capitalized and sorted', () => {
    const { event } = run({
      headers: {
        'x-forwarded-for': '198.51.100.7',
        cookie: 'theme=dark; api_key="s3cr3t"',
        'content-type': 'application/json; charset=utf-8',
        accept: ['text/html', 'application/json'],
      },
    });
    expect(event.request).toEqual({
      headers: [
        ['Accept', 'text/html,application/json'],
        ['Content-Type', 'application/json; charset=utf-8'],
        ['X-Forwarded-For', '198.51.100.7'],
      ],
      cookies: [
        ['theme', 'dark'],
        ['api_key', '[Filtered]'],
      ],
      inferred_content_type: 'application/json',
    });
  });

  it('an invalid method is removed with an error; a string body is parsed, JSON or form', () => {
    const json = run({ method: 'G3T', data: '{"card":"4111 1111 1111 1111","n":1}' });
    expect(json.event.request).toEqual({
      data: { card: '[Filtered]', n: 1 },
      inferred_content_type: 'application/json',
    });
    expect(json.errors).toEqual([{ type: 'invalid_data', name: 'request.method', value: 'G3T' }]);
    const form = run({ data: 'name=Ann&password=hunter2' });
    expect(form.event.request).toEqual({
      data: { name: 'Ann', password: '[Filtered]' },
      inferred_content_type: 'application/x-www-form-urlencoded',
    });
    // A lone word is no form: kept as sent.
    expect(run({ data: 'hello' }).event.request).toEqual({ data: 'hello' });
  });

  it('a URL that does not parse is still split at # and ?', () => {
    const { event } = run({ url: 'popup.html?x=1#frag' });
    expect(event.request).toEqual({ url: 'popup.html', query_string: [['x', '1']], fragment: 'frag' });
  });
});

describe('header names, capitalized once per spelling', () => {
  it('each spelling of a name keeps its own capitals, event after event and past the names remembered', () => {
    const names = (headers: JsonObject) =>
      ((run({ headers }).event.request as JsonObject).headers as [string, string][]).map(([name]) => name);
    expect(names({ 'x-request-id': '1', 'X-REQUEST-ID': '2', 'x-Request-iD': '3' })).toEqual([
      'X-REQUEST-ID',
      'X-Request-ID',
      'X-Request-Id',
    ]);
    // More names than are remembered (1,024): each still comes out as the rule writes it.
    for (let i = 0; i < 1100; i++) expect(names({ [`x-custom-${i}-id`]: 'v' })).toEqual([`X-Custom-${i}-Id`]);
    expect(names({ 'x-request-id': '4', 'content-type': 'text/plain' })).toEqual([
      'Content-Type',
      'X-Request-Id',
    ]);
  });
});
