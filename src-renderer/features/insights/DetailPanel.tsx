/**
 * The frame of an Insights panel that opens under its page's table (an asset, a domain, a destination,
 * a transaction's cache reads): its title, the read's error, a note while it loads, `none` when the
 * period holds nothing of it (no summary), the panel's own parts, and the note that older items were
 * not read.
 */
import type { ReactNode } from 'react';
import type { FaultlineError } from '../../../src-shared/errors.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';

/** The fields of a panel's react-query result the frame reads. */
export interface DetailRead {
  error: FaultlineError | Error | null;
  data: { summary: unknown; partial: boolean } | undefined;
}

export function DetailPanel({
  label,
  title,
  read,
  loading,
  none,
  older,
  children,
}: {
  label: string;
  title: string;
  read: DetailRead;
  /** The note while the first read runs. */
  loading: string;
  /** The note when the period holds nothing of it. */
  none: string;
  /** What was not counted when the read stopped at its bound ("Older loads"). */
  older: string;
  children: ReactNode;
}) {
  return (
    <section className="card query-samples" aria-label={label}>
      <h2>{title}</h2>
      {read.error && <ErrorNote error={read.error} />}
      {!read.data && !read.error && <p className="muted">{loading}</p>}
      {read.data && read.data.summary === null && <p className="empty">{none}</p>}
      {children}
      {read.data?.partial && (
        <p className="muted">{`${older} not counted (the page reads the newest transactions and span items).`}</p>
      )}
    </section>
  );
}
