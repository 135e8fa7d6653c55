/**
 * Saving the Discover page's query, as Sentry's Discover does: "Save as" a new saved query under a
 * name; and when a saved query is open (`id=` in the URL), its name, "Save changes" (only when the
 * page differs from it), "Rename" and "Delete". The saved queries are the core's
 * `discover.saved.*`, the same as the web API's `/organizations/{org}/discover/saved/`.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { DiscoverDataset, DiscoverQuery } from '../../../src-shared/discover-api.ts';
import type { DiscoverSavedQuery } from '../../../src-shared/discover-saved-api.ts';
import { apiKeys, apiQueryOptions, useApiMutation } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { NameForm } from '../../app/NameForm.tsx';
import { hrefFor, navigate } from '../../app/router.ts';
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
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<'save-as' | 'rename' | null>(null);
  const id = savedId && /^\d+$/.test(savedId) ? Number(savedId) : undefined;
  const saved = useQuery({
    ...apiQueryOptions(useTransport(), 'discover.saved.get', { id: id ?? 1 }),
    enabled: id !== undefined,
    retry: false,
  });
  const current = id !== undefined ? saved.data : undefined;
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['api'] as const, predicate: isSavedKey });
  const save = useApiMutation('discover.saved.save', {
    onSuccess: (result) => {
      setAsking(null);
      void refresh();
      // A new query opens as itself; a renamed or updated one keeps the page as it is.
      navigate(discoverHref(query, display, result.id, yAxis, chart));
    },
  });
  const remove = useApiMutation('discover.saved.delete', {
    onSuccess: (_result, params) => {
      navigate(hrefFor('discover', ['saved']));
      // The deleted query is not read again (it would be a 404); the lists are.
      queryClient.removeQueries({ queryKey: apiKeys.call('discover.saved.get', params) });
      void queryClient.invalidateQueries({ queryKey: apiKeys.method('discover.saved.list') });
    },
  });
  const saveable = savedDatasetOf(query.dataset) !== undefined;
  const body = (name: string) => savedQueryBody(name, query, display, yAxis, chart);
  const unchanged = current ? isUnchanged(current, query, display, datasets, yAxis, chart) : true;

  return (
    <div className="discover-saved-bar" data-testid="discover-saved-bar">
      {current && (
        <h2 className="discover-saved-title" data-testid="discover-saved-name">
          {current.name}
        </h2>
      )}
      {asking === null && (
        <>
          <button
            type="button"
            disabled={!saveable}
            title={saveable ? undefined : 'Sentry’s Discover saves errors and transactions queries only'}
            onClick={() => setAsking('save-as')}
          >
            Save as…
          </button>
          {current && (
            <>
              <button
                type="button"
                disabled={unchanged || !saveable || save.isPending}
                onClick={() => save.mutate({ id: Number(current.id), body: body(current.name) })}
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
          onSubmit={(name) => save.mutate({ body: body(name) })}
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
      <a href={hrefFor('discover', ['saved'])}>Saved queries</a>
      {current && !unchanged && (
        <a href={savedQueryHref(current)} className="muted">
          Revert to saved
        </a>
      )}
      {id !== undefined && saved.error && <ErrorNote error={saved.error} />}
      {save.error && <ErrorNote error={save.error} />}
      {remove.error && <ErrorNote error={remove.error} />}
    </div>
  );
}

/** Every `discover.saved.*` query of the cache (the list and each one read). */
function isSavedKey(query: { queryKey: readonly unknown[] }): boolean {
  return typeof query.queryKey[1] === 'string' && query.queryKey[1].startsWith('discover.saved.');
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
