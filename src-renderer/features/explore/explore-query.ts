/**
 * What Sentry's Explore pages (Traces over spans, Logs over log records) share in their queries: a
 * Visualize (a chart type and its functions, Sentry's `{"chartType":…,"yAxes":[…]}`), the functions
 * its picker offers, the attributes each function takes, and the search that narrows the samples to
 * one row of the aggregates. Each page's URL module (`traces/explore-url.ts`, `logs/logs-url.ts`)
 * builds its own requests from these.
 */
import { CHART_TYPES } from '../../../src-shared/explore-saved-api.ts';

export type ChartTypeName = keyof typeof CHART_TYPES;

export interface Visualize {
  chartType: number;
  yAxes: string[];
}

/** The functions of the Visualize picker, as Sentry's Explore offers them. */
export const FUNCTIONS = [
  'count',
  'count_unique',
  'avg',
  'sum',
  'min',
  'max',
  'p50',
  'p75',
  'p90',
  'p95',
  'p99',
  'p100',
] as const;

/**
 * The attributes a dataset's Visualize and Group By offer: `count` reads the dataset's own
 * (`span.duration`, `message`), `count_unique` and Group By a string one, the others a number.
 */
export interface ExploreAttributes {
  count: string;
  numeric: readonly string[];
  string: readonly string[];
}

export function attributesOf(fn: string, attributes: ExploreAttributes): readonly string[] {
  if (fn === 'count') return [attributes.count];
  return fn === 'count_unique' ? attributes.string : attributes.numeric;
}

/** A function and its attribute, as Sentry writes a yAxis: `p95(span.duration)`. */
export function splitYAxis(yAxis: string): { fn: string; attribute: string } {
  const match = /^(\w+)\((.*)\)$/.exec(yAxis);
  return match ? { fn: match[1] ?? '', attribute: match[2] ?? '' } : { fn: yAxis, attribute: '' };
}

export function chartTypeName(chartType: number): ChartTypeName {
  const entry = Object.entries(CHART_TYPES).find(([, value]) => value === chartType);
  return (entry?.[0] as ChartTypeName | undefined) ?? 'bar';
}

/** A Visualize from its JSON (a URL's `visualize`, a saved query's), or null when it has no function. */
export function visualizeOf(value: unknown): Visualize | null {
  if (typeof value !== 'object' || value === null) return null;
  const { chartType, yAxes } = value as { chartType?: unknown; yAxes?: unknown };
  const axes = Array.isArray(yAxes) ? yAxes.filter((y): y is string => typeof y === 'string') : [];
  if (axes.length === 0) return null;
  return { chartType: typeof chartType === 'number' ? chartType : CHART_TYPES.bar, yAxes: axes };
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The search that narrows the samples to one row of the aggregates (Sentry's "View samples"). */
export function groupSearch(query: string, groupBy: string[], row: Record<string, unknown>): string {
  const terms = groupBy.map((key) => {
    const value = row[key];
    if (value === null || value === undefined || value === '') return `!has:${key}`;
    const text = String(value);
    return `${key}:${/[\s"(),]/.test(text) ? `"${text.replaceAll('"', '\\"')}"` : text}`;
  });
  return [query, ...terms].filter((t) => t !== '').join(' ');
}

/** Every function of the charts once, in their order: the aggregates' columns. */
export const yAxesOf = (visualize: Visualize[]) => [...new Set(visualize.flatMap((v) => v.yAxes))];
