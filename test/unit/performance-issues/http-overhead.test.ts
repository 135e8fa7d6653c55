/**
 * HTTP/1.1 overhead (1016) at Sentry's default thresholds and their edges: browser transactions
 * built as the browser SDK sends them (`transaction` item JSON, seconds, each `http.client` span
 * with its resource timing and protocol in `data`), read through the pipeline's `transactionTrees`.
 */
import { describe, expect, it } from 'vitest';
import { detectProblems } from '../../../src-main/core/performance-issues/detect.ts';
import { detectHttpOverhead } from '../../../src-main/core/performance-issues/detectors/http-overhead.ts';
import type { TransactionTree } from '../../../src-main/core/performance-issues/spans.ts';
import { T0, transactionTree } from './transaction-tree.ts';

interface Request {
  url: string;
  /** Start and duration, milliseconds after the transaction began. */
  at: number;
  ms: number;
  /** Milliseconds the browser held the request before sending it; absent: no resource timing. */
  delay?: number;
  protocol?: string;
}

/** A browser page load holding these requests as `http.client` spans. */
const pageLoad = (requests: Request[]): TransactionTree =>
  transactionTree(
    requests.map((request) => ({
      op: 'http.client',
      description: `GET ${request.url}`,
      at: request.at,
      ms: request.ms,
      data: {
        url: request.url,
        'http.method': 'GET',
        'network.protocol.version': request.protocol ?? '1.1',
        ...(request.delay === undefined
          ? {}
          : {
              'http.request.connection_end': T0 + request.at / 1000,
              'http.request.request_start': T0 + (request.at + request.delay) / 1000,
            }),
      },
    })),
    { op: 'pageload', sdk: 'sentry.javascript.browser', name: '/books' },
  );

/** Requests to one host started 10 ms apart, each 2 s long (so all overlap), with these delays. */
const queue = (delays: Array<number | undefined>, host = 'https://api.example.com'): Request[] =>
  delays.map((delay, i) => ({ url: `${host}/books/${i + 1}`, at: i * 10, ms: 2000, delay }));

/** Six requests whose queueing grows to `last` ms, the browser's connection limit reached. */
const six = (last: number) => [0, 0, 50, 150, 300, last];

describe('HTTP/1.1 overhead (1016)', () => {
  it('is found for 6 overlapping HTTP/1.1 requests to one host, the last held 501 ms, fingerprinted by the host', () => {
    const tree = pageLoad(queue(six(501)));
    const found = detectHttpOverhead(tree);
    expect(found).toHaveLength(1);
    const [problem] = found;
    expect(problem?.type.slug).toBe('performance_http_overhead');
    expect(problem?.fingerprint).toBe('1-1016-api.example.com');
    expect(problem?.op).toBe('http');
    // Only the requests held over 100 ms are offenders; the last of them names the issue.
    expect(problem?.offenderSpanIds).toEqual(tree.spans.slice(3).map((span) => span.spanId));
    expect(problem?.description).toBe('GET https://api.example.com/books/6');
    expect(problem?.exampleSpanId).toBe(tree.spans[5]?.spanId);
  });

  it('is not found when the last request was held exactly 500 ms', () => {
    expect(detectHttpOverhead(pageLoad(queue(six(500))))).toEqual([]);
  });

  it('is not found for 5 requests however long the last was held, and found again at 6', () => {
    expect(detectHttpOverhead(pageLoad(queue([0, 50, 150, 300, 2000])))).toEqual([]);
    expect(detectHttpOverhead(pageLoad(queue([0, 0, 50, 150, 300, 2000])))).toHaveLength(1);
  });

  it('ignores HTTP/2 requests: six of them are no problem, and one among six breaks the chain', () => {
    const h2 = queue(six(900)).map((request) => ({ ...request, protocol: '2' }));
    expect(detectHttpOverhead(pageLoad(h2))).toEqual([]);
    const mixed = queue(six(900)).map((request, i) => (i === 2 ? { ...request, protocol: '2' } : request));
    expect(detectHttpOverhead(pageLoad(mixed))).toEqual([]);
  });

  it('ignores requests without resource timing, so five timed ones are no problem', () => {
    expect(detectHttpOverhead(pageLoad(queue([0, 0, undefined, 150, 300, 900])))).toEqual([]);
  });

  it('starts a new chain for a request that no longer overlaps the first, or waited less than it', () => {
    const late = queue(six(900)).map((request, i) => (i === 5 ? { ...request, at: 2500 } : request));
    expect(detectHttpOverhead(pageLoad(late))).toEqual([]);
    const shorter = queue([120, 150, 200, 300, 400, 900]).map((request, i) =>
      i === 3 ? { ...request, delay: 100 } : request,
    );
    expect(detectHttpOverhead(pageLoad(shorter))).toEqual([]);
  });

  it('keeps hosts apart: one issue per host, relative URLs under "/"', () => {
    const tree = pageLoad([
      ...queue(six(700), 'https://cdn.example.com'),
      ...queue(six(800), '').map((request) => ({ ...request, at: request.at + 5 })),
    ]);
    const fingerprints = detectHttpOverhead(tree).map((problem) => problem.fingerprint);
    expect(fingerprints.sort()).toEqual(['1-1016-/', '1-1016-cdn.example.com']);
  });

  it('follows the project threshold it is given, and runs among the pipeline’s detectors', () => {
    const tree = pageLoad(queue(six(400)));
    expect(detectHttpOverhead(tree)).toEqual([]);
    expect(detectHttpOverhead(tree, { requestDelayThreshold: 300 })).toHaveLength(1);
    const found = detectProblems(pageLoad(queue(six(501))));
    expect(found.map((problem) => problem.fingerprint)).toContain('1-1016-api.example.com');
  });
});
