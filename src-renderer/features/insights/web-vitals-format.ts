/** How the Web Vitals page writes its figures: scores out of 100, CLS unitless, the others as durations. */
import type { Rating, ScoredVital } from '../../../src-shared/web-vitals-score.ts';
import { formatDuration } from '../traces/TraceTimeline.tsx';

export const VITAL_LABELS: Record<ScoredVital, string> = {
  lcp: 'LCP',
  fcp: 'FCP',
  inp: 'INP',
  cls: 'CLS',
  ttfb: 'TTFB',
};

export const RATING_LABELS: Record<Rating, string> = { good: 'Good', meh: 'Meh', poor: 'Poor' };

export const formatScore = (score: number | null) => (score === null ? '—' : String(Math.round(score * 100)));

export function formatVital(vital: ScoredVital, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return vital === 'cls' ? value.toFixed(value < 1 ? 3 : 2) : formatDuration(value);
}

/** A page's opportunity as the module writes it: the points (of 100) the project's score would gain, to 2 decimals. */
export const formatOpportunity = (opportunity: number) => (opportunity * 100).toFixed(2);

/** A vital's part of the score as the module's ring labels it: its points of its most, out of 100. */
export const formatPart = (part: { weight: number; contribution: number }) =>
  `${Math.round(part.contribution * 100)}/${Math.round(part.weight * 100)}`;
