/**
 * "Grouping info" of an event: the variants, their component trees and which one contributes,
 * recomputed from the stored event with the config that grouped it (nothing extra is stored).
 */
import { FaultlineError } from '../../../../src-shared/errors.ts';
import type { EventGroupingInfo } from '../../../../src-shared/issues-api.ts';
import { computeGrouping, type EventData } from '../../grouping/index.ts';
import { groupingPolicyFor } from '../../pipeline/project-options.ts';
import { Nodestore } from '../../store/nodestore.ts';
import type { SqliteDb } from '../../store/sqlite.ts';

function configOf(db: SqliteDb, projectId: number, eventId: string): string {
  const row = db
    .prepare<[number, string], { config: string | null }>(
      `SELECT h.config FROM events e JOIN group_hashes h ON h.project_id = e.project_id AND h.hash = e.primary_hash
       WHERE e.project_id = ? AND e.event_id = ?`,
    )
    .get(projectId, eventId);
  return row?.config ?? groupingPolicyFor(db, projectId).config;
}

export function eventGroupingInfo(db: SqliteDb, projectId: number, rawEventId: string): EventGroupingInfo {
  const eventId = rawEventId.replaceAll('-', '').toLowerCase();
  const event = new Nodestore(db).get(projectId, eventId);
  if (!event) throw new FaultlineError('not_found', `event ${rawEventId} does not exist`);
  const info = computeGrouping(structuredClone(event) as EventData, {
    config: configOf(db, projectId, eventId),
  });
  const owner = db.prepare<[number, string], { group_id: number | null }>(
    'SELECT group_id FROM group_hashes WHERE project_id = ? AND hash = ?',
  );
  return {
    config: info.config,
    hashes: info.hashes,
    contributingVariant: info.contributingVariant,
    variants: JSON.parse(JSON.stringify(info.variants)) as EventGroupingInfo['variants'],
    hashGroups: info.hashes.map((hash) => ({ hash, groupId: owner.get(projectId, hash)?.group_id ?? null })),
  };
}
