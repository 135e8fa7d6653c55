/**
 * Saving the Discover page's query, as Sentry's Discover does (the shared `app/SavedQueryBar.tsx`):
 * "Save as" a new saved query under a name; and when a saved query is open (`id=` in the URL), its
 * name, "Save changes" (only when the page differs from it), "Rename" and "Delete". The saved
 * queries are the core's `discover.saved.*`, the same as the web API's
 * `/organizations/{org}/discover/saved/`.
 */
import type { DiscoverDataset, DiscoverQuery } from '../../../src-shared/discover-api.ts';
import type { DiscoverSavedQuery } from '../../../src-shared/discover-saved-api.ts';
import { SavedQueryBar as Bar } from '../../app/SavedQueryBar.tsx';
import { type ChartDisplay, type ChartOptions, discoverHref } from './discover-url.ts';
import { isUnchanged, savedDatasetOf, savedQueryBody, savedQueryHref } from './saved-query-url.ts';

export function SavedQueryBar({
  savedId,
  query,
  display,
  yAxis,
  chart,
  datasets,
}: {
  savedId: string | null;
  query: DiscoverQuery;
  display: ChartDisplay;
  /** The Y-axes the URL asks. */
  yAxis: readonly string[];
  /** The chart's interval and Top N the URL asks. */
  chart: ChartOptions;
  datasets: readonly DiscoverDataset[];
}) {
  return (
    <Bar
      page={{
        family: 'discover',
        listPage: 'discover',
        savedId,
        body: (name) => savedQueryBody(name, query, display, yAxis, chart),
        hrefWith: (id) => discoverHref(query, display, id, yAxis, chart),
        isUnchanged: (saved) => isUnchanged(saved, query, display, datasets, yAxis, chart),
        savedHref: savedQueryHref,
        renamed,
        unsaveable:
          savedDatasetOf(query.dataset) === undefined
            ? 'Sentry’s Discover saves errors and transactions queries only'
            : undefined,
      }}
    />
  );
}

/** A saved query's own body under a new name (its JSON is the body Sentry takes back). */
function renamed(saved: DiscoverSavedQuery, name: string): Record<string, unknown> {
  const {
    id: _id,
    dateCreated: _c,
    dateUpdated: _u,
    createdBy: _b,
    expired: _e,
    datasetSource: _s,
    ...body
  } = saved;
  return { ...body, name };
}
