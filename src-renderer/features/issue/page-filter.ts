/**
 * The issue page's page filter, as Sentry's issue details has the list's filter bar: environments,
 * one time filter (a period or an absolute range) and the event search. Kept in the URL
 * (`environment`, `period`, `start`/`end`, `query`), so every tab, link and reload keeps it. No period
 * chosen, the chart shows 24h and the events, tags, the event shown and the Feedback, Attachments and
 * Replays tabs are every event's. The search, as Sentry's, narrows the event shown with its
 * Recommended / Latest / Oldest and Older / Newer, the Events and Attachments tabs, the chart's
 * matching events and the header's events and users; not the User Feedback and Replays tabs, which say so.
 * An issue opened from the issue list starts with the list's search as its event search (issue-link.ts).
 */
import { STATS_PERIODS, type StatsPeriod, type TimeRange } from '../../../src-shared/issues-api.ts';
import { hrefFor } from '../../app/router.ts';
import { environmentsOf } from '../issues/environment-params.ts';
import { rangeLabel, rangeOf } from '../issues/RangePicker.tsx';

export interface IssuePageFilter {
  environments: string[];
  period?: StatsPeriod;
  /** Wins over the period, as in Sentry's page filter. */
  range?: TimeRange;
  /** The event search (tags, `level:`, `has:`, free text, `date:`); '' or absent for none. */
  query?: string;
}

export function issuePageFilterOf(params: URLSearchParams): IssuePageFilter {
  const period = params.get('period');
  const range = rangeOf(params);
  const query = searchOf(params);
  return {
    environments: environmentsOf(params),
    ...(query ? { query } : {}),
    ...(period && (STATS_PERIODS as readonly string[]).includes(period)
      ? { period: period as StatsPeriod }
      : {}),
    ...(range ? { range } : {}),
  };
}

/** The event search of the URL: Sentry's `query`, its parts joined when it is given more than once. */
export function searchOf(params: URLSearchParams): string {
  return params
    .getAll('query')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(' ');
}

/** The filter as URL parameters, for links within the issue. */
export function filterParams(filter: IssuePageFilter): Record<string, string | string[]> {
  return {
    ...(filter.environments.length > 0 ? { environment: filter.environments } : {}),
    ...(filter.query ? { query: filter.query } : {}),
    ...(filter.range ? { start: filter.range.start, end: filter.range.end } : {}),
    ...(!filter.range && filter.period ? { period: filter.period } : {}),
  };
}

/** The time filter as the issue methods take it: the range, else the period, else nothing (all time). */
export function timeParams(filter: IssuePageFilter): { period?: StatsPeriod; start?: string; end?: string } {
  if (filter.range) return { ...filter.range };
  return filter.period ? { period: filter.period } : {};
}

/** The whole filter as the issue methods that follow it take it (the event, feedback, attachments, replays). */
export function scopeParams(filter: IssuePageFilter): { environments: string[] } & IssueTimeParams {
  return { environments: filter.environments, ...timeParams(filter) };
}
type IssueTimeParams = ReturnType<typeof timeParams>;

/** The filter with its search, as the event shown takes it (Sentry's group event details `query`). */
export function eventParams(filter: IssuePageFilter): ReturnType<typeof scopeParams> & { query: string } {
  return { ...scopeParams(filter), query: filter.query ?? '' };
}

/**
 * What the User Feedback and Replays tabs say under an event search, which they do not follow: Sentry's
 * issue details list an issue's feedback and replays by the environments (and time) alone and say so.
 */
export function searchNotApplied(filter: IssuePageFilter, what: string): string | null {
  return filter.query ? `The event search (${filter.query}) does not narrow the ${what} listed here.` : null;
}

/** Whether the filter narrows the issue's events at all. */
export const narrows = (filter: IssuePageFilter): boolean =>
  filter.environments.length > 0 ||
  filter.range !== undefined ||
  filter.period !== undefined ||
  Boolean(filter.query);

/** The filter in words ("staging, in 24h, matching level:error"); '' for none. */
export function filterLabel(filter: IssuePageFilter): string {
  return [filter.environments.join(', '), timeLabel(filter), filter.query ? `matching ${filter.query}` : '']
    .filter((part) => part !== '')
    .join(', ');
}

/** How the time filter reads beside what it narrows ("in 7d", "from … – …"); '' for all time. */
export function timeLabel(filter: IssuePageFilter): string {
  if (filter.range) return `from ${rangeLabel(filter.range)}`;
  return filter.period ? `in ${filter.period}` : '';
}

/**
 * The page at `segments` (within the issue) with the filter changed and its other parameters (the
 * tag values' sort, the attachments' type) kept; the page of a paged tab starts again at its first.
 */
const FILTER_PARAMS = ['environment', 'period', 'start', 'end', 'query', 'offset'];

export function hrefWithFilter(
  segments: readonly string[],
  params: URLSearchParams,
  filter: IssuePageFilter,
): string {
  const kept: Record<string, string[]> = {};
  for (const [key, value] of params)
    if (!FILTER_PARAMS.includes(key)) kept[key] = [...(kept[key] ?? []), value];
  return hrefFor('issues', [...segments], { ...kept, ...filterParams(filter) });
}
