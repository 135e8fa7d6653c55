/**
 * The score measurements Relay adds to an event and the aggregates Sentry and its Web Vitals module take
 * of them. The numbers are worked out by hand from the formulas (values at a profile's p10 score 0.9, at
 * its median 0.5 — see web-vitals-score.test.ts): Relay's `normalize_performance_score`
 * (relay-event-normalization: each present component's score is its CDF score times its weight over
 * the present components' weights, an absent optional one gets `score.weight.<vital>` 0, `score.total`
 * is the sum), Sentry's metrics dataset (`search/events/datasets/metrics.py`:
 * `performance_score(measurements.score.total)` is each vital's score times the fixed
 * `WEB_VITALS_PERFORMANCE_SCORE_WEIGHTS`, `total_opportunity_score()` each vital's page shortfall over
 * the project's weight sum, so weighted), and the module's breakdown (its `getWeights`: the fixed
 * weights over the vitals that have a score).
 */
import { describe, expect, it } from 'vitest';
import {
  fixedWeightTotal,
  pageOpportunity,
  scoreBreakdown,
  scoreMeasurements,
  totalScore,
} from '../../../src-shared/web-vitals-score.ts';

describe("an event's score measurements", () => {
  it('scores the vitals it has, weighs the ones it lacks 0 and sums them into score.total', () => {
    // LCP at p10 (0.9) and FCP at its median (0.5); weights over 0.30 + 0.15 = 0.45.
    const scores = scoreMeasurements({ lcp: 1200, fcp: 1600 });
    expect(scores['score.weight.lcp']).toBeCloseTo(2 / 3, 9);
    expect(scores['score.weight.fcp']).toBeCloseTo(1 / 3, 9);
    expect(scores['score.weight.cls']).toBe(0);
    expect(scores['score.weight.ttfb']).toBe(0);
    expect(scores['score.lcp']).toBeCloseTo(0.6, 6);
    expect(scores['score.fcp']).toBeCloseTo(1 / 6, 6);
    expect(scores['score.cls']).toBeUndefined();
    expect(scores['score.total']).toBeCloseTo(0.6 + 1 / 6, 6);
    expect(scores['score.inp']).toBeUndefined();
  });

  it('an event with INP alone is scored by the INP profile, its total the INP score', () => {
    const scores = scoreMeasurements({ inp: 500 });
    expect(scores).toEqual({
      'score.inp': expect.closeTo(0.5, 6),
      'score.weight.inp': 1,
      'score.total': expect.closeTo(0.5, 6),
    });
  });

  it('an event without web vitals has no score measurements', () => {
    expect(scoreMeasurements({})).toEqual({});
  });
});

describe('aggregates of scores', () => {
  it("performance_score(measurements.score.total) weights each vital by Sentry's fixed weights", () => {
    // 0.30 × 0.9 + 0.15 × 0.5; the vitals without a score add nothing.
    expect(fixedWeightTotal({ lcp: 0.9, fcp: 0.5 })).toBeCloseTo(0.345, 9);
    expect(fixedWeightTotal({ lcp: 1, fcp: 1, cls: 1, ttfb: 1, inp: 1 })).toBeCloseTo(1, 9);
  });

  it("the breakdown gives each scored vital its weight among them and sums to the module's score", () => {
    const parts = scoreBreakdown({ lcp: 0.9, fcp: 0.5, cls: null });
    expect(parts.map((part) => part.vital)).toEqual(['lcp', 'fcp']);
    expect(parts[0]?.weight).toBeCloseTo(2 / 3, 9);
    expect(parts[0]?.contribution).toBeCloseTo(0.6, 9);
    expect(parts[1]?.weight).toBeCloseTo(1 / 3, 9);
    expect(parts[1]?.contribution).toBeCloseTo(1 / 6, 9);
    const sum = parts.reduce((total, part) => total + part.contribution, 0);
    expect(sum).toBeCloseTo(totalScore({ lcp: 0.9, fcp: 0.5 }) ?? Number.NaN, 9);
    expect(scoreBreakdown({})).toEqual([]);
  });

  it("a page's opportunity is its shortfall per vital over the project's weights, fixed-weighted", () => {
    // Page A: one event with LCP 1200 and FCP 1600 (score.lcp 0.6 of weight 2/3, score.fcp 1/6 of 1/3).
    // Page B: one event with LCP 2400 alone (score.lcp 0.5 of weight 1).
    const a = { lcp: { weight: 2 / 3, score: 0.6 }, fcp: { weight: 1 / 3, score: 1 / 6 } };
    const b = { lcp: { weight: 1, score: 0.5 } };
    const project = { lcp: { weight: 5 / 3, score: 1.1 }, fcp: { weight: 1 / 3, score: 1 / 6 } };
    // A: 0.30 × (2/3 − 0.6) / (5/3) + 0.15 × (1/3 − 1/6) / (1/3) = 0.012 + 0.075.
    expect(pageOpportunity(a, project)).toBeCloseTo(0.087, 9);
    // B: 0.30 × (1 − 0.5) / (5/3).
    expect(pageOpportunity(b, project)).toBeCloseTo(0.09, 9);
    // A perfect page has none to give.
    expect(pageOpportunity({ lcp: { weight: 1, score: 1 } }, project)).toBe(0);
  });
});
