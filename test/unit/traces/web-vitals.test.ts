/**
 * The web vitals the trace view lists for a page load, read from what @sentry/browser 11 sent
 * (the corpus' captured pageload transaction): only Sentry's web vitals, not the SDK's other
 * measurements (`connection.rtt`, `ttfb.requestTime`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-main/core/pipeline/normalize/json.ts';
import { measuredWebVitals } from '../../../src-main/core/traces/web-vitals.ts';
import { CORPUS_DIR, corpusPresent, parseEnvelope, warnIfCorpusMissing } from '../normalize/corpus.ts';

warnIfCorpusMissing();

describe('web vitals of a @sentry/browser page load transaction', () => {
  it.skipIf(!corpusPresent)("keep TTFB and leave the SDK's other measurements out", () => {
    const envelope = parseEnvelope(
      readFileSync(path.join(CORPUS_DIR, 'browser-v11-transaction-pageload.envelope')),
    );
    const item = envelope.items.find((i) => i.headers.type === 'transaction');
    const transaction = JSON.parse(item?.payload.toString('utf8') ?? '{}') as JsonObject;
    expect(Object.keys(transaction.measurements as JsonObject)).toEqual(
      expect.arrayContaining(['connection.rtt', 'ttfb.requestTime']),
    );
    expect(measuredWebVitals(transaction.measurements)).toEqual({ ttfb: 7.5 });
  });

  it('a transaction without measurements has no web vitals', () => {
    expect(measuredWebVitals(undefined)).toBeNull();
    expect(measuredWebVitals({ 'connection.rtt': { value: 100, unit: 'millisecond' } })).toBeNull();
  });
});
