/**
 * The error events of a trace, read from the event index (`errors.trace_id`) in the pipeline worker,
 * which owns DuckDB. Only the window's blocks are read: the table is in arrival order, so DuckDB's
 * zone maps on `timestamp` skip the rest, and the trace id (a UUID, 16 bytes) is compared there.
 */
import { z } from 'zod';
import { command, readOnlyCommands, type WorkerCommand } from '../pipeline/command.ts';

/** One row as the worker answers it: the main thread adds issue, project and exact time from SQLite. */
export interface IndexedTraceError {
  projectId: number;
  eventId: string;
  title: string;
  level: string;
  spanId: string | null;
  transaction: string | null;
}

const hex32 = z.string().regex(/^[0-9a-f]{32}$/);

/** The window's time bounds as constants DuckDB prunes blocks by (see snql/execute.ts). */
function timeBetween(start: number, end: number): string {
  return `"timestamp" BETWEEN epoch_ms(${Math.floor(start)}::BIGINT) AND epoch_ms(${Math.ceil(end)}::BIGINT)`;
}

export const TRACE_COMMANDS: Record<string, WorkerCommand> = readOnlyCommands({
  'traces.errors': command(
    z.object({
      traceId: hex32,
      start: z.number().int(),
      end: z.number().int(),
      limit: z.number().int().min(1),
    }),
    async ({ index }, args): Promise<{ errors: IndexedTraceError[] }> => {
      const conn = await index.connect();
      try {
        // Constants, not parameters: DuckDB prunes blocks only by values it knows when planning
        // (see snql/execute.ts). The trace id is checked hex, the times integers.
        const reader = await conn.runAndReadAll(
          `SELECT project_id, replace(event_id::VARCHAR, '-', ''), title, level,
                  CASE WHEN span_id IS NULL THEN NULL ELSE printf('%016x', span_id) END,
                  nullif(transaction_name, '')
           FROM errors
           WHERE trace_id = '${args.traceId}'::UUID AND deleted = 0
             AND ${timeBetween(args.start, args.end)}
           ORDER BY "timestamp", event_id LIMIT ${args.limit}`,
        );
        return {
          errors: reader.getRowsJS().map(([projectId, eventId, title, level, spanId, transaction]) => ({
            projectId: Number(projectId),
            eventId: String(eventId),
            title: String(title),
            level: level == null ? 'error' : String(level),
            spanId: spanId == null ? null : String(spanId),
            transaction: transaction == null ? null : String(transaction),
          })),
        };
      } finally {
        conn.closeSync();
      }
    },
  ),
  /**
   * The error events of each of some traces (the Traces page's rows), in one statement for a page:
   * trace ids and time bounds written in as constants, as above.
   */
  'traces.errorCounts': command(
    z.object({
      traceIds: z.array(hex32).min(1).max(500),
      start: z.number().int(),
      end: z.number().int(),
    }),
    async ({ index }, args): Promise<{ counts: Record<string, number> }> => {
      const conn = await index.connect();
      try {
        const ids = args.traceIds.map((id) => `'${id}'::UUID`).join(', ');
        const reader = await conn.runAndReadAll(
          `SELECT replace(trace_id::VARCHAR, '-', ''), count(*)
           FROM errors
           WHERE trace_id IN (${ids}) AND deleted = 0 AND ${timeBetween(args.start, args.end)}
           GROUP BY trace_id`,
        );
        const counts: Record<string, number> = {};
        for (const [traceId, count] of reader.getRowsJS()) counts[String(traceId)] = Number(count);
        return { counts };
      } finally {
        conn.closeSync();
      }
    },
  ),
});
