/**
 * The bar of a page whose query can be saved, as Sentry's Discover and Explore have it: "Save as" a
 * new saved query under a name; and when a saved query is open (`id=` in the URL), its name,
 * "Save changes" (only when the page differs from it), "Rename", "Delete", the list and "Revert
 * to saved". Discover's and Explore's saved queries are each their own `<family>.saved.*` in the
 * contract, with the same parameters; the page says how it is saved, compared and opened.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import type { DiscoverSavedQuery } from '../../src-shared/discover-saved-api.ts';
import type { ExploreSavedQuery } from '../../src-shared/explore-saved-api.ts';
import { apiKeys, apiQueryOptions, useApiMutation } from '../api/hooks.ts';
import { useTransport } from '../api/transport.tsx';
import { ErrorNote } from './ErrorNote.tsx';
import { NameForm } from './NameForm.tsx';
import { hrefFor, navigate } from './router.ts';

/** The saved query of each family, as the core's `<family>.saved.get` answers it. */
export interface SavedQueryOf {
  discover: DiscoverSavedQuery;
  explore: ExploreSavedQuery;
}

export type SavedFamily = keyof SavedQueryOf;

const METHODS = {
  discover: { get: 'discover.saved.get', save: 'discover.saved.save', delete: 'discover.saved.delete' },
  explore: { get: 'explore.saved.get', save: 'explore.saved.save', delete: 'explore.saved.delete' },
} as const;

/** What the bar needs of the page it is on. */
export interface SavedQueryPage<F extends SavedFamily> {
  family: F;
  /** The page whose `#/<page>/saved` lists the saved queries (where a deleted one leaves to). */
  listPage: 'discover' | 'traces' | 'logs';
  /** The URL's `id=`, if any. */
  savedId: string | null;
  /** The page as Sentry's saved-query body, under a name. */
  body: (name: string) => Record<string, unknown>;
  /** The page with this saved query open (its `id=`). */
  hrefWith: (savedId: string) => string;
  /** Whether the page is the saved query as saved. */
  isUnchanged: (saved: SavedQueryOf[F]) => boolean;
  /** The saved query opened as saved ("Revert to saved"). */
  savedHref: (saved: SavedQueryOf[F]) => string;
  /** The saved query's own body under a new name: renaming keeps it as saved, as Sentry's does. */
  renamed: (saved: SavedQueryOf[F], name: string) => Record<string, unknown>;
  /** Why the page cannot be saved, when it cannot ("Save as…" and "Save changes" are then off). */
  unsaveable?: string | undefined;
  /** Shown after the open query's name (Explore's star). */
  afterName?: (saved: SavedQueryOf[F]) => ReactNode;
}

export function SavedQueryBar<F extends SavedFamily>({ page }: { page: SavedQueryPage<F> }) {
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<'save-as' | 'rename' | null>(null);
  // Both families' methods take and give the same shapes; the family picks which one is called.
  const methods: (typeof METHODS)[SavedFamily] = METHODS[page.family];
  const refresh = () => void queryClient.invalidateQueries({ predicate: isSavedQueryKey(page.family) });
  const id = page.savedId && /^\d+$/.test(page.savedId) ? Number(page.savedId) : undefined;
  const saved = useQuery({
    ...apiQueryOptions(useTransport(), methods.get, { id: id ?? 1 }),
    enabled: id !== undefined,
    retry: false,
  });
  const current = id !== undefined ? (saved.data as SavedQueryOf[F] | undefined) : undefined;
  const save = useApiMutation(methods.save, {
    onSuccess: (result) => {
      setAsking(null);
      refresh();
      // A new query opens as itself; a renamed or updated one keeps the page as it is.
      navigate(page.hrefWith(result.id));
    },
  });
  const remove = useApiMutation(methods.delete, {
    onSuccess: (_result, params) => {
      // The deleted query is not read again (it would be a 404); the lists are.
      queryClient.removeQueries({ queryKey: apiKeys.call(methods.get, params) });
      refresh();
      navigate(hrefFor(page.listPage, ['saved']));
    },
  });
  const saveable = page.unsaveable === undefined;
  const unchanged = current ? page.isUnchanged(current) : true;

  return (
    <div className="discover-saved-bar" data-testid={`${page.family}-saved-bar`}>
      {current && (
        <>
          <h2 className="discover-saved-title" data-testid={`${page.family}-saved-name`}>
            {current.name}
          </h2>
          {page.afterName?.(current)}
        </>
      )}
      {asking === null && (
        <>
          <button
            type="button"
            disabled={!saveable}
            title={page.unsaveable}
            onClick={() => setAsking('save-as')}
          >
            Save as…
          </button>
          {current && (
            <>
              <button
                type="button"
                disabled={unchanged || !saveable || save.isPending}
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
          onSubmit={(name) => save.mutate({ id: Number(current.id), body: page.renamed(current, name) })}
        />
      )}
      <a href={hrefFor(page.listPage, ['saved'])}>Saved queries</a>
      {current && !unchanged && (
        <a href={page.savedHref(current)} className="muted">
          Revert to saved
        </a>
      )}
      {id !== undefined && saved.error && <ErrorNote error={saved.error} />}
      {save.error && <ErrorNote error={save.error} />}
      {remove.error && <ErrorNote error={remove.error} />}
    </div>
  );
}

/** Every `<family>.saved.*` query of the cache (the lists and each one read). */
export const isSavedQueryKey =
  (family: SavedFamily) =>
  (query: { queryKey: readonly unknown[] }): boolean =>
    typeof query.queryKey[1] === 'string' && query.queryKey[1].startsWith(`${family}.saved.`);
