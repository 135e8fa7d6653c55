/** The actions of the issue list for the selected issues (Sentry's bulk update and delete). */
import { type MouseEvent, useState } from 'react';
import type { PriorityValue } from '../../../src-shared/issue-search/types.ts';
import type { IssueStatusUpdate, IssueSummary } from '../../../src-shared/issues-api.ts';
import { useApiMutation } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { closeMenu, Menu } from '../../app/Menu.tsx';
import { SetPriorityMenu } from './Priority.tsx';
import { ResolveControl } from './ResolveControl.tsx';
import { confirmQuestion } from './select-all.tsx';

export function useIssueActions(projectId: number, onDone: () => void) {
  const update = useApiMutation('issues.update', { onSuccess: onDone });
  const merge = useApiMutation('issues.merge', { onSuccess: onDone });
  const remove = useApiMutation('issues.delete', { onSuccess: onDone });
  return {
    setStatus: (groupIds: number[], next: IssueStatusUpdate) =>
      update.mutate({ projectId, groupIds, update: next }),
    setPriority: (groupIds: number[], priority: PriorityValue) =>
      update.mutate({ projectId, groupIds, update: { priority } }),
    setBookmarked: (groupIds: number[], isBookmarked: boolean) =>
      update.mutate({ projectId, groupIds, update: { isBookmarked } }),
    markReviewed: (groupIds: number[]) => update.mutate({ projectId, groupIds, update: { inbox: false } }),
    merge: (groupIds: number[]) => merge.mutate({ projectId, groupIds }),
    remove: (groupIds: number[], discard: boolean) => remove.mutate({ projectId, groupIds, discard }),
    error: update.error ?? merge.error ?? remove.error,
    pending: update.isPending || merge.isPending || remove.isPending,
  };
}

export type IssueActions = ReturnType<typeof useIssueActions>;

/** In Sentry's inbox (`is:for_review`): unresolved and new, regressed or escalating. */
export function isForReview(issue: Pick<IssueSummary, 'status' | 'substatus'>): boolean {
  return (
    issue.status === 'unresolved' &&
    (issue.substatus === 'new' || issue.substatus === 'regressed' || issue.substatus === 'escalating')
  );
}

function IgnoreMenu({ onPick }: { onPick: (update: IssueStatusUpdate) => void }) {
  const [count, setCount] = useState(100);
  const pick = (update: IssueStatusUpdate) => (event: MouseEvent<HTMLElement>) => {
    closeMenu(event);
    onPick(update);
  };
  return (
    <Menu summary="Ignore ▾">
      <div className="menu-items">
        <button type="button" onClick={pick({ status: 'ignored', until: 'forever' })}>
          Forever
        </button>
        <button type="button" onClick={pick({ status: 'ignored', until: 'escalating' })}>
          Until escalating
        </button>
        <span className="menu-row">
          <button type="button" onClick={pick({ status: 'ignored', until: 'count', count })}>
            Until
          </button>
          <input
            type="number"
            min={1}
            aria-label="events until it returns"
            value={count}
            onChange={(event) => setCount(Math.max(1, Number(event.currentTarget.value) || 1))}
          />
          <span>more events</span>
        </span>
      </div>
    </Menu>
  );
}

/** Sentry's "Add to Bookmarks" / "Remove from Bookmarks" for the selected issues. */
function BookmarkMenu({ disabled, onPick }: { disabled: boolean; onPick: (bookmarked: boolean) => void }) {
  if (disabled)
    return (
      <button type="button" disabled>
        Bookmarks ▾
      </button>
    );
  const pick = (bookmarked: boolean) => (event: MouseEvent<HTMLElement>) => {
    closeMenu(event);
    onPick(bookmarked);
  };
  return (
    <Menu summary="Bookmarks ▾">
      <div className="menu-items" role="menu">
        <button type="button" role="menuitem" onClick={pick(true)}>
          Add to Bookmarks
        </button>
        <button type="button" role="menuitem" onClick={pick(false)}>
          Remove from Bookmarks
        </button>
      </div>
    </Menu>
  );
}

export function BulkActions({
  projectId,
  selectedIssues,
  allInQuery,
  actions,
}: {
  projectId: number;
  selectedIssues: readonly IssueSummary[];
  /** Every issue the search matches (up to the bulk limit), when the user chose them all. */
  allInQuery: { ids: number[]; total: number } | null;
  actions: IssueActions;
}) {
  const selected = allInQuery?.ids ?? selectedIssues.map((issue) => issue.id);
  const none = selected.length === 0 || actions.pending;
  // As in Sentry, an action that would change nothing is not offered.
  const allUnresolved = !allInQuery && selectedIssues.every((issue) => issue.status === 'unresolved');
  const noneForReview = !allInQuery && !selectedIssues.some(isForReview);
  const inQuery = allInQuery && { total: allInQuery.total };
  const ask = (action: string, canBeUndone: boolean) =>
    window.confirm(confirmQuestion(action, selected.length, inQuery, canBeUndone));
  // Status changes can be undone: Sentry asks only when they reach past the loaded rows.
  const setStatus = (update: IssueStatusUpdate, action: string) => {
    if (!inQuery || ask(action, true)) actions.setStatus(selected, update);
  };
  const confirmDelete = (discard: boolean) => {
    if (ask(discard ? 'delete and discard future events of' : 'delete', false))
      actions.remove(selected, discard);
  };
  const confirmMerge = () => {
    if (ask('merge', false)) actions.merge(selected);
  };
  return (
    <div className="bulk-actions" role="toolbar" aria-label="Bulk actions">
      <ResolveControl
        projectId={projectId}
        disabled={none}
        onResolve={(update) => setStatus(update, 'resolve')}
      />
      {!none && <IgnoreMenu onPick={(update) => setStatus(update, 'ignore')} />}
      {none && (
        <button type="button" disabled>
          Ignore ▾
        </button>
      )}
      <button
        type="button"
        disabled={none || allUnresolved}
        onClick={() => setStatus({ status: 'unresolved' }, 'unresolve')}
      >
        Unresolve
      </button>
      <button
        type="button"
        disabled={none || noneForReview}
        title="Take the issues out of For Review"
        onClick={() => {
          if (!inQuery || ask('mark as reviewed', false)) actions.markReviewed(selected);
        }}
      >
        Mark Reviewed
      </button>
      <SetPriorityMenu disabled={none} onPick={(priority) => actions.setPriority(selected, priority)} />
      <BookmarkMenu disabled={none} onPick={(bookmarked) => actions.setBookmarked(selected, bookmarked)} />
      <button type="button" disabled={none || selected.length < 2} onClick={confirmMerge}>
        Merge
      </button>
      <button type="button" disabled={none} onClick={() => confirmDelete(false)}>
        Delete
      </button>
      <button type="button" disabled={none} onClick={() => confirmDelete(true)}>
        Delete &amp; discard
      </button>
      {actions.error && <ErrorNote error={actions.error} />}
    </div>
  );
}
