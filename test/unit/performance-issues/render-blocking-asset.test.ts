/**
 * The render blocking asset detector (1004) at Sentry's default thresholds, at their edges: page
 * loads built as the browser SDK sends them (`transaction` item JSON in seconds, FCP in
 * `measurements`), read through the pipeline's own `transactionTrees`, and run through
 * `detectProblems` as the pipeline runs it.
 */
import { describe, expect, it } from 'vitest';
import { detectProblems } from '../../../src-main/core/performance-issues/detect.ts';
import { detectRenderBlockingAsset } from '../../../src-main/core/performance-issues/detectors/render-blocking-asset.ts';
import type { TransactionTree } from '../../../src-main/core/performance-issues/spans.ts';
import { transactionTree } from './transaction-tree.ts';

interface Asset {
  op?: string;
  url?: string;
  /** Start and duration, milliseconds after the page load began. */
  at?: number;
  ms: number;
  data?: Record<string, unknown>;
  id?: string;
}

const FCP = 3000;
/** Just over 0.33 of a 3,000 ms FCP. */
const SLOW = 991;
const SIZE = 500_000;

/** A browser page load with these assets as resource spans, and its FCP. */
const pageload = (
  assets: Asset[],
  fcp: { value: number; unit?: string } | null = { value: FCP, unit: 'millisecond' },
): TransactionTree =>
  transactionTree(
    assets.map((asset) => ({
      op: asset.op ?? 'resource.script',
      description: asset.url ?? 'https://shop.local/assets/app.0123abcd.js',
      at: asset.at ?? 100,
      ms: asset.ms,
      ...(asset.id ? { id: asset.id } : {}),
      data: asset.data ?? { 'http.response_content_length': SIZE },
    })),
    {
      op: 'pageload',
      sdk: 'sentry.javascript.browser',
      name: '/checkout',
      seconds: 12,
      ...(fcp ? { measurements: { fcp } } : {}),
    },
  );

const found = (tree: TransactionTree) =>
  detectRenderBlockingAsset(tree).map((problem) => [problem.type.typeId, problem.op, problem.description]);

