/**
 * Reads of the event index for the issue pages, run in the pipeline worker (which owns DuckDB):
 * which issues / events match a search's tag filters, the page's matching events per bucket, which
 * are unhandled, an issue's tag distributions and the values of one of its tag keys, and its event
 * navigation and replays within the page's filter.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import type { TagDistribution } from '../../../src-shared/issues-api.ts';
import { TAG_VALUE_SORTS } from '../../../src-shared/tag-values-api.ts';
import { command, readOnlyCommands, type WorkerCommand } from '../pipeline/command.ts';
import { replayIdsArgsSchema, replayIdsQuery } from '../replays/issue-replays.ts';
import type { EventIndex } from '../store/duckdb/open_event_index.ts';
import { type IndexNavigation, navigationArgsSchema, navigationQuery } from './queries/event-navigation.ts';
import { type FilteredCount, filteredSeriesQuery } from './queries/filtered-series.ts';
import {
  eventFilterSchema,
  eventSpanSchema,
  indexWhere,
  type MatchingGroup,
} from './queries/index-conditions.ts';
import { matchGroupsQuery } from './queries/match-groups.ts';
import { tagDistribution } from './queries/tag-distribution.ts';
import { tagValues } from './queries/tag-values.ts';
import { unhandledQuery } from './queries/unhandled.ts';

const projectId = z.number().int().positive();
const groupId = z.number().int().positive();
/** The span of the group's events (see `indexWhere`); null reads all of the project's. */
const span = eventSpanSchema.nullable().default(null);
/** The page's time filter: `[since, until)` in ms, `until` null up to now. */
const timeSchema = z.object({ since: z.number(), until: z.number().nullable() });
const hexId = z.string().regex(/^[0-9a-f]{32}$/);
/** An event search inside one issue never needs more matches than a person pages through. */
const MAX_EVENT_MATCHES = 10_000;

async function withReader<T>(index: EventIndex, work: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const conn = await index.connect();
  try {
    return await work(conn);
  } finally {
    conn.closeSync();
  }
}

