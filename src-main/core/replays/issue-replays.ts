/**
 * The replays of one issue, as Sentry's issue details Replays tab lists them: the replay ids its
 * events carry (`contexts.replay.replay_id` or the `replayId` tag, the event index's `replay_id`),
 * of the page's environments and time, newest by their events first — those Faultline has a
 * `replay_event` of (found along `item_store_associated`), each consolidated as the Replays page
 * shows it. Only the replays' own `replay_event` items are read; no event payload is.
 */
import { z } from 'zod';
import { type IssueReplayList, MAX_ISSUE_REPLAYS } from '../../../src-shared/replays-api.ts';
import type { IssueEventScope } from '../issues/queries/event-scope.ts';
import { eventFilterSchema, eventSpanSchema, indexWhere } from '../issues/queries/index-conditions.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { readReplay } from './read.ts';

export const replayIdsArgsSchema = z.object({
  projectId: z.number().int().positive(),
  groupId: z.number().int().positive(),
  span: eventSpanSchema.nullable(),
  filters: z.array(eventFilterSchema),
  time: z.object({ since: z.number(), until: z.number().nullable() }).nullable(),
});
export type ReplayIdsArgs = z.infer<typeof replayIdsArgsSchema>;

/** The distinct replay ids of the issue's events in the scope, by their latest event, newest first. */
export function replayIdsQuery(args: ReplayIdsArgs): {
  sql: string;
  params: Record<string, string | number>;
} {
  const where = indexWhere(args.projectId, null, args.filters, { id: args.groupId, span: args.span });
  const params: Record<string, string | number> = { ...where.params };
  const time = 'coalesce(timestamp_ms, "timestamp")';
  const bounds: string[] = ['replay_id IS NOT NULL'];
  if (args.time) {
    params.since = args.time.since;
    bounds.push(`${time} >= epoch_ms($since::BIGINT)`);
    if (args.time.until !== null) {
      params.until = args.time.until;
      bounds.push(`${time} < epoch_ms($until::BIGINT)`);
    }
  }
  return {
    sql: `SELECT replace(replay_id::VARCHAR, '-', '') AS id FROM errors
      WHERE ${[where.sql, ...bounds].join(' AND ')}
      GROUP BY replay_id ORDER BY max(${time}) DESC, id LIMIT ${MAX_ISSUE_REPLAYS}`,
    params,
  };
}

export type ReplayIdsLookup = (args: ReplayIdsArgs) => Promise<{ replayIds: string[] }>;

/** The issue's replays in the scope: how many Faultline has, and the first `limit` of them in full. */
export async function issueReplays(
  db: SqliteDb,
  lookup: ReplayIdsLookup,
  group: { projectId: number; groupId: number; span: ReplayIdsArgs['span'] },
  scope: IssueEventScope | null,
  limit: number,
): Promise<IssueReplayList> {
  const { replayIds } = await lookup({ ...group, filters: scope?.filters ?? [], time: scope?.time ?? null });
  const stored = stmt<[string, number], { found: number }>(
    db,
    `SELECT 1 AS found FROM item_store
     WHERE associated_event_id = ? AND project_id = ? AND type = 'replay_event' LIMIT 1`,
  );
  const kept = replayIds.filter((id) => stored.get(id, group.projectId) !== undefined);
  const replays = kept
    .slice(0, limit)
    .map((id) => readReplay(db, group.projectId, id))
    .filter((replay) => replay !== undefined)
    // Newest first, as the Replays page lists them.
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || a.id.localeCompare(b.id));
  return { replays, total: kept.length };
}