describe('Large render blocking asset (1004)', () => {
  it('is found for a 500,000-byte script taking just over a third of a 3 s FCP, ending before it', () => {
    const [problem, ...rest] = detectRenderBlockingAsset(pageload([{ ms: SLOW, id: 'e'.repeat(16) }]));
    expect(rest).toEqual([]);
    expect(problem?.type).toMatchObject({
      typeId: 1004,
      slug: 'performance_render_blocking_asset_span',
      title: 'Large Render Blocking Asset',
    });
    expect(problem?.op).toBe('resource.script');
    expect(problem?.description).toBe('https://shop.local/assets/app.0123abcd.js');
    expect(problem?.offenderSpanIds).toEqual(['e'.repeat(16)]);
    expect(problem?.parentSpanIds).toEqual([]);
    expect(problem?.causeSpanIds).toEqual([]);
    expect(problem?.fingerprint).toMatch(/^1-1004-[0-9a-f]{40}$/);
  });

  it('gives a rebuilt asset (another cache-busting hash) the same fingerprint, another file another one', () => {
    const first = detectRenderBlockingAsset(pageload([{ ms: SLOW }]))[0]?.fingerprint;
    const rebuilt = detectRenderBlockingAsset(
      pageload([{ ms: SLOW, url: 'https://shop.local/assets/app.9876fedc.js' }]),
    )[0]?.fingerprint;
    const other = detectRenderBlockingAsset(
      pageload([{ ms: SLOW, url: 'https://shop.local/assets/vendor.0123abcd.js' }]),
    )[0]?.fingerprint;
    expect(first).toBeDefined();
    expect(rebuilt).toBe(first);
    expect(other).toBeDefined();
    expect(other).not.toBe(first);
  });

  it('is found for a stylesheet link, not for an image, a CSS resource span or a fetch', () => {
    expect(found(pageload([{ ms: SLOW, op: 'resource.link', url: '/site.css' }]))).toEqual([
      [1004, 'resource.link', '/site.css'],
    ]);
    for (const op of ['resource.img', 'resource.css', 'http.client']) {
      expect(found(pageload([{ ms: SLOW, op }]))).toEqual([]);
    }
  });

  it('is not found at exactly a third of the FCP (0.33 × 3,000 ms = 990 ms)', () => {
    expect(found(pageload([{ ms: 990 }]))).toEqual([]);
    expect(found(pageload([{ ms: SLOW }]))).toHaveLength(1);
  });

  it('is not found under 500,000 bytes, without a size, or over 1 GB; reads the older size keys too', () => {
    const sized = (data: Record<string, unknown>) => found(pageload([{ ms: SLOW, data }]));
    expect(sized({ 'http.response_content_length': SIZE - 1 })).toEqual([]);
    expect(sized({})).toEqual([]);
    expect(sized({ 'http.response_content_length': 1_000_000_001 })).toEqual([]);
    expect(sized({ 'http.response_content_length': 1_000_000_000 })).toHaveLength(1);
    expect(sized({ 'http.response_content_length': String(SIZE) })).toHaveLength(1);
    expect(sized({ 'Encoded Body Size': SIZE })).toHaveLength(1);
    expect(sized({ 'http.response.body.size': SIZE })).toHaveLength(1);
  });

  it('is not found for an asset the browser reports non-blocking; blocking or unreported counts', () => {
    const status = (value: string | undefined) =>
      found(
        pageload([
          {
            ms: SLOW,
            data: {
              'http.response_content_length': SIZE,
              ...(value ? { 'resource.render_blocking_status': value } : {}),
            },
          },
        ]),
      );
    expect(status('non-blocking')).toEqual([]);
    expect(status('blocking')).toHaveLength(1);
    expect(status(undefined)).toHaveLength(1);
  });

  it('is not found for an asset still loading at FCP or starting after it', () => {
    // 100 + 2,899 ends 1 ms before the paint at 3,000; 100 + 2,900 ends at it.
    expect(found(pageload([{ ms: 2899 }]))).toHaveLength(1);
    expect(found(pageload([{ ms: 2900 }]))).toEqual([]);
    expect(found(pageload([{ at: 3000, ms: SLOW }]))).toEqual([]);
    expect(found(pageload([{ at: 3500, ms: SLOW }]))).toEqual([]);
  });

  it('is only looked for with an FCP in [2,000, 10,000) ms, in milliseconds', () => {
    const withFcp = (value: number, unit?: string) =>
      found(pageload([{ at: 10, ms: Math.ceil(value * 0.34) }], { value, ...(unit ? { unit } : {}) }));
    expect(withFcp(1999)).toEqual([]);
    expect(withFcp(2000)).toHaveLength(1);
    expect(withFcp(9999)).toHaveLength(1);
    expect(withFcp(10_000)).toEqual([]);
    expect(withFcp(3000, 'second')).toEqual([]);
    expect(withFcp(3000)).toHaveLength(1);
    expect(found(pageload([{ ms: SLOW }], null))).toEqual([]);
  });

  it('names a span called by its domain alone (as streamed) by its url.full, its own origin cut', () => {
    const streamed = (url: string, at: number) => ({
      at,
      ms: SLOW,
      url: 'shop.local',
      data: { 'http.response.body.size': SIZE, 'url.full': url, 'http.request.same_origin': true },
    });
    const tree = pageload([
      streamed('https://shop.local/assets/app.0123abcd.js', 100),
      streamed('https://shop.local/assets/vendor.0123abcd.js', 200),
    ]);
    expect(found(tree)).toEqual([
      [1004, 'resource.script', '/assets/app.0123abcd.js'],
      [1004, 'resource.script', '/assets/vendor.0123abcd.js'],
    ]);
    const unstreamed = detectRenderBlockingAsset(pageload([{ ms: SLOW, url: '/assets/app.9876fedc.js' }]));
    expect(detectRenderBlockingAsset(tree)[0]?.fingerprint).toBe(unstreamed[0]?.fingerprint);
  });

  it('is one problem per asset URL in a page load, and one of the problems detectProblems returns', () => {
    const tree = pageload([
      { ms: SLOW },
      { at: 200, ms: SLOW, url: 'https://shop.local/assets/app.0123abcd.js', id: 'f'.repeat(16) },
      { at: 300, ms: SLOW, op: 'resource.link', url: 'https://shop.local/site.css' },
    ]);
    const problems = detectRenderBlockingAsset(tree);
    expect(problems.map((problem) => problem.offenderSpanIds.length)).toEqual([1, 1]);
    expect(problems[0]?.offenderSpanIds).toEqual(['f'.repeat(16)]);
    expect(detectProblems(tree).filter((problem) => problem.type.typeId === 1004)).toHaveLength(2);
  });
});
