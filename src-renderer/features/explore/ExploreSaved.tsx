/**
 * An Explore page's saved queries, as Sentry's Explore keeps them: "Save as" the page under a name;
 * with one open (`id=`), its name and star, "Save changes" (when the page differs from it), "Rename"
 * and "Delete" (the shared `app/SavedQueryBar.tsx`); and their list (`#/traces/saved`,
 * `#/logs/saved`: every dataset's, starred first, searched by name, each starred or unstarred and
 * opened on its own page). All through the core's `explore.saved.*`, the same as the web API's
 * `/organizations/{org}/explore/saved/`. The page (Traces, Logs) says how it is saved and compared
 * (`ExploreSavedPageOf`).
 */
import { useQueryClient } from '@tanstack/react-query';
import type { ExploreSavedQuery } from '../../../src-shared/explore-saved-api.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { PageSearch } from '../../app/PageSearch.tsx';
import { hrefFor, navigate, useRoute } from '../../app/router.ts';
import { isSavedQueryKey, SavedQueryBar, type SavedQueryPage } from '../../app/SavedQueryBar.tsx';
import { savedHref } from './saved-href.ts';

/** What the saved-query bar needs of the page it is on. */
export type ExploreSavedPageOf = { route: 'traces' | 'logs' } & Pick<
  SavedQueryPage<'explore'>,
  'savedId' | 'body' | 'hrefWith' | 'isUnchanged'
>;

function useRefreshSaved() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ predicate: isSavedQueryKey('explore') });
}

function StarButton({ saved }: { saved: ExploreSavedQuery }) {
  const refresh = useRefreshSaved();
  const star = useApiMutation('explore.saved.star', { onSuccess: refresh });
  return (
    <button
      type="button"
      aria-label={saved.starred ? `Unstar ${saved.name}` : `Star ${saved.name}`}
      aria-pressed={saved.starred}
      disabled={star.isPending}
      onClick={() => star.mutate({ id: Number(saved.id), body: { starred: !saved.starred } })}
    >
      {saved.starred ? '★' : '☆'}
    </button>
  );
}

/** The page's saved query without the answer's own keys: the body Sentry takes back, renamed. */
function renamed(saved: ExploreSavedQuery, name: string): Record<string, unknown> {
  const {
    id,
    dateAdded,
    dateUpdated,
    lastVisited,
    createdBy,
    starred,
    position,
    isPrebuilt,
    changedReason,
    expired,
    ...body
  } = saved;
  return { ...body, name };
}

export function ExploreSavedBar({ page }: { page: ExploreSavedPageOf }) {
  return (
    <SavedQueryBar
      page={{
        family: 'explore',
        listPage: page.route,
        savedId: page.savedId,
        body: page.body,
        hrefWith: page.hrefWith,
        isUnchanged: page.isUnchanged,
        savedHref,
        renamed,
        afterName: (saved) => <StarButton saved={saved} />,
      }}
    />
  );
}

function SavedList({ title, saved, testId }: { title: string; saved: ExploreSavedQuery[]; testId: string }) {
  return (
    <>
      <h2>{title}</h2>
      <ul className="discover-saved-list" aria-label={title} data-testid={testId}>
        {saved.map((query) => (
          <li key={query.id}>
            <StarButton saved={query} /> <a href={savedHref(query)}>{query.name}</a>
            <span className="muted">
              {' '}
              {query.dataset} ·{' '}
              {query.query.map((q) => [q.mode, q.query].filter(Boolean).join(' ')).join('; ')} · edited{' '}
              {new Date(query.dateUpdated).toLocaleString()}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** `#/<page>/saved`: the starred queries in their order, then all of them by name (or searched). */
export function ExploreSavedPage({ route }: { route: 'traces' | 'logs' }) {
  const { params } = useRoute();
  const search = params.get('query') ?? '';
  const starred = useApiQuery('explore.saved.list', { starred: true });
  const all = useApiQuery('explore.saved.list', search ? { query: search } : {});
  return (
    <section className="discover">
      <h1>Saved queries</h1>
      <div className="issues-toolbar">
        <PageSearch
          className="discover-search"
          label="Search saved queries"
          placeholder="A query's name"
          value={search}
          onSubmit={(query) => navigate(hrefFor(route, ['saved'], query ? { query } : {}))}
        />
        <a href={hrefFor(route)}>Build a new query</a>
      </div>
      {starred.error && <ErrorNote error={starred.error} />}
      {all.error && <ErrorNote error={all.error} />}
      {starred.data && starred.data.length > 0 && (
        <SavedList title="Starred queries" saved={starred.data} testId="explore-saved-starred" />
      )}
      {all.data && all.data.length === 0 && (
        <p className="muted">
          {search ? 'No saved query has that name.' : 'No saved queries yet: build a query and "Save as…".'}
        </p>
      )}
      {all.data && all.data.length > 0 && (
        <SavedList title="All queries" saved={all.data} testId="explore-saved-all" />
      )}
    </section>
  );
}
