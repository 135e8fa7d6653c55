/**
 * Each detector at Sentry's default thresholds, at their edges: transactions built as an SDK sends
 * them (`transaction` item JSON, seconds), read through the pipeline's own `transactionTrees`.
 */
import { describe, expect, it } from 'vitest';
import { detectConsecutiveDb } from '../../../src-main/core/performance-issues/detectors/consecutive-db.ts';
import { detectConsecutiveHttp } from '../../../src-main/core/performance-issues/detectors/consecutive-http.ts';
import { detectLargeHttpPayload } from '../../../src-main/core/performance-issues/detectors/large-http-payload.ts';
import { detectNPlusOneApiCalls } from '../../../src-main/core/performance-issues/detectors/n-plus-one-api-calls.ts';
import { detectNPlusOneDb } from '../../../src-main/core/performance-issues/detectors/n-plus-one-db.ts';
import { detectSlowDbQuery } from '../../../src-main/core/performance-issues/detectors/slow-db-query.ts';
import { detectUncompressedAssets } from '../../../src-main/core/performance-issues/detectors/uncompressed-assets.ts';
import { type TreeSpan as Span, transactionTree as tree } from './transaction-tree.ts';

const sequential = (count: number, span: Omit<Span, 'at'>, from = 0, gap = 0): Span[] =>
  Array.from({ length: count }, (_, i) => ({ ...span, at: from + i * (span.ms + gap) }));

describe('N+1 DB queries (1006)', () => {
  const source = { op: 'db', description: 'SELECT * FROM users', at: 0, ms: 5 };
  const repeated = (count: number, ms: number) =>
    sequential(count, { op: 'db', description: 'SELECT * FROM posts WHERE user_id = $1', ms }, 5);

  it('is found at 5 repeats taking 50 ms, with the source query as cause and the transaction as parent', () => {
    const found = detectNPlusOneDb(tree([source, ...repeated(5, 10)]));
    expect(found).toHaveLength(1);
    expect(found[0]?.type.typeId).toBe(1006);
    expect(found[0]?.offenderSpanIds).toHaveLength(5);
    expect(found[0]?.causeSpanIds).toHaveLength(1);
    expect(found[0]?.fingerprint).toMatch(/^1-GroupType\.PERFORMANCE_N_PLUS_ONE_DB_QUERIES-[0-9a-f]{40}$/);
  });

  it('is not found at 4 repeats, nor at 5 taking under 50 ms', () => {
    expect(detectNPlusOneDb(tree([source, ...repeated(4, 20)]))).toEqual([]);
    expect(detectNPlusOneDb(tree([source, ...repeated(5, 9.9)]))).toEqual([]);
  });

  it('needs a source query different from the repeated one', () => {
    expect(detectNPlusOneDb(tree(repeated(8, 20)))).toEqual([]);
  });

  it('is not broken by the literals of the repeated queries, which Sentry’s span hash scrubs', () => {
    const literal = Array.from({ length: 5 }, (_, i) => ({
      op: 'db',
      description: `SELECT * FROM posts WHERE user_id = ${i + 1}`,
      at: 5 + i * 10,
      ms: 10,
    }));
    expect(detectNPlusOneDb(tree([source, ...literal]))).toHaveLength(1);
  });

  it('gives the same fingerprint in another transaction of the same shape, another for other queries', () => {
    const a = detectNPlusOneDb(tree([source, ...repeated(5, 10)]))[0]?.fingerprint;
    const b = detectNPlusOneDb(tree([source, ...repeated(7, 12)]))[0]?.fingerprint;
    const other = detectNPlusOneDb(
      tree([
        source,
        ...sequential(5, { op: 'db', description: 'SELECT * FROM likes WHERE user_id = $1', ms: 10 }, 5),
      ]),
    )[0]?.fingerprint;
    expect(a).toBe(b);
    expect(other).toBeDefined();
    expect(other).not.toBe(a);
  });
});

describe('slow DB query (1001)', () => {
  it('is found at 500 ms, not at 499 ms, and only for a SELECT', () => {
    expect(
      detectSlowDbQuery(tree([{ op: 'db', description: 'SELECT 1 FROM t', at: 0, ms: 500 }])),
    ).toHaveLength(1);
    expect(detectSlowDbQuery(tree([{ op: 'db', description: 'SELECT 1 FROM t', at: 0, ms: 499 }]))).toEqual(
      [],
    );
    expect(
      detectSlowDbQuery(tree([{ op: 'db', description: 'UPDATE t SET a = 1', at: 0, ms: 900 }])),
    ).toEqual([]);
    expect(
      detectSlowDbQuery(tree([{ op: 'db', description: 'SELECT a FROM t ...', at: 0, ms: 900 }])),
    ).toEqual([]);
  });
});

