/**
 * `insights.webVitals`: a project's page loads and navigations of a period that measured web vitals,
 * as Sentry's Web Vitals module shows them — the project's performance score and each vital's p75 and
 * rating, its pages (transaction names) with theirs, sorted, and one page's newest samples. The events
 * are the Performance page's (`performance/transaction-events.ts`, their `measurements` read there for
 * the events dataset too); each is scored as Relay scores it, and a set of them as Sentry aggregates the
 * scores (`src-shared/web-vitals-score.ts`): the score's breakdown by vital, and each page's opportunity
 * (how much the project's score would gain were the page perfect). Percentiles are the events dataset's `p75()`.
 */
import type { ApiParsedParams } from '../../../src-shared/api.ts';
import type {
  PageVitals,
  VitalFigure,
  VitalsSummary,
  WebVitalSample,
  WebVitalsAnswer,
  WebVitalsSort,
} from '../../../src-shared/web-vitals-api.ts';
import {
  eventScores,
  pageOpportunity,
  SCORED_VITALS,
  type ScoredVital,
  scoreBreakdown,
  scoreRating,
  totalScore,
  type VitalScore,
  type VitalSums,
  vitalScore,
} from '../../../src-shared/web-vitals-score.ts';
import { PERIOD_MS } from '../issues/queries/periods.ts';
import { quantile } from '../metrics/aggregate.ts';
import { readTransactionEvents, type TransactionEvent } from '../performance/transaction-events.ts';
import { nameOf, newestFirst } from '../performance/transactions.ts';
import type { SqliteDb } from '../store/sqlite.ts';

const MAX_SAMPLES = 50;

interface ScoredEvent {
  event: TransactionEvent;
  vitals: Partial<Record<ScoredVital, number>>;
  scores: Partial<Record<ScoredVital, VitalScore>>;
}

/** The event's scored vitals and their scores; null when it measured none. */
function scored(event: TransactionEvent): ScoredEvent | null {
  const vitals: Partial<Record<ScoredVital, number>> = {};
  for (const vital of SCORED_VITALS) {
    const value = event.measurements[vital]?.value;
    if (value !== undefined) vitals[vital] = value;
  }
  if (Object.keys(vitals).length === 0) return null;
  return { event, vitals, scores: eventScores(vitals) };
}

/** The score of one event: its vitals' scores summed, as Relay's `score.total` (INP aside, weighted as the module does). */
function eventScore(one: ScoredEvent): number | null {
  const byVital: Partial<Record<ScoredVital, number | null>> = {};
  for (const vital of SCORED_VITALS) {
    const score = one.scores[vital];
    byVital[vital] = score ? vitalScore([score]) : null;
  }
  return totalScore(byVital);
}

export function vitalsSummary(events: readonly ScoredEvent[]): VitalsSummary {
  const vitals: VitalFigure[] = SCORED_VITALS.map((vital) => {
    const values = events.flatMap((one) => (one.vitals[vital] === undefined ? [] : [one.vitals[vital]]));
    const score = vitalScore(events.flatMap((one) => (one.scores[vital] ? [one.scores[vital]] : [])));
    return {
      vital,
      p75: quantile(
        values.sort((a, b) => a - b),
        0.75,
      ),
      score,
      rating: score === null ? null : scoreRating(score),
      count: values.length,
    };
  });
  const scores = Object.fromEntries(vitals.map((figure) => [figure.vital, figure.score]));
  const score = totalScore(scores);
  return {
    score,
    rating: score === null ? null : scoreRating(score),
    count: events.length,
    vitals,
    breakdown: scoreBreakdown(scores),
  };
}

/** Each vital's sums of `score.weight.<vital>` and `score.<vital>` over the events. */
function vitalSums(events: readonly ScoredEvent[]): Partial<Record<ScoredVital, VitalSums>> {
  const sums: Partial<Record<ScoredVital, VitalSums>> = {};
  for (const one of events)
    for (const vital of SCORED_VITALS) {
      const score = one.scores[vital];
      if (!score) continue;
      const sum = sums[vital] ?? { weight: 0, score: 0 };
      sum.weight += score.weight;
      sum.score += score.score;
      sums[vital] = sum;
    }
  return sums;
}

const SORT_KEYS: Record<WebVitalsSort, (page: PageVitals) => number | null> = {
  score: (page) => page.score,
  opportunity: (page) => page.opportunity,
  count: (page) => page.count,
  lcp: (page) => page.vitals.find((v) => v.vital === 'lcp')?.p75 ?? null,
  fcp: (page) => page.vitals.find((v) => v.vital === 'fcp')?.p75 ?? null,
  inp: (page) => page.vitals.find((v) => v.vital === 'inp')?.p75 ?? null,
  cls: (page) => page.vitals.find((v) => v.vital === 'cls')?.p75 ?? null,
  ttfb: (page) => page.vitals.find((v) => v.vital === 'ttfb')?.p75 ?? null,
};

/** Pages without the sorted figure last, whichever the order. */
function comparePages(sort: WebVitalsSort, order: 'asc' | 'desc') {
  const key = SORT_KEYS[sort];
  return (a: PageVitals, b: PageVitals) => {
    const x = key(a);
    const y = key(b);
    if (x === null || y === null)
      return x === y ? a.transaction.localeCompare(b.transaction) : x === null ? 1 : -1;
    return (order === 'asc' ? x - y : y - x) || a.transaction.localeCompare(b.transaction);
  };
}

function sampleOf(one: ScoredEvent): WebVitalSample {
  return {
    eventId: one.event.root.eventId,
    spanId: one.event.root.spanId,
    traceId: one.event.traceId,
    timestamp: new Date(one.event.root.end).toISOString(),
    score: eventScore(one),
    vitals: one.vitals,
  };
}

export function webVitals(
  db: SqliteDb,
  params: ApiParsedParams<'insights.webVitals'>,
  now = Date.now(),
): WebVitalsAnswer {
  const { events, partial } = readTransactionEvents(db, params.projectId, now - PERIOD_MS[params.period]);
  const words = (params.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const byName = new Map<string, ScoredEvent[]>();
  const all: ScoredEvent[] = [];
  for (const event of events) {
    const one = scored(event);
    if (!one) continue;
    all.push(one);
    const name = nameOf(event);
    const list = byName.get(name);
    if (list) list.push(one);
    else byName.set(name, [one]);
  }
  // A page's opportunity is over the whole project's weights, whatever the search.
  const projectSums = vitalSums(all);
  const pages = [...byName]
    .filter(([name]) => words.every((word) => name.toLowerCase().includes(word)))
    .map(([transaction, list]) => ({
      transaction,
      ...vitalsSummary(list),
      opportunity: pageOpportunity(vitalSums(list), projectSums),
    }))
    .sort(comparePages(params.sort, params.order));
  const opened = params.transaction === undefined ? undefined : (byName.get(params.transaction) ?? []);
  return {
    project: vitalsSummary(all),
    pages: pages.slice(0, params.limit),
    total: pages.length,
    page:
      params.transaction === undefined || opened === undefined
        ? null
        : {
            transaction: params.transaction,
            summary: vitalsSummary(opened),
            samples: [...opened]
              .sort((a, b) => newestFirst(a.event, b.event))
              .slice(0, MAX_SAMPLES)
              .map(sampleOf),
          },
    partial,
  };
}
