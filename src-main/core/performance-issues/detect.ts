/**
 * The performance problems of one transaction (Sentry's `_detect_performance_problems`): every
 * detector over its spans, in Sentry's detector order, the same fingerprint kept once, at most
 * `PROBLEMS_PER_TRANSACTION`.
 */
import { detectConsecutiveDb } from './detectors/consecutive-db.ts';
import { detectConsecutiveHttp } from './detectors/consecutive-http.ts';
import { detectHttpOverhead } from './detectors/http-overhead.ts';
import { detectLargeHttpPayload } from './detectors/large-http-payload.ts';
import { detectNPlusOneApiCalls } from './detectors/n-plus-one-api-calls.ts';
import { detectNPlusOneDb } from './detectors/n-plus-one-db.ts';
import { detectRenderBlockingAsset } from './detectors/render-blocking-asset.ts';
import { detectSlowDbQuery } from './detectors/slow-db-query.ts';
import { detectUncompressedAssets } from './detectors/uncompressed-assets.ts';
import type { PerformanceProblem } from './problem.ts';
import { PROBLEMS_PER_TRANSACTION } from './settings.ts';
import type { TransactionTree } from './spans.ts';

const DETECTORS: ReadonlyArray<(tree: TransactionTree) => PerformanceProblem[]> = [
  detectConsecutiveDb,
  detectConsecutiveHttp,
  detectSlowDbQuery,
  detectRenderBlockingAsset,
  detectNPlusOneDb,
  detectNPlusOneApiCalls,
  detectUncompressedAssets,
  detectLargeHttpPayload,
  detectHttpOverhead,
];

export function detectProblems(tree: TransactionTree): PerformanceProblem[] {
  const found = DETECTORS.flatMap((detect) => detect(tree)).slice(0, PROBLEMS_PER_TRANSACTION);
  const seen = new Set<string>();
  return found.filter((problem) => !seen.has(problem.fingerprint) && seen.add(problem.fingerprint));
}
