/**
 * A project's newest database spans (`project-spans.ts` walks its items), of which those Sentry's
 * Queries module counts are kept, normalized.
 */
import type { SqliteDb } from '../store/sqlite.ts';
import type { SpanRecord } from '../traces/transactions.ts';
import { walkProjectSpans } from './project-spans.ts';
import { isQueryOp, normalizeQuery, queryGroup } from './sql-description.ts';

export interface DbSpan {
  span: SpanRecord & { op: string; name: string };
  normalized: string;
  group: string;
  traceId: string;
  /** Its transaction, across items: project, trace and the transaction's (segment's) span id. */
  transactionKey: string;
}

export interface DbSpans {
  spans: DbSpan[];
  /** Older items were left unread. */
  partial: boolean;
}

/** The database spans of the project's newest items, in no particular order. */
export function readDbSpans(db: SqliteDb, projectId: number): DbSpans {
  const into: DbSpan[] = [];
  const { partial } = walkProjectSpans(db, projectId, null, ({ traceId, spans }) => {
    for (const span of spans.children) {
      if (!isQueryOp(span.op) || span.name === null) continue;
      const normalized = normalizeQuery(span.op, span.name, span.dbSystem);
      if (normalized === null) continue;
      into.push({
        span: { ...span, op: span.op, name: span.name },
        normalized,
        group: queryGroup(normalized),
        traceId,
        transactionKey: `${span.projectId}:${traceId}:${span.segmentId ?? ''}`,
      });
    }
  });
  return { spans: into, partial };
}
