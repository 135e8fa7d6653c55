/** The actions of the issue list for the selected issues (Sentry's bulk update and delete). */
import { useState } from 'react';
import type { IssueStatusUpdate, IssueSummary } from '../../../src-shared/issues-api.ts';
import { useApiMutation } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { ResolveControl } from './ResolveControl.tsx';

export function useIssueActions(projectId: number, onDone: () => void) {
  const update = useApiMutation('issues.update', { onSuccess: onDone });
  const merge = useApiMutation('issues.merge', { onSuccess: onDone });
  const remove = useApiMutation('issues.delete', { onSuccess: onDone });
  return {
    setStatus: (groupIds: number[], next: IssueStatusUpdate) =>
      update.mutate({ projectId, groupIds, update: next }),
    merge: (groupIds: number[]) => merge.mutate({ projectId, groupIds }),
    remove: (groupIds: number[], discard: boolean) => remove.mutate({ projectId, groupIds, discard }),
    error: update.error ?? merge.error ?? remove.error,
    pending: update.isPending || merge.isPending || remove.isPending,
  };
}

export type IssueActions = ReturnType<typeof useIssueActions>;

function IgnoreMenu({ onPick }: { onPick: (update: IssueStatusUpdate) => void }) {
  const [count, setCount] = useState(100);
  return (
    <details className="menu">
      <summary>Ignore ▾</summary>
      <div className="menu-items">
        <button type="button" onClick={() => onPick({ status: 'ignored', until: 'forever' })}>
          Forever
        </button>
        <button type="button" onClick={() => onPick({ status: 'ignored', until: 'escalating' })}>
          Until escalating
        </button>
        <span className="menu-row">
          <button type="button" onClick={() => onPick({ status: 'ignored', until: 'count', count })}>
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
    </details>
  );
}

export function BulkActions({
  projectId,
  selectedIssues,
  actions,
}: {
  projectId: number;
  selectedIssues: readonly IssueSummary[];
  actions: IssueActions;
}) {
  const selected = selectedIssues.map((issue) => issue.id);
  const none = selected.length === 0 || actions.pending;
  // As in Sentry, an action that would change nothing is not offered.
  const allUnresolved = selectedIssues.every((issue) => issue.status === 'unresolved');
  const confirmDelete = (discard: boolean) => {
    const what = `${selected.length} issue${selected.length === 1 ? '' : 's'}`;
    const question = discard
      ? `Delete ${what} and discard their future events?`
      : `Delete ${what} with their events?`;
    if (window.confirm(question)) actions.remove(selected, discard);
  };
  const confirmMerge = () => {
    if (window.confirm(`Are you sure you want to merge these ${selected.length} issues?`))
      actions.merge(selected);
  };
  return (
    <div className="bulk-actions" role="toolbar" aria-label="Bulk actions">
      <ResolveControl
        projectId={projectId}
        disabled={none}
        onResolve={(update) => actions.setStatus(selected, update)}
      />
      {!none && <IgnoreMenu onPick={(update) => actions.setStatus(selected, update)} />}
      {none && (
        <button type="button" disabled>
          Ignore ▾
        </button>
      )}
      <button
        type="button"
        disabled={none || allUnresolved}
        onClick={() => actions.setStatus(selected, { status: 'unresolved' })}
      >
        Unresolve
      </button>
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
