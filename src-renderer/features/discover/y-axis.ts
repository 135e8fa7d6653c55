/**
 * The chart's Y-axes, Sentry's `yAxis=` (repeated) in Discover's URL and saved queries: chosen among
 * the query's functions that chart a number and its equations over functions, with `count()` (and, on
 * the errors dataset, `count_unique(user)`) always offered. Up to 3 at once; several only on the
 * displays that draw one series per axis (the total and daily periods, the previous period, the bar
 * chart), a single one for the top displays; or none, the picker cleared. An axis no longer among the
 * columns is dropped. No DOM here, so it is unit-tested.
 */
import { columnParts } from '../../../src-shared/discover-api.ts';
import { isEquation, parseEquation, stripEquation } from '../../../src-shared/discover-equation.ts';

/** The most Y-axes the chart draws at once (Sentry's picker stops at 3). */
export const MAX_Y_AXES = 3;

/** The displays that draw several Y-axes; the top 5 displays draw one axis per group instead. */
export const MULTI_Y_AXIS_DISPLAYS = ['default', 'daily', 'previous', 'bar'] as const;

/** Why a display cannot show several Y-axes. */
export const SINGLE_AXIS_REASON = 'Choose a single Y-axis to use this view.';

/** Functions whose value is a time or a text, which a chart cannot draw. */
const NOT_CHARTED = new Set(['first_seen', 'last_seen', 'latest_event']);
/** Functions that answer in their argument's type: not charted over the time or a text column. */
const ARGUMENT_TYPED = new Set(['min', 'max', 'any']);
const NOT_NUMBER_COLUMNS = new Set(['timestamp', 'title', 'message', 'transaction', 'release']);

const ERRORS_DATASETS = new Set(['errors', 'discover']);

function charted(field: string): boolean {
  if (isEquation(field)) {
    // An equation is charted when it computes over functions (Sentry's aggregate equation).
    try {
      return parseEquation(stripEquation(field)).functions.length > 0;
    } catch {
      return false;
    }
  }
  const { fn, argument } = columnParts(field);
  if (fn === '' || NOT_CHARTED.has(fn)) return false;
  return !(ARGUMENT_TYPED.has(fn) && NOT_NUMBER_COLUMNS.has(argument));
}

/** The Y-axes a query's columns offer, in the columns' order, then the ones always offered. */
export function yAxisOptions(fields: readonly string[], dataset: string | undefined): string[] {
  const always = ERRORS_DATASETS.has(dataset ?? 'errors') ? ['count()', 'count_unique(user)'] : ['count()'];
  return [...new Set([...fields.filter(charted), ...always])];
}

/**
 * The picker cleared (Sentry's `yAxis=` with no value, asked here as one empty axis): the chart draws
 * nothing and says "No Y-Axis selected.", as Sentry's Discover does.
 */
export const CLEARED_Y_AXIS: readonly string[] = [''];
export const isCleared = (asked: readonly string[]) =>
  asked.length > 0 && asked.every((axis) => axis.trim() === '');

/**
 * The Y-axes the chart draws: those asked (`yAxis=`, in order) that the columns offer, at most
 * {@link MAX_Y_AXES}; the first offered when none is (Sentry's default, the first function); none
 * when the picker is cleared.
 */
export function chosenYAxes(
  asked: readonly string[],
  fields: readonly string[],
  dataset: string | undefined,
): string[] {
  if (isCleared(asked)) return [];
  const options = yAxisOptions(fields, dataset);
  const kept = [...new Set(asked)].filter((axis) => options.includes(axis)).slice(0, MAX_Y_AXES);
  return kept.length > 0 ? kept : options.slice(0, 1);
}

/** The asked Y-axes still offered after the columns change (Sentry drops the others from the URL). */
export function yAxesAfterColumns(
  asked: readonly string[],
  fields: readonly string[],
  dataset: string | undefined,
): string[] {
  if (isCleared(asked)) return [...CLEARED_Y_AXIS];
  const options = yAxisOptions(fields, dataset);
  return asked.filter((axis) => options.includes(axis));
}

export const drawsSeveralAxes = (display: string) =>
  (MULTI_Y_AXIS_DISPLAYS as readonly string[]).includes(display);

/** A series' name as a legend says it: an equation without its prefix. */
export const axisLabel = (axis: string) => (isEquation(axis) ? stripEquation(axis) : axis);

/** The previous period's series of an axis, as Sentry's chart names it. */
export const previousSeriesName = (name: string) => `previous ${name}`;
