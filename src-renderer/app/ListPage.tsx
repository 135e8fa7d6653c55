/**
 * The scaffold the list pages share (Requests, Queries, Performance, Traces, Crons, Profiles): the
 * title over the project picker and the page's search, and the states of the page's one list read —
 * its error, the page's own empty note or "no match" for a search, the table (busy while the rows of
 * the read before stay on screen), and the note that older items were not read.
 */
import type { ReactNode } from 'react';
import type { FaultlineError } from '../../src-shared/errors.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { listState } from './list-state.ts';
import { PageSearch } from './PageSearch.tsx';
import { ProjectPicker } from './ProjectPicker.tsx';

/** `children`: the toolbar's other controls, after the search (a period picker). */
export function ListHeader({
  title,
  projectId,
  onProject,
  search,
  children,
}: {
  title: string;
  projectId: number;
  onProject: (project: number) => void;
  search?: { label: string; placeholder: string; value: string; onSubmit: (query: string) => void };
  children?: ReactNode;
}) {
  return (
    <>
      <h1>{title}</h1>
      <div className="issues-toolbar">
        <ProjectPicker value={projectId} onChange={onProject} />
        {search && <PageSearch className="traces-search" {...search} />}
        {children}
      </div>
    </>
  );
}

/** The fields of a react-query result the scaffold reads. */
export interface ListRead {
  error: FaultlineError | Error | null;
  data: { partial?: boolean } | undefined;
  isPlaceholderData: boolean;
}

export function ListTable<Row>({
  read,
  rows,
  searched = false,
  empty,
  noMatch,
  className,
  label,
  testId,
  head,
  row,
  partial,
}: {
  read: ListRead;
  rows: readonly Row[];
  /** Whether nothing found means "no match" rather than the page's empty note. */
  searched?: boolean;
  empty: ReactNode;
  /** The words for a search that found nothing. */
  noMatch?: string;
  className: string;
  label: string;
  testId: string;
  /** The header row's cells. */
  head: ReactNode;
  row: (row: Row) => ReactNode;
  /** The note shown when the read stopped at its bound. */
  partial?: { testId: string; text: ReactNode };
}) {
  const state = listState(read.data !== undefined, rows.length, searched);
  return (
    <>
      {read.error && <ErrorNote error={read.error} />}
      {state === 'empty' && empty}
      {state === 'no-match' && <p className="empty">{noMatch}</p>}
      {state === 'rows' && (
        // The rows of the read before stay on screen while this one's load: busy until they come.
        <table
          className={className}
          aria-label={label}
          data-testid={testId}
          aria-busy={read.isPlaceholderData}
        >
          <thead>
            <tr>{head}</tr>
          </thead>
          <tbody>{rows.map(row)}</tbody>
        </table>
      )}
      {partial && read.data?.partial && (
        <p className="muted" data-testid={partial.testId}>
          {partial.text}
        </p>
      )}
    </>
  );
}
