/**
 * A Discover query as Sentry's saved query and back: the page's URL (`field`, `sort`, `query`,
 * `statsPeriod` or `start`/`end`, `project`, `environment`, `dataset`, `display`, `yAxis`, `interval`,
 * `topEvents`) as the body Sentry's
 * Discover sends when it saves ("Save as", "Save changes"), and a saved query as the URL that opens
 * it, with its `id` as Sentry's Discover keeps it. No DOM here, so it is unit-tested.
 */
import type { DiscoverDataset, DiscoverQuery } from '../../../src-shared/discover-api.ts';
import type { DiscoverSavedQuery, SavedQueryDataset } from '../../../src-shared/discover-saved-api.ts';
import { hrefFor } from '../../app/router.ts';
import {
  type ChartDisplay,
  type ChartOptions,
  chartOptionsOf,
  chartQueryOf,
  discoverQueryFromUrl,
  displayOf,
  yAxisOf,
} from './discover-url.ts';

/** The page's datasets Sentry's Discover saves, by its `queryDataset`; spans and logs are Explore's there. */
const SAVED_DATASET: Record<string, SavedQueryDataset> = {
  errors: 'error-events',
  discover: 'error-events',
  transactions: 'transaction-like',
  metricsEnhanced: 'transaction-like',
};
const PAGE_DATASET: Record<SavedQueryDataset, string> = {
  'error-events': 'errors',
  discover: 'errors',
  'transaction-like': 'transactions',
};

export const savedDatasetOf = (dataset: string | undefined): SavedQueryDataset | undefined =>
  SAVED_DATASET[dataset ?? 'errors'];

/**
 * Sentry's saved-query body for the page's query; "All projects" is Sentry's `[-1]`. `yAxis`: the
 * axes the chart draws (those asked that the columns offer, else the default one; none when the
 * picker is cleared). `interval` and `topEvents` when the page asks them, as Sentry's Discover keeps
 * them: the interval the chart uses (an asked one that does not fit the period gives way to the
 * default, as the chart does).
 */
export function savedQueryBody(
  name: string,
  query: DiscoverQuery,
  display: ChartDisplay,
  yAxis: readonly string[] = [],
  chart: ChartOptions = {},
) {
  const [orderby] = query.sort ?? [];
  const drawn = chartQueryOf(query, display, yAxis, chart);
  return {
    name,
    version: 2,
    queryDataset: savedDatasetOf(query.dataset) ?? 'error-events',
    fields: query.field,
    ...(orderby ? { orderby } : {}),
    ...(query.query ? { query: query.query } : {}),
    projects: query.project ?? [-1],
    ...(query.environment ? { environment: query.environment } : {}),
    ...(query.start || query.end
      ? { start: query.start, end: query.end }
      : query.statsPeriod
        ? { range: query.statsPeriod }
        : {}),
    yAxis: drawn.yAxis,
    display,
    ...(chart.interval !== undefined && display !== 'daily' && display !== 'dailytop5'
      ? { interval: drawn.interval }
      : {}),
    ...(chart.topEvents !== undefined ? { topEvents: chart.topEvents } : {}),
  };
}

/** The URL parameters that open a saved query, as Sentry's Discover writes them (`id` first). */
function savedParams(saved: DiscoverSavedQuery): URLSearchParams {
  const params = new URLSearchParams({ id: saved.id });
  for (const field of saved.fields ?? []) params.append('field', field);
  if (saved.orderby) params.append('sort', saved.orderby);
  if (saved.query) params.append('query', saved.query);
  if (saved.start || saved.end) {
    if (saved.start) params.append('start', saved.start);
    if (saved.end) params.append('end', saved.end);
  } else if (saved.range) params.append('statsPeriod', saved.range);
  for (const project of saved.projects) if (project > 0) params.append('project', String(project));
  for (const environment of saved.environment ?? []) params.append('environment', environment);
  params.append('dataset', PAGE_DATASET[saved.queryDataset] ?? 'errors');
  const display = displayOf(new URLSearchParams({ display: saved.display ?? '' }));
  if (display !== 'default') params.append('display', display);
  for (const axis of saved.yAxis ?? []) params.append('yAxis', axis);
  // Saved with the picker cleared: Sentry's `yAxis=` with no value.
  if (Array.isArray(saved.yAxis) && saved.yAxis.length === 0) params.append('yAxis', '');
  if (saved.interval) params.append('interval', saved.interval);
  if (saved.topEvents) params.append('topEvents', String(saved.topEvents));
  return params;
}

/** Where a saved query opens: the Discover page with its query and its `id`. */
export function savedQueryHref(saved: DiscoverSavedQuery): string {
  const params: Record<string, string[]> = {};
  for (const [key, value] of savedParams(saved)) params[key] = [...(params[key] ?? []), value];
  return hrefFor('discover', [], params);
}

/** Whether the page shows the saved query as it was saved ("Save changes" has nothing to save). */
export function isUnchanged(
  saved: DiscoverSavedQuery,
  query: DiscoverQuery,
  display: ChartDisplay,
  datasets: readonly DiscoverDataset[],
  yAxis: readonly string[] = [],
  chart: ChartOptions = {},
): boolean {
  const params = savedParams(saved);
  const asSaved = savedQueryBody(
    saved.name,
    discoverQueryFromUrl(params, datasets),
    displayOf(params),
    yAxisOf(params),
    chartOptionsOf(params),
  );
  return JSON.stringify(asSaved) === JSON.stringify(savedQueryBody(saved.name, query, display, yAxis, chart));
}

/** Sentry's sorts of its saved-query list, as its Discover landing page names them. */
export const SAVED_SORTS = [
  { value: 'name', label: 'Query name (A-Z)' },
  { value: '-dateUpdated', label: 'Recently edited' },
  { value: '-dateCreated', label: 'Date created (newest)' },
  { value: 'dateCreated', label: 'Date created (oldest)' },
  { value: 'dateUpdated', label: 'Most outdated' },
] as const;
