/**
 * Sentry's performance score of web vitals (pure; the main process scores events with it, the UI
 * rates what it shows). Each vital's value scores as Relay's `performance_score` normalization does it:
 * one minus the log-normal CDF whose median and 10th percentile are the profile's `p50` and `p10`, so a
 * value at the median scores 0.5 and one at `p10` scores 0.9. The profile is Relay's browser profile as
 * getsentry/sentry configures it (`relay/config`: LCP 0.30, FCP 0.15, CLS 0.15, TTFB 0.10 for page
 * loads; INP 1.0 in a profile of its own), the weights of the whole score are Sentry's
 * `WEB_VITALS_PERFORMANCE_SCORE_WEIGHTS`, and a score is good from 90, meh from 50 (Sentry's
 * `scoreToStatus`). Discover's `count_web_vitals` rates a value by `VITAL_THRESHOLDS` instead.
 */

export const SCORED_VITALS = ['lcp', 'fcp', 'inp', 'cls', 'ttfb'] as const;
export type ScoredVital = (typeof SCORED_VITALS)[number];

export interface ScoreComponent {
  /** Its share of the score of an event that has every vital of its profile. */
  weight: number;
  p10: number;
  p50: number;
}

/** Relay's page-load profile (every component optional) and its INP profile (INP alone). */
export const PAGELOAD_PROFILE: Readonly<Record<Exclude<ScoredVital, 'inp'>, ScoreComponent>> = {
  fcp: { weight: 0.15, p10: 900, p50: 1600 },
  lcp: { weight: 0.3, p10: 1200, p50: 2400 },
  cls: { weight: 0.15, p10: 0.1, p50: 0.25 },
  ttfb: { weight: 0.1, p10: 200, p50: 400 },
};
export const INP_PROFILE: Readonly<ScoreComponent> = { weight: 1, p10: 200, p50: 500 };

/** The weight of each vital in a page's or project's score (Sentry's web vitals module). */
export const PERFORMANCE_SCORE_WEIGHTS: Readonly<Record<ScoredVital, number>> = {
  lcp: 0.3,
  fcp: 0.15,
  cls: 0.15,
  ttfb: 0.1,
  inp: 0.3,
};

/** Sentry's `VITAL_THRESHOLDS` (discover's `count_web_vitals`): good below `meh`, poor from `poor`. */
export const VITAL_THRESHOLDS: Readonly<Record<string, { meh: number; poor: number }>> = {
  lcp: { meh: 2500, poor: 4000 },
  fp: { meh: 1000, poor: 3000 },
  fcp: { meh: 1000, poor: 3000 },
  fid: { meh: 100, poor: 300 },
  cls: { meh: 0.1, poor: 0.25 },
};

export type Rating = 'good' | 'meh' | 'poor';

/** erf⁻¹(0.8): the 10th percentile lies this many √2·σ below the median. */
const ERFINV_0_8 = 0.9061938024368232;

/** The complementary error function (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(poly);
  return x >= 0 ? r : 2 - r;
}

/** A value's score, 0 to 1: one minus the log-normal CDF with the component's median and p10. */
export function cdfScore(value: number, { p10, p50 }: Pick<ScoreComponent, 'p10' | 'p50'>): number {
  if (value <= 0) return 1;
  const mu = Math.log(p50);
  const sigma = Math.abs(Math.log(p10) - mu) / (Math.SQRT2 * ERFINV_0_8);
  return 0.5 * erfc((Math.log(value) - mu) / (Math.SQRT2 * sigma));
}

/** One event's score of a vital (`score.<vital>`) and that score's weight (`score.weight.<vital>`). */
export interface VitalScore {
  score: number;
  weight: number;
}

/**
 * An event's scores as Relay computes them: each vital it has scored by its profile, weighted by
 * its component's weight over the weights of the components present (so the weights sum to 1).
 */
export function eventScores(
  vitals: Partial<Record<ScoredVital, number>>,
): Partial<Record<ScoredVital, VitalScore>> {
  const scores: Partial<Record<ScoredVital, VitalScore>> = {};
  const present = (Object.keys(PAGELOAD_PROFILE) as Array<keyof typeof PAGELOAD_PROFILE>).filter(
    (vital) => vitals[vital] !== undefined,
  );
  const total = present.reduce((sum, vital) => sum + PAGELOAD_PROFILE[vital].weight, 0);
  for (const vital of present) {
    const component = PAGELOAD_PROFILE[vital];
    const weight = component.weight / total;
    scores[vital] = { score: weight * cdfScore(vitals[vital] as number, component), weight };
  }
  if (vitals.inp !== undefined) scores.inp = { score: cdfScore(vitals.inp, INP_PROFILE), weight: 1 };
  return scores;
}

/**
 * The score of one vital over events (Sentry's `performance_score(measurements.score.<vital>)`): the
 * sum of their scores over the sum of their weights, within 0 and 1; null when none has the vital.
 */
export function vitalScore(scores: ReadonlyArray<VitalScore>): number | null {
  const weight = scores.reduce((sum, s) => sum + s.weight, 0);
  if (weight === 0) return null;
  return Math.min(1, Math.max(0, scores.reduce((sum, s) => sum + s.score, 0) / weight));
}