describe('consecutive HTTP (1009)', () => {
  const request = (path: string) => ({ op: 'http.client', description: `GET http://api.local/${path}` });
  const calls = (count: number, ms: number, gap = 0) =>
    Array.from({ length: count }, (_, i) => ({ ...request(`items/${i}`), ms, at: i * (ms + gap) }));

  it('is found for 3 sequential requests of 1,000 ms (2 s saved in parallel)', () => {
    const found = detectConsecutiveHttp(tree(calls(3, 1000)));
    expect(found.map((problem) => [problem.type.typeId, problem.offenderSpanIds.length])).toEqual([
      [1009, 3],
    ]);
  });

  it('is not found when they would save under 2 s, are under 500 ms each, or wait 500 ms between them', () => {
    expect(detectConsecutiveHttp(tree(calls(3, 999)))).toEqual([]);
    expect(detectConsecutiveHttp(tree(calls(6, 499)))).toEqual([]);
    expect(detectConsecutiveHttp(tree(calls(3, 1000, 500)))).toEqual([]);
    expect(detectConsecutiveHttp(tree(calls(3, 1000, 499)))).toHaveLength(1);
  });

  it('is not found for a browser SDK’s transaction', () => {
    expect(detectConsecutiveHttp(tree(calls(3, 1000), { sdk: 'sentry.javascript.browser' }))).toEqual([]);
  });
});

describe('consecutive DB queries (1007)', () => {
  it('is found when a query that depends on nothing follows another and 100 ms would be saved', () => {
    const found = detectConsecutiveDb(
      tree([
        { op: 'db', description: 'SELECT * FROM users WHERE id = $1', at: 0, ms: 200 },
        { op: 'db', description: 'SELECT * FROM countries', at: 200, ms: 100 },
      ]),
    );
    expect(found.map((problem) => problem.type.typeId)).toEqual([1007]);
  });

  it('is not found when the queries overlap, the independent one takes 30 ms or less, or less than 100 ms is saved', () => {
    const overlapping = [
      { op: 'db', description: 'SELECT * FROM users WHERE id = $1', at: 0, ms: 200 },
      { op: 'db', description: 'SELECT * FROM countries', at: 150, ms: 150 },
    ];
    expect(detectConsecutiveDb(tree(overlapping))).toEqual([]);
    const short = [
      { op: 'db', description: 'SELECT * FROM users WHERE id = $1', at: 0, ms: 200 },
      { op: 'db', description: 'SELECT * FROM countries', at: 200, ms: 30 },
    ];
    expect(detectConsecutiveDb(tree(short))).toEqual([]);
    const little = [
      { op: 'db', description: 'SELECT * FROM users WHERE id = $1', at: 0, ms: 200 },
      { op: 'db', description: 'SELECT * FROM countries', at: 200, ms: 99 },
    ];
    expect(detectConsecutiveDb(tree(little))).toEqual([]);
  });
});

describe('N+1 API calls (1010)', () => {
  const fetches = (count: number, ms: number, stagger = 1) =>
    Array.from({ length: count }, (_, i) => ({
      op: 'http.client',
      description: `GET https://api.local/users/${i + 1}`,
      at: i * stagger,
      ms,
    }));

  it('is found for 10 concurrent GETs of one parameterized URL taking 300 ms in all, in a page load', () => {
    const found = detectNPlusOneApiCalls(tree(fetches(10, 30), { op: 'pageload' }));
    expect(found.map((problem) => [problem.type.typeId, problem.description])).toEqual([
      [1010, 'https://api.local/users/*'],
    ]);
  });

  it('is not found for 9, for 300 ms less a little, for calls 5 ms apart, or in a server transaction', () => {
    expect(detectNPlusOneApiCalls(tree(fetches(9, 40), { op: 'pageload' }))).toEqual([]);
    expect(detectNPlusOneApiCalls(tree(fetches(10, 29.9), { op: 'pageload' }))).toEqual([]);
    expect(detectNPlusOneApiCalls(tree(fetches(10, 30, 5), { op: 'pageload' }))).toEqual([]);
    expect(detectNPlusOneApiCalls(tree(fetches(10, 30), { op: 'http.server' }))).toEqual([]);
  });
});