export const ISSUE_QUERY_COMMANDS: Record<string, WorkerCommand> = readOnlyCommands({
  /** The groups a search's event filters and date window match, with their counts (match-groups.ts). */
  'issues.matchGroups': command(
    z.object({
      projectId,
      since: z.number().nullable(),
      until: z.number().nullable().default(null),
      window: z.object({ start: z.number(), end: z.number().nullable() }).nullable().default(null),
      filters: z.array(eventFilterSchema),
      group: z.object({ id: groupId, span: eventSpanSchema.nullable() }).optional(),
    }),
    ({ index }, args): Promise<{ groups: MatchingGroup[] }> =>
      withReader(index, async (conn) => {
        const query = matchGroupsQuery(args);
        const reader = await conn.runAndReadAll(query.sql, query.params);
        return {
          groups: reader
            .getRowsJS()
            .map(([id, events, users, windowEvents, windowUsers, firstSeen, lastSeen]) => ({
              id: Number(id),
              events: Number(events),
              users: Number(users),
              windowEvents: Number(windowEvents),
              windowUsers: Number(windowUsers),
              firstSeen: Number(firstSeen),
              lastSeen: Number(lastSeen),
            })),
        };
      }),
  ),

  /** The page's events that match the event filters, per bucket of its graphs (filtered-series.ts). */
  'issues.filteredSeries': command(
    z.object({
      projectId,
      groupIds: z.array(groupId).min(1).max(1000),
      buckets: z.object({
        start: z.number().int(),
        bucketMs: z.number().int().positive(),
        count: z.number().int().positive(),
      }),
      filters: z.array(eventFilterSchema),
      window: z.object({ start: z.number(), end: z.number().nullable() }).optional(),
    }),
    ({ index }, args): Promise<{ counts: FilteredCount[] }> =>
      withReader(index, async (conn) => {
        const query = filteredSeriesQuery(args);
        const reader = await conn.runAndReadAll(query.sql, query.params);
        return {
          counts: reader
            .getRowsJS()
            .map(([id, bucket, events]): FilteredCount => [Number(id), Number(bucket), Number(events)]),
        };
      }),
  ),

  /** The issue's events that match the filters, newest first; among `eventIds` only when given. */
  'issues.matchEvents': command(
    z.object({
      projectId,
      groupId,
      span,
      filters: z.array(eventFilterSchema),
      eventIds: z.array(hexId).max(MAX_EVENT_MATCHES).optional(),
    }),
    ({ index }, args) =>
      withReader(index, async (conn) => {
        const where = indexWhere(args.projectId, null, args.filters, { id: args.groupId, span: args.span });
        const among = args.eventIds
          ? ` AND event_id IN (SELECT unnest(string_split($among, ','))::UUID)`
          : '';
        const reader = await conn.runAndReadAll(
          `SELECT replace(event_id::VARCHAR, '-', '') FROM errors WHERE ${where.sql}${among}
           ORDER BY "timestamp" DESC LIMIT ${MAX_EVENT_MATCHES}`,
          args.eventIds ? { ...where.params, among: args.eventIds.join(',') } : where.params,
        );
        return { eventIds: reader.getRowsJS().map(([id]) => String(id)) };
      }),
  ),

  /** The issue's latest, oldest (and recommended) event in the page's filter, and an event's neighbours there (event-navigation.ts). */
  'issues.eventNavigation': command(
    navigationArgsSchema,
    ({ index }, args): Promise<IndexNavigation> =>
      withReader(index, async (conn) => {
        const query = navigationQuery(args);
        const [row = []] = (await conn.runAndReadAll(query.sql, query.params)).getRowsJS();
        const id = (value: unknown) => (value === null || value === undefined ? null : String(value));
        const candidates = Array.isArray(row[4])
          ? row[4].map((entry) => {
              const { id: eventId, replay } = entry as { id: unknown; replay: unknown };
              return { eventId: String(eventId), replayId: id(replay) };
            })
          : null;
        return {
          latest: id(row[0]),
          oldest: id(row[1]),
          previous: id(row[2]),
          next: id(row[3]),
          candidates,
        };
      }),
  ),

  /** The replays the issue's events in the page's filter belong to, newest first (replays/issue-replays.ts). */
  'issues.replayIds': command(
    replayIdsArgsSchema,
    ({ index }, args): Promise<{ replayIds: string[] }> =>
      withReader(index, async (conn) => {
        const query = replayIdsQuery(args);
        const reader = await conn.runAndReadAll(query.sql, query.params);
        return { replayIds: reader.getRowsJS().map(([id]) => String(id)) };
      }),
  ),

  'issues.unhandled': command(
    z.object({ projectId, groupIds: z.array(groupId).max(1000), since: z.number() }),
    ({ index }, args) =>
      withReader(index, async (conn) => {
        if (args.groupIds.length === 0) return { unhandled: [] };
        const query = unhandledQuery(args.projectId, args.groupIds, args.since);
        const reader = await conn.runAndReadAll(query.sql, query.params);
        return {
          unhandled: reader
            .getRowsJS()
            .filter(([, isUnhandled]) => isUnhandled === true)
            .map(([id]) => Number(id)),
        };
      }),
  ),

  'issues.tags': command(
    z.object({
      projectId,
      groupId,
      span,
      limit: z.number().int().min(1).max(100),
      filters: z.array(eventFilterSchema).default([]),
      time: timeSchema.optional(),
    }),
    ({ index }, args): Promise<TagDistribution[]> =>
      withReader(index, (conn) => tagDistribution(index, conn, args)),
  ),

  'issues.tagValues': command(
    z.object({
      projectId,
      groupId,
      span,
      key: z.string().min(1),
      sort: z.enum(TAG_VALUE_SORTS),
      offset: z.number().int().nonnegative(),
      limit: z.number().int().min(1).max(1000),
      filters: z.array(eventFilterSchema).default([]),
    }),
    ({ index }, args) => withReader(index, (conn) => tagValues(conn, args)),
  ),
});
