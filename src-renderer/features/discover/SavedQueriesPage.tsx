/**
 * Discover's "Saved Queries", as Sentry's Discover landing page lists them (`#/discover/saved`): a
 * search over their names and Sentry's sorts (name, recently edited, created), both kept in the URL
 * (`query=`, `sortBy=`); each opens the Discover page with its query and `id`, or is deleted here.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { PageSearch } from '../../app/PageSearch.tsx';
import { hrefFor, navigate, useRoute } from '../../app/router.ts';
import { SAVED_SORTS, savedQueryHref } from './saved-query-url.ts';

const DATASET_LABEL: Record<string, string> = {
  'error-events': 'errors',
  discover: 'errors',
  'transaction-like': 'transactions',
};

export function SavedQueriesPage() {
  const { params } = useRoute();
  const search = params.get('query') ?? '';
  const sortBy = params.get('sortBy') ?? 'name';
  const list = useApiQuery('discover.saved.list', { ...(search ? { query: search } : {}), sortBy });
  const queryClient = useQueryClient();
  const remove = useApiMutation('discover.saved.delete', {
    onSuccess: () =>
      void queryClient.invalidateQueries({
        predicate: (query) => String(query.queryKey[1]).startsWith('discover.saved.'),
      }),
  });
  const go = (next: { query?: string; sortBy?: string }) => {
    const merged = { query: search, sortBy, ...next };
    navigate(
      hrefFor('discover', ['saved'], {
        ...(merged.query ? { query: merged.query } : {}),
        ...(merged.sortBy !== 'name' ? { sortBy: merged.sortBy } : {}),
      }),
    );
  };
  const saved = list.data ?? [];

  return (
    <section className="discover">
      <h1>Saved queries</h1>
      <div className="issues-toolbar">
        <PageSearch
          className="discover-search"
          label="Search saved queries"
          placeholder="A query's name"
          value={search}
          onSubmit={(query) => go({ query })}
        />
        <select
          aria-label="Sort saved queries"
          value={sortBy}
          onChange={(e) => go({ sortBy: e.currentTarget.value })}
        >
          {SAVED_SORTS.map((sort) => (
            <option key={sort.value} value={sort.value}>
              {sort.label}
            </option>
          ))}
        </select>
        <a href={hrefFor('discover')}>Build a new query</a>
      </div>
      {list.error && <ErrorNote error={list.error} />}
      {remove.error && <ErrorNote error={remove.error} />}
      {list.data && saved.length === 0 && (
        <p className="muted" data-testid="discover-saved-empty">
          {search ? 'No saved query has that name.' : 'No saved queries yet: build a query and "Save as…".'}
        </p>
      )}
      <ul className="discover-saved-list" aria-label="Saved queries">
        {saved.map((query) => (
          <li key={query.id}>
            <a href={savedQueryHref(query)}>{query.name}</a>
            <span className="muted">
              {' '}
              {DATASET_LABEL[query.queryDataset] ?? query.queryDataset} · {(query.fields ?? []).join(', ')}
              {query.query ? ` · ${query.query}` : ''} · edited {new Date(query.dateUpdated).toLocaleString()}
            </span>{' '}
            <button
              type="button"
              aria-label={`Delete ${query.name}`}
              onClick={() =>
                window.confirm(`Delete the saved query “${query.name}”?`) &&
                remove.mutate({ id: Number(query.id) })
              }
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
