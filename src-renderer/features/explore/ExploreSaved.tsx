/**
 * An Explore page's saved queries, as Sentry's Explore keeps them: "Save as" the page under a name;
 * with one open (`id=`), its name and star, "Save changes" (when the page differs from it), "Rename"
 * and "Delete"; and their list (`#/traces/saved`, `#/logs/saved`: every dataset's, starred first,
 * searched by name, each starred or unstarred and opened on its own page). All through the core's
 * `explore.saved.*`, the same as the web API's `/organizations/{org}/explore/saved/`. The page
 * (Traces, Logs) says how it is saved and compared (`ExploreSavedPageOf`).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ExploreSavedQuery } from '../../../src-shared/explore-saved-api.ts';
import { apiKeys, apiQueryOptions, useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { NameForm } from '../../app/NameForm.tsx';
import { PageSearch } from '../../app/PageSearch.tsx';
import { hrefFor, navigate, useRoute } from '../../app/router.ts';
import { savedHref } from './saved-href.ts';

/** What the saved-query bar needs of the page it is on. */
export interface ExploreSavedPageOf {
  route: 'traces' | 'logs';
  savedId: string | null;
  /** The page as Sentry's saved-query body, under a name. */
  body: (name: string) => Record<string, unknown>;
  /** The page with this saved query open (its `id=`). */
  hrefWith: (savedId: string) => string;
  /** Whether the page is the saved query as saved. */
  isUnchanged: (saved: ExploreSavedQuery) => boolean;
}

/** Every `explore.saved.*` query of the cache (the lists and each one read). */
const isSavedKey = (query: { queryKey: readonly unknown[] }) =>
  typeof query.queryKey[1] === 'string' && query.queryKey[1].startsWith('explore.saved.');

function useRefreshSaved() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ predicate: isSavedKey });
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
  const queryClient = useQueryClient();
  const refresh = useRefreshSaved();
  const [asking, setAsking] = useState<'save-as' | 'rename' | null>(null);
  const id = page.savedId && /^\d+$/.test(page.savedId) ? Number(page.savedId) : undefined;
  const saved = useQuery({
    ...apiQueryOptions(useTransport(), 'explore.saved.get', { id: id ?? 1 }),
    enabled: id !== undefined,
    retry: false,
  });
  const current = id !== undefined ? saved.data : undefined;
  const save = useApiMutation('explore.saved.save', {
    onSuccess: (result) => {
      setAsking(null);
      refresh();
      navigate(page.hrefWith(result.id));
    },
  });
  const remove = useApiMutation('explore.saved.delete', {
    onSuccess: (_result, params) => {
      queryClient.removeQueries({ queryKey: apiKeys.call('explore.saved.get', params) });
      refresh();
      navigate(hrefFor(page.route, ['saved']));
    },
  });
  const unchanged = current ? page.isUnchanged(current) : true;
  return (
    <div className="discover-saved-bar" data-testid="explore-saved-bar">
      {current && (
        <>
          <h2 className="discover-saved-title" data-testid="explore-saved-name">
            {current.name}
          </h2>
          <StarButton saved={current} />
        </>
      )}
      {asking === null && (
        <>
          <button type="button" onClick={() => setAsking('save-as')}>
            Save as…
          </button>
          {current && (
            <>
              <button
                type="button"
                disabled={unchanged || save.isPending}
                onClick={() => save.mutate({ id: Number(current.id), body: page.body(current.name) })}
              >
                Save changes
              </button>
              <button type="button" onClick={() => setAsking('rename')}>
                Rename
              </button>
              <button
                type="button"
                onClick={() =>
                  window.confirm(`Delete the saved query “${current.name}”?`) &&
                  remove.mutate({ id: Number(current.id) })
                }
              >
                Delete
              </button>
            </>
          )}
        </>
      )}
      {asking === 'save-as' && (
        <NameForm
          className="discover-saved-name"
          maxLength={255}
          label="Query name"
          initial=""
          action="Save"
          onCancel={() => setAsking(null)}
          onSubmit={(name) => save.mutate({ body: page.body(name) })}
        />
      )}
      {asking === 'rename' && current && (
        <NameForm
          className="discover-saved-name"
          maxLength={255}
          label="New name"
          initial={current.name}
          action="Rename"
          onCancel={() => setAsking(null)}
          // Renaming keeps the saved query as saved, as Sentry's rename does; only its name changes.
          onSubmit={(name) => save.mutate({ id: Number(current.id), body: renamed(current, name) })}
        />
      )}
      <a href={hrefFor(page.route, ['saved'])}>Saved queries</a>
      {current && !unchanged && (
        <a href={savedHref(current)} className="muted">
          Revert to saved
        </a>
      )}
      {id !== undefined && saved.error && <ErrorNote error={saved.error} />}
      {save.error && <ErrorNote error={save.error} />}
      {remove.error && <ErrorNote error={remove.error} />}
    </div>
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
