/**
 * The Web Vitals page, as Sentry's Insights → Web Vitals module: a project's page loads and
 * navigations of a period that carry web vitals — its performance score (`web-vitals-score.ts`), each
 * vital's p75 and rating, its pages (transaction names) with theirs, and one page's samples. Params
 * schema and result types of `insights.webVitals`.
 */
import { z } from 'zod';
import { STATS_PERIODS, type StatsPeriod } from './issues-api.ts';
import type { BreakdownPart, Rating, ScoredVital } from './web-vitals-score.ts';

export const DEFAULT_WEB_VITALS_PERIOD: StatsPeriod = '24h';

/** The orders of the pages table: the score (Sentry's default, worst first with `asc`), the opportunity, views, a vital's p75. */
export const WEB_VITALS_SORTS = [
  'score',
  'opportunity',
  'count',
  'lcp',
  'fcp',
  'inp',
  'cls',
  'ttfb',
] as const;
export type WebVitalsSort = (typeof WEB_VITALS_SORTS)[number];

export interface VitalFigure {
  vital: ScoredVital;
  /** The 75th percentile of its values (ms; CLS unitless), interpolated as the events dataset's `p75()`. */
  p75: number | null;
  /** Its score, 0 to 1 (Sentry's `performance_score(measurements.score.<vital>)`). */
  score: number | null;
  rating: Rating | null;
  /** Events that measured it. */
  count: number;
}

export interface VitalsSummary {
  /** The performance score, 0 to 1; null without any vital. */
  score: number | null;
  rating: Rating | null;
  /** Events with at least one vital. */
  count: number;
  vitals: VitalFigure[];
  /** Each scored vital's weight in the score and its contribution (weight × score); they sum to `score`. */
  breakdown: BreakdownPart[];
}

export interface PageVitals extends VitalsSummary {
  transaction: string;
  /** What the project's score (0 to 1) would gain were this page's score perfect (Sentry's `total_opportunity_score()`). */
  opportunity: number;
}

/** One page load or navigation of a page, with its own vitals and score. */
export interface WebVitalSample {
  eventId: string | null;
  spanId: string;
  traceId: string;
  /** When it ended, ISO 8601. */
  timestamp: string;
  score: number | null;
  vitals: Partial<Record<ScoredVital, number>>;
}

export interface WebVitalsPage {
  transaction: string;
  summary: VitalsSummary;
  /** Newest first. */
  samples: WebVitalSample[];
}

export interface WebVitalsAnswer {
  project: VitalsSummary;
  pages: PageVitals[];
  /** Pages found before `limit` cut the list. */
  total: number;
  /** The page asked for by `transaction`; null when none was. */
  page: WebVitalsPage | null;
  /** Older items were left unread. */
  partial: boolean;
}

export const webVitalsParams = z
  .object({
    projectId: z.number().int().positive(),
    period: z.enum(STATS_PERIODS).default(DEFAULT_WEB_VITALS_PERIOD),
    /** Words each of which the page's name must contain (case-insensitive). */
    query: z.string().max(1_000).optional(),
    sort: z.enum(WEB_VITALS_SORTS).default('score'),
    order: z.enum(['desc', 'asc']).default('asc'),
    limit: z.number().int().min(1).max(500).default(100),
    /** A page to answer the samples of. */
    transaction: z.string().min(1).max(1_000).optional(),
  })
  .strict();