describe('Large HTTP payload (1015)', () => {
  const request = (url: string, bytes: number | string, ms = 100, key = 'http.response_content_length') => ({
    op: 'http.client',
    description: `GET ${url}`,
    at: 0,
    ms,
    data: { [key]: bytes },
  });

  it('is found for a response over 300,000 bytes taking 100 ms, fingerprinted by its parameterized path', () => {
    const first = detectLargeHttpPayload(tree([request('https://api.local/reports/17', 300_001)]));
    expect(first.map((problem) => [problem.type.typeId, problem.op, problem.description])).toEqual([
      [1015, 'http', 'GET https://api.local/reports/17'],
    ]);
    const other = detectLargeHttpPayload(tree([request('https://api.local/reports/42?full=1', '400000')]));
    expect(other[0]?.fingerprint).toBe(first[0]?.fingerprint);
    const elsewhere = detectLargeHttpPayload(tree([request('https://api.local/exports/17', 300_001)]));
    expect(elsewhere[0]?.fingerprint).not.toBe(first[0]?.fingerprint);
  });

  it('reads the size the newer SDKs send as http.response.body.size', () => {
    const found = detectLargeHttpPayload(
      tree([request('https://api.local/reports/17', 500_000, 150, 'http.response.body.size')]),
    );
    expect(found).toHaveLength(1);
  });

  it('is not found at 300,000 bytes, under 100 ms, for a non-JSON file, a Next.js static file or a prefetch', () => {
    expect(detectLargeHttpPayload(tree([request('https://api.local/reports/17', 300_000)]))).toEqual([]);
    expect(detectLargeHttpPayload(tree([request('https://api.local/reports/17', 900_000, 99.9)]))).toEqual(
      [],
    );
    expect(detectLargeHttpPayload(tree([request('https://cdn.local/video.mp4', 900_000)]))).toEqual([]);
    expect(detectLargeHttpPayload(tree([request('https://cdn.local/data.json?v=2', 900_000)]))).toHaveLength(
      1,
    );
    expect(detectLargeHttpPayload(tree([request('https://app.local/_next/static/chunk', 900_000)]))).toEqual(
      [],
    );
    const prefetch = {
      ...request('https://api.local/reports/17', 900_000),
      data: {} as Record<string, unknown>,
    };
    prefetch.data = { 'http.response_content_length': 900_000, 'http.request.prefetch': true };
    expect(detectLargeHttpPayload(tree([prefetch]))).toEqual([]);
  });
});

describe('Uncompressed assets (1012)', () => {
  const asset = (url: string, encoded: number, decoded: number, ms = 301, transfer = encoded + 300) => ({
    op: 'resource.script',
    description: url,
    at: 0,
    ms,
    data: {
      'http.response_transfer_size': transfer,
      'http.response_content_length': encoded,
      'http.decoded_response_content_length': decoded,
    },
  });
  const compressed = { ...asset('https://cdn.local/vendor.css', 10_000, 40_000), op: 'resource.css' };
  const LIMIT = 500 * 1024;

  it('is found for a 512,000-byte script sent uncompressed over 300 ms in Chrome, its hash made *', () => {
    const found = detectUncompressedAssets(
      tree([compressed, asset('https://cdn.local/assets/main.0123abcd.js', LIMIT, LIMIT)], {
        browser: 'Chrome',
      }),
    );
    expect(found.map((problem) => [problem.type.typeId, problem.op, problem.description])).toEqual([
      [1012, 'resource.script', 'https://cdn.local/assets/main.0123abcd.js'],
    ]);
    const rebuilt = detectUncompressedAssets(
      tree([compressed, asset('https://cdn.local/assets/main.9876fedc.js?x=1', LIMIT, LIMIT)], {
        browser: 'Chrome',
      }),
    );
    expect(rebuilt[0]?.fingerprint).toBe(found[0]?.fingerprint);
  });

  it("reads the browser SDK's http.response.size / body.size / body.decoded_size", () => {
    const spans = [
      compressed,
      {
        op: 'resource.css',
        description: '/static/site.css',
        at: 0,
        ms: 400,
        data: {
          'http.response.size': 700_000,
          'http.response.body.size': 600_000,
          'http.response.body.decoded_size': 600_000,
        },
      },
    ];
    expect(detectUncompressedAssets(tree(spans, { browser: 'Firefox' }))).toHaveLength(1);
  });

  it('is not found under 512,000 bytes, at 300 ms, compressed, from cache, for an image, alone, or outside a major browser', () => {
    const big = 'https://cdn.local/app.js';
    const chrome = { browser: 'Chrome' };
    expect(detectUncompressedAssets(tree([compressed, asset(big, LIMIT - 1, LIMIT - 1)], chrome))).toEqual(
      [],
    );
    expect(detectUncompressedAssets(tree([compressed, asset(big, LIMIT, LIMIT, 300)], chrome))).toEqual([]);
    expect(detectUncompressedAssets(tree([compressed, asset(big, LIMIT, LIMIT, 400, 0)], chrome))).toEqual(
      [],
    );
    expect(detectUncompressedAssets(tree([compressed, asset(big, LIMIT, LIMIT, 400, 300)], chrome))).toEqual(
      [],
    );
    const image = asset('https://cdn.local/hero.png', LIMIT, LIMIT);
    expect(detectUncompressedAssets(tree([compressed, image], chrome))).toEqual([]);
    expect(detectUncompressedAssets(tree([asset(big, LIMIT, LIMIT)], chrome))).toEqual([]);
    expect(
      detectUncompressedAssets(tree([compressed, asset(big, LIMIT, LIMIT)], { browser: 'Opera' })),
    ).toEqual([]);
    expect(detectUncompressedAssets(tree([compressed, asset(big, LIMIT, LIMIT)]))).toEqual([]);
  });
});
