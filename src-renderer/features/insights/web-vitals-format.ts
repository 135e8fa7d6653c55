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
