/**
 * Discover's tag summary, as Sentry's results page shows it beside the table: the most frequent tags
 * of the query's events (`discover.facets`, the web API's `events-facets`), each with its top values
 * and their share of the query's events (`count()` of the same query), ten keys at a time. Clicking a
 * value adds `key:value` to the page's search, as Sentry's facet links do.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { DiscoverFacet, DiscoverFacetsQuery, DiscoverQuery } from '../../../src-shared/discover-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { navigate } from '../../app/router.ts';
import { changed, discoverHref } from './discover-url.ts';
import './tag-summary.css';

/** The datasets whose events have tags (Explore's spans and logs have attributes instead). */
const TAGGED_DATASETS = new Set(['errors', 'discover', 'transactions', 'metricsEnhanced']);

/** A search term for a value: quoted when it has a space, a quote or a parenthesis. */
export function searchTerm(key: string, value: string): string {
  const quoted = /[\s"()]/.test(value) || value === '' ? `"${value.replaceAll('"', '\\"')}"` : value;
  return `${key}:${quoted}`;
}

/** The query with the term added to its search (its first page). */
export function narrowedBy(query: DiscoverQuery, term: string): DiscoverQuery {
  const search = query.query?.trim() ?? '';
  return changed(query, { query: search === '' ? term : `${search} ${term}` });
}

function percent(count: number, total: number): string {
  if (total <= 0) return '';
  const share = (count / total) * 100;
  return share < 1 ? '<1%' : `${Math.round(share)}%`;
}

function FacetCard({ facet, total, query }: { facet: DiscoverFacet; total: number; query: DiscoverQuery }) {
  return (
    <li className="tag-summary-key" data-testid="tag-summary-key" data-key={facet.key}>
      <h3>{facet.key}</h3>
      <ol>
        {facet.topValues.map((v) => {
          // The project facet's value is an id; the search names a project by its slug.
          const term = searchTerm(facet.key, facet.key === 'project' ? v.name : String(v.value));
          const share = percent(v.count, total);
          return (
            <li key={String(v.value)}>
              <a
                href={discoverHref(narrowedBy(query, term))}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(discoverHref(narrowedBy(query, term)));
                }}
                title={`Add ${term} to the search`}
                data-testid="tag-summary-value"
              >
                <span className="tag-summary-name">{v.name === '' ? '(empty)' : v.name}</span>
                <span className="tag-summary-share" data-count={v.count}>
                  {share} <span className="muted">({v.count})</span>
                </span>
                <span
                  className="tag-summary-bar"
                  style={{ width: total > 0 ? `${Math.min(100, (v.count / total) * 100)}%` : 0 }}
                />
              </a>
            </li>
          );
        })}
      </ol>
    </li>
  );
}

export function TagSummary({ query }: { query: DiscoverQuery }) {
  const [cursor, setCursor] = useState<string | undefined>();
  const dataset = query.dataset ?? 'errors';
  const scope: DiscoverFacetsQuery = {
    dataset,
    ...(query.query ? { query: query.query } : {}),
    ...(query.statsPeriod ? { statsPeriod: query.statsPeriod } : {}),
    ...(query.start ? { start: query.start } : {}),
    ...(query.end ? { end: query.end } : {}),
    ...(query.project ? { project: query.project } : {}),
    ...(query.environment ? { environment: query.environment } : {}),
  };
  const scopeKey = JSON.stringify(scope);
  const [cursorScope, setCursorScope] = useState(scopeKey);
  // A new query starts at its first keys.
  if (cursorScope !== scopeKey) {
    setCursorScope(scopeKey);
    setCursor(undefined);
  }
  const transport = useTransport();
  const tagged = TAGGED_DATASETS.has(dataset);
  const facets = useQuery({
    ...apiQueryOptions(transport, 'discover.facets', { ...scope, ...(cursor ? { cursor } : {}) }),
    enabled: tagged,
    retry: false,
  });
  // The share of each value is of the query's events, as Sentry's summary counts them (`events-meta`).
  const total = useQuery({
    ...apiQueryOptions(transport, 'discover.events', { ...scope, field: ['count()'] }),
    enabled: tagged,
    retry: false,
  });
  if (!tagged) return null;
  const count = Number(total.data?.data[0]?.['count()'] ?? 0);
  const list = facets.data?.facets ?? [];
  return (
    <aside className="tag-summary" aria-label="Tag summary" data-testid="tag-summary" data-total={count}>
      <h2>Tag summary</h2>
      {/* The table says why a query is refused; the summary only that it has none. */}
      {facets.error && <p className="muted">No tag summary: {facets.error.message}</p>}
      {facets.data && list.length === 0 && <p className="muted">No tags in these events.</p>}
      <ul aria-busy={facets.isFetching}>
        {list.map((facet) => (
          <FacetCard key={facet.key} facet={facet} total={count} query={query} />
        ))}
      </ul>
      {facets.data && (facets.data.links.previous?.results || facets.data.links.next?.results) && (
        <div className="tag-summary-pages">
          <button
            type="button"
            disabled={!facets.data.links.previous?.results}
            onClick={() => setCursor(facets.data?.links.previous?.cursor)}
          >
            Previous tags
          </button>
          <button
            type="button"
            disabled={!facets.data.links.next?.results}
            onClick={() => setCursor(facets.data?.links.next?.cursor)}
          >
            More tags
          </button>
        </div>
      )}
    </aside>
  );
}
