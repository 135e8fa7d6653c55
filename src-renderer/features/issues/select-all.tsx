/**
 * Sentry's "select all that match": once every loaded row is selected and the search finds more,
 * a notice offers all of them (up to Sentry's bulk limit of 1,000); the bulk actions then apply to
 * those, and each asks first with Sentry's words.
 */
import { useState } from 'react';
import { useTransport } from '../../api/transport.tsx';
import type { IssueListFilter } from './queries.ts';

export const BULK_LIMIT = 1000;

/** The issues the search matches, up to the bulk limit, once asked for; null until then. */
export function useAllInQuery(filter: IssueListFilter) {
  const transport = useTransport();
  const [ids, setIds] = useState<number[] | null>(null);
  const [pending, setPending] = useState(false);
  const select = async () => {
    setPending(true);
    try {
      const list = await transport.call('issues.list', { ...filter, offset: 0, limit: BULK_LIMIT });
      setIds(list.issues.map((issue) => issue.id));
    } finally {
      setPending(false);
    }
  };
  return { ids, pending, select, clear: () => setIds(null) };
}

/** What a bulk action asks before it runs (Sentry's `getConfirm`). */
export function confirmQuestion(
  action: string,
  selected: number,
  inQuery: { total: number } | null,
  canBeUndone: boolean,
): string {
  const question = inQuery
    ? inQuery.total > BULK_LIMIT
      ? `Are you sure you want to ${action} the first ${BULK_LIMIT.toLocaleString('en-US')} issues that match the search?`
      : `Are you sure you want to ${action} all ${inQuery.total} issues that match the search?`
    : `Are you sure you want to ${action} ${selected === 1 ? 'this 1 issue' : `these ${selected} issues`}?`;
  return canBeUndone ? question : `${question}\nThis action cannot be undone.`;
}

export function SelectAllNotice({
  onPage,
  total,
  selectedAll,
  pending,
  onSelectAll,
}: {
  onPage: number;
  total: number;
  selectedAll: boolean;
  pending: boolean;
  onSelectAll: () => void;
}) {
  const all = total > BULK_LIMIT ? `the first ${BULK_LIMIT.toLocaleString('en-US')}` : `all ${total}`;
  return (
    <p className="select-all-notice" data-testid="select-all-notice">
      {selectedAll ? (
        <strong>
          {total > BULK_LIMIT
            ? `Selected up to the first ${BULK_LIMIT.toLocaleString('en-US')} issues that match this search query.`
            : `Selected all ${total} issues that match this search query.`}
        </strong>
      ) : (
        <>
          {onPage} issue{onPage === 1 ? '' : 's'} on this page selected.{' '}
          <button type="button" className="link-button" disabled={pending} onClick={onSelectAll}>
            {`Select ${all} issues that match this search query.`}
          </button>
        </>
      )}
    </p>
  );
}
