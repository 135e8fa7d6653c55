/**
 * Sentry's performance score of web vitals. The expected numbers are worked out by hand from the
 * formulas of Relay's `performance_score` normalization (score = ½·erfc((ln v − ln p50) / (√2·σ)),
 * σ = |ln p10 − ln p50| / (√2·erf⁻¹(0.8)), so a value at p50 scores 0.5, at p10 0.9, and at p50²/p10 —
 * the mirror image of p10 on the log scale — 0.1), with the profile getsentry/sentry gives Relay
 * (`src/sentry/relay/config`: LCP p10 1200 p50 2400 weight 0.30, FCP 900/1600/0.15, CLS 0.1/0.25/0.15,
 * TTFB 200/400/0.10; INP 200/500 in a profile of its own) and the module's weights
 * (`WEB_VITALS_PERFORMANCE_SCORE_WEIGHTS` in `search/events/constants.py`: INP 0.30).
 */
import { describe, expect, it } from 'vitest';
import {
  cdfScore,
  erfc,
  eventScores,
  INP_PROFILE,
  PAGELOAD_PROFILE,
  scoreRating,
  thresholdRating,
  totalScore,
  vitalScore,
} from '../../../src-shared/web-vitals-score.ts';

describe('the score of one value', () => {
  it('erfc matches its known values', () => {
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(erfc(1)).toBeCloseTo(0.157299207, 7);
    expect(erfc(-1)).toBeCloseTo(1.842700793, 7);
  });

  it('scores 0.5 at the median, 0.9 at p10 and 0.1 at its mirror image', () => {
    const cases: Array<[string, { p10: number; p50: number }, number, number]> = [
      ['lcp', PAGELOAD_PROFILE.lcp, 2400, 0.5],
      ['lcp', PAGELOAD_PROFILE.lcp, 1200, 0.9],
      ['lcp', PAGELOAD_PROFILE.lcp, 4800, 0.1],
      ['fcp', PAGELOAD_PROFILE.fcp, 1600, 0.5],
      ['fcp', PAGELOAD_PROFILE.fcp, 900, 0.9],
      ['cls', PAGELOAD_PROFILE.cls, 0.25, 0.5],
      ['cls', PAGELOAD_PROFILE.cls, 0.625, 0.1],
      ['ttfb', PAGELOAD_PROFILE.ttfb, 200, 0.9],
      ['inp', INP_PROFILE, 500, 0.5],
      ['inp', INP_PROFILE, 1250, 0.1],
    ];
    for (const [name, component, value, score] of cases)
      expect(cdfScore(value, component), `${name} ${value}`).toBeCloseTo(score, 6);
  });

  it('scores a value of zero as perfect', () => {
    expect(cdfScore(0, PAGELOAD_PROFILE.cls)).toBe(1);
  });
});

describe('the scores of an event, as Relay stores them', () => {
  it('weights each vital by its share of the weights of the vitals the event has', () => {
    const scores = eventScores({ lcp: 1200, fcp: 1600, cls: 0.25, ttfb: 200 });
    // Weights over 0.30 + 0.15 + 0.15 + 0.10 = 0.70.
    expect(scores.lcp?.weight).toBeCloseTo(0.3 / 0.7, 9);
    expect(scores.lcp?.score).toBeCloseTo((0.3 / 0.7) * 0.9, 6);
    expect(scores.fcp?.score).toBeCloseTo((0.15 / 0.7) * 0.5, 6);
    const total = Object.values(scores).reduce((sum, s) => sum + s.score, 0);
    expect(total).toBeCloseTo(0.51 / 0.7, 6);
  });

  it('gives a lone vital the whole weight, and INP its own profile', () => {
    expect(eventScores({ lcp: 2400 })).toEqual({ lcp: { score: expect.closeTo(0.5, 6), weight: 1 } });
    expect(eventScores({ inp: 200 }).inp).toEqual({ score: expect.closeTo(0.9, 6), weight: 1 });
  });
});

describe('the score of a set of events', () => {
  it("a vital's score is its scores' sum over its weights' sum", () => {
    const full = eventScores({ lcp: 1200, fcp: 1600, cls: 0.25, ttfb: 200 });
    const lone = eventScores({ lcp: 4800 });
    // (3/7 × 0.9 + 1 × 0.1) / (3/7 + 1) = 0.34.
    expect(vitalScore([full.lcp, lone.lcp].flatMap((s) => (s ? [s] : [])))).toBeCloseTo(0.34, 6);
    expect(vitalScore([])).toBeNull();
  });

  it('the whole score weights the vitals as Sentry’s module, over those that have a score', () => {
    expect(totalScore({ lcp: 0.9, fcp: 0.5, cls: 0.5, ttfb: 0.9, inp: null })).toBeCloseTo(0.51 / 0.7, 6);
    expect(totalScore({ lcp: 0.9, fcp: 0.5, cls: 0.5, ttfb: 0.9, inp: 0.1 })).toBeCloseTo(0.54, 6);
    expect(totalScore({})).toBeNull();
  });

  it('rates scores from 90 good and from 50 meh, and values by discover’s thresholds', () => {
    // Rated as shown, out of 100 rounded: 0.8951 shows 90.
    expect([0.9, 0.8951, 0.8949, 0.5, 0.4949].map(scoreRating)).toEqual([
      'good',
      'good',
      'meh',
      'meh',
      'poor',
    ]);
    expect([2499, 2500, 3999, 4000].map((v) => thresholdRating('lcp', v))).toEqual([
      'good',
      'meh',
      'meh',
      'poor',
    ]);
    expect(thresholdRating('ttfb', 100)).toBeNull();
  });
});
