/**
 * The issue list's saved views, as Sentry's issue views: the starred views as tabs in their order
 * (then the others), each opening its search, sort, environments and period (`view=` in the URL);
 * the open view marked when the list has changed since it was saved (Sentry's dot, saying what
 * changed), with "Save changes" and "Discard changes"; "Save as view…" for the list as it is; each
 * view's menu to rename, duplicate, star, move and delete it. The views are the core's
 * `issues.views.*`, the same as the web API's `/organizations/{org}/group-search-views/`.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type MouseEvent, useEffect, useState } from 'react';
import type { IssueView } from '../../../src-shared/issue-views-api.ts';
import { apiQueryOptions, useApiMutation } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { closeMenu, Menu } from '../../app/Menu.tsx';
import { NameForm } from '../../app/NameForm.tsx';
import { navigate } from '../../app/router.ts';
import { renamedBody, viewBody, viewChanges, viewHref } from './issue-views.ts';
import { issueListHref } from './list-location.ts';
import type { IssueListFilter } from './queries.ts';

/** Every `issues.views.*` query of the cache. */
function isViewKey(query: { queryKey: readonly unknown[] }): boolean {
  return typeof query.queryKey[1] === 'string' && query.queryKey[1].startsWith('issues.views.');
}

type Asking = { kind: 'save-as' } | { kind: 'rename'; view: IssueView } | null;

interface ViewActions {
  rename: (view: IssueView) => void;
  duplicate: (view: IssueView) => void;
  star: (view: IssueView, starred: boolean) => void;
  move: (view: IssueView, by: -1 | 1) => void;
  remove: (view: IssueView) => void;
}

function ViewMenu({
  view,
  index,
  starredCount,
  actions,
}: {
  view: IssueView;
  index: number;
  starredCount: number;
  actions: ViewActions;
}) {
  const item = (label: string, act: () => void, disabled = false) => (
    <button
      type="button"
      role="menuitem"
      disabled={disabled}
      onClick={(event: MouseEvent<HTMLElement>) => {
        closeMenu(event);
        act();
      }}
    >
      {label}
    </button>
  );
  return (
    <Menu className="view-menu" summary="⋯" label={`Options for view ${view.name}`} title="View options">
      <div className="menu-items" role="menu" aria-label={`View ${view.name}`}>
        {item('Rename', () => actions.rename(view))}
        {item('Duplicate', () => actions.duplicate(view))}
        {view.starred
          ? item('Unstar', () => actions.star(view, false))
          : item('Star', () => actions.star(view, true))}
        {view.starred && item('Move left', () => actions.move(view, -1), index === 0)}
        {view.starred && item('Move right', () => actions.move(view, 1), index === starredCount - 1)}
        {item('Delete', () => actions.remove(view))}
      </div>
    </Menu>
  );
}

export function IssueViewsBar({ filter, viewId }: { filter: IssueListFilter; viewId: string | undefined }) {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<Asking>(null);
  const starred = useQuery(apiQueryOptions(transport, 'issues.views.starred', {}));
  const all = useQuery(apiQueryOptions(transport, 'issues.views.list', { sort: ['name'] }));
  const starredViews = starred.data ?? [];
  const others = (all.data ?? []).filter((view) => !view.starred);
  const views = [...starredViews, ...others];
  const active = views.find((view) => view.id === viewId);
  const changes = active ? viewChanges(active, filter) : [];
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['api'] as const, predicate: isViewKey });
  const onDone = { onSuccess: () => void refresh() };
  const save = useApiMutation('issues.views.save', onDone);
  const remove = useApiMutation('issues.views.delete', onDone);
  const star = useApiMutation('issues.views.star', onDone);
  const reorder = useApiMutation('issues.views.reorder', onDone);
  const visit = useApiMutation('issues.views.visit');
  const { mutate: visited } = visit;
  // Opening a view is a visit (Sentry's `lastVisited`, the list's default sort).
  useEffect(() => {
    if (viewId) visited({ id: Number(viewId) });
  }, [viewId, visited]);

  const createAndOpen = (body: Record<string, unknown>, open: (view: IssueView) => string) =>
    save.mutate(
      { body },
      {
        onSuccess: (view) => {
          setAsking(null);
          navigate(open(view));
        },
      },
    );
  const actions: ViewActions = {
    rename: (view) => setAsking({ kind: 'rename', view }),
    duplicate: (view) =>
      createAndOpen({ ...renamedBody(view, `${view.name} (Copy)`), starred: true }, (copy) =>
        viewHref(copy, filter),
      ),
    star: (view, starredNow) => star.mutate({ id: Number(view.id), starred: starredNow }),
    move: (view, by) => {
      const ids = starredViews.map((one) => Number(one.id));
      const from = ids.indexOf(Number(view.id));
      const to = from + by;
      if (from < 0 || to < 0 || to >= ids.length) return;
      [ids[from], ids[to]] = [ids[to] as number, ids[from] as number];
      reorder.mutate({ viewIds: ids });
    },
    remove: (view) => {
      if (!window.confirm(`Delete the view “${view.name}”?`)) return;
      remove.mutate(
        { id: Number(view.id) },
        { onSuccess: () => view.id === viewId && navigate(issueListHref(filter), { replace: true }) },
      );
    },
  };
  const error = save.error ?? remove.error ?? star.error ?? reorder.error ?? starred.error ?? all.error;

  return (
    <div className="issue-views" data-testid="issue-views">
      <nav className="view-tabs" aria-label="Saved views">
        {views.map((view, index) => (
          <span key={view.id} className={`view-tab${view.starred ? '' : ' unstarred'}`}>
            <a
              href={viewHref(view, filter)}
              aria-current={view.id === active?.id ? 'page' : undefined}
              title={view.starred ? view.query : `${view.query} (not starred)`}
            >
              {view.name}
              {view.id === active?.id && changes.length > 0 && (
                <span
                  className="unsaved-dot"
                  role="img"
                  data-testid="unsaved-changes"
                  aria-label={`unsaved changes to its ${changes.join(', ')}`}
                  title={`This view's ${changes.join(', ')} have not been saved.`}
                />
              )}
            </a>
            <ViewMenu view={view} index={index} starredCount={starredViews.length} actions={actions} />
          </span>
        ))}
      </nav>
      {asking === null && (
        <span className="view-actions">
          {active && changes.length > 0 && (
            <>
              <button
                type="button"
                disabled={save.isPending}
                onClick={() => save.mutate({ id: Number(active.id), body: viewBody(filter, active.name) })}
              >
                Save changes
              </button>
              <a href={viewHref(active, filter)}>Discard changes</a>
            </>
          )}
          <button type="button" onClick={() => setAsking({ kind: 'save-as' })}>
            Save as view…
          </button>
        </span>
      )}
      {asking?.kind === 'save-as' && (
        <NameForm
          className="view-name-form"
          maxLength={128}
          label="View name"
          initial={active ? `${active.name} (Copy)` : ''}
          action="Save view"
          onCancel={() => setAsking(null)}
          onSubmit={(name) =>
            createAndOpen(viewBody(filter, name, true), (view) => issueListHref(filter, view.id))
          }
        />
      )}
      {asking?.kind === 'rename' && (
        <NameForm
          className="view-name-form"
          maxLength={128}
          label="New view name"
          initial={asking.view.name}
          action="Rename"
          onCancel={() => setAsking(null)}
          onSubmit={(name) =>
            save.mutate(
              { id: Number(asking.view.id), body: renamedBody(asking.view, name) },
              { onSuccess: () => setAsking(null) },
            )
          }
        />
      )}
      {error && <ErrorNote error={error} />}
    </div>
  );
}