/** The whole score from the vitals' scores, weighted as Sentry's module does, over the vitals that have one. */
export function totalScore(scores: Partial<Record<ScoredVital, number | null>>): number | null {
  let sum = 0;
  let weight = 0;
  for (const vital of SCORED_VITALS) {
    const score = scores[vital];
    if (score === null || score === undefined) continue;
    sum += PERFORMANCE_SCORE_WEIGHTS[vital] * score;
    weight += PERFORMANCE_SCORE_WEIGHTS[vital];
  }
  return weight === 0 ? null : sum / weight;
}

/** A score's rating (0 to 1) as shown, out of 100 rounded: good from 90, meh from 50, poor below. */
export function scoreRating(score: number): Rating {
  const shown = Math.round(score * 100);
  return shown >= 90 ? 'good' : shown >= 50 ? 'meh' : 'poor';
}

/** A value's rating by `VITAL_THRESHOLDS`; null for a vital it has none for. */
export function thresholdRating(vital: string, value: number): Rating | null {
  const thresholds = VITAL_THRESHOLDS[vital];
  if (!thresholds) return null;
  return value < thresholds.meh ? 'good' : value < thresholds.poor ? 'meh' : 'poor';
}

/** The vitals whose scores Sentry's `performance_score`, `opportunity_score` and `count_scores` take (`score.total` too). */
export const SCORE_MEASUREMENTS = ['lcp', 'fcp', 'fid', 'inp', 'cls', 'ttfb', 'total'] as const;

/**
 * An event's score measurements as Relay adds them to it (`score.<vital>`, `score.weight.<vital>`,
 * `score.total`; the keys without `measurements.`). The page-load profile's vitals the event lacks get
 * a weight of 0 and no score; `score.total` sums the page-load profile's scores, or is the INP score of
 * an event with INP alone. Empty when the event has no scored vital.
 */
export function scoreMeasurements(vitals: Partial<Record<ScoredVital, number>>): Record<string, number> {
  const scores = eventScores(vitals);
  const out: Record<string, number> = {};
  const pageload = Object.keys(PAGELOAD_PROFILE) as Array<keyof typeof PAGELOAD_PROFILE>;
  const hasPageload = pageload.some((vital) => scores[vital] !== undefined);
  if (hasPageload) {
    let total = 0;
    for (const vital of pageload) {
      const score = scores[vital];
      out[`score.weight.${vital}`] = score?.weight ?? 0;
      if (score === undefined) continue;
      out[`score.${vital}`] = score.score;
      total += score.score;
    }
    out['score.total'] = total;
  }
  if (scores.inp) {
    out['score.inp'] = scores.inp.score;
    out['score.weight.inp'] = scores.inp.weight;
    if (!hasPageload) out['score.total'] = scores.inp.score;
  }
  return out;
}

/**
 * Sentry's `performance_score(measurements.score.total)` over events: each vital's score weighted by
 * `PERFORMANCE_SCORE_WEIGHTS` as they are (a vital no event has adds 0: the metrics dataset's sum, not
 * the module's reweighting, which `totalScore` does).
 */
export function fixedWeightTotal(scores: Partial<Record<ScoredVital, number | null>>): number {
  return SCORED_VITALS.reduce(
    (sum, vital) => sum + PERFORMANCE_SCORE_WEIGHTS[vital] * (scores[vital] ?? 0),
    0,
  );
}

/** The sums of one vital's `score.weight.<vital>` and `score.<vital>` over a set of events. */
export interface VitalSums {
  weight: number;
  score: number;
}

/**
 * A page's opportunity (Sentry's `total_opportunity_score()`): for each vital, what the page's events
 * fall short of a perfect score (its weights' sum less its scores' sum) over the project's sum of that
 * vital's weights, weighted by `PERFORMANCE_SCORE_WEIGHTS` and summed — how much the project's score,
 * 0 to 1, would gain if the page scored perfectly.
 */
export function pageOpportunity(
  page: Partial<Record<ScoredVital, VitalSums>>,
  project: Partial<Record<ScoredVital, VitalSums>>,
): number {
  let sum = 0;
  for (const vital of SCORED_VITALS) {
    const own = page[vital];
    const shortfall = own ? own.weight - own.score : 0;
    const weights = project[vital]?.weight ?? 0;
    if (shortfall === 0 || weights === 0) continue;
    sum += PERFORMANCE_SCORE_WEIGHTS[vital] * (shortfall / weights);
  }
  return sum;
}

/** One vital's part of a score: its weight among the vitals that have a score, and its score times it. */
export interface BreakdownPart {
  vital: ScoredVital;
  weight: number;
  /** weight × score: the points of the whole score (0 to 1) this vital gives. */
  contribution: number;
}

/**
 * The score's breakdown as the module's ring and chart draw it: the vitals with a score, their weights
 * `PERFORMANCE_SCORE_WEIGHTS` over the weights of those vitals (so they sum to 1, as `totalScore`), and
 * each one's contribution; the contributions sum to `totalScore`.
 */
export function scoreBreakdown(scores: Partial<Record<ScoredVital, number | null>>): BreakdownPart[] {
  const present = SCORED_VITALS.filter((vital) => scores[vital] !== null && scores[vital] !== undefined);
  const total = present.reduce((sum, vital) => sum + PERFORMANCE_SCORE_WEIGHTS[vital], 0);
  return present.map((vital) => {
    const weight = PERFORMANCE_SCORE_WEIGHTS[vital] / total;
    return { vital, weight, contribution: weight * (scores[vital] as number) };
  });
}
