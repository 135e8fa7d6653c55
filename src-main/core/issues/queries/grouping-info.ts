/**
 * "Grouping info" of an event: the variants, their component trees and which one contributes,
 * recomputed from the stored event with the config that grouped it and the project's grouping
 * rules (nothing extra is stored). After a change of the rules it shows how they group the event.
 */
import { FaultlineError } from '../../../../src-shared/errors.ts';
import type { EventGroupingInfo } from '../../../../src-shared/issues-api.ts';
import { isObject } from '../../grouping/event-data.ts';
import { computeGrouping, type EventData, type GroupingVariantInfo } from '../../grouping/index.ts';
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

/**
 * A copy of the stored event with the fingerprint its SDK sent: a server rule replaced it in the
 * stored event and kept it in `_fingerprint_info` (absent: the default), and the rules apply to it again.
 */
function asSent(stored: EventData): EventData {
  const event = structuredClone(stored);
  const info = event._fingerprint_info;
  if (isObject(info) && info.matched_rule !== undefined) {
    event.fingerprint = Array.isArray(info.client_fingerprint) ? info.client_fingerprint : ['{{ default }}'];
  }
  delete event._fingerprint_info;
  return event;
}

function variantViews(variants: Record<string, GroupingVariantInfo>): EventGroupingInfo['variants'] {
  const views: EventGroupingInfo['variants'] = {};
  for (const [name, { fingerprintInfo, ...variant }] of Object.entries(variants)) {
    const rule = fingerprintInfo?.matched_rule;
    views[name] = {
      ...(JSON.parse(JSON.stringify(variant)) as EventGroupingInfo['variants'][string]),
      ...(rule ? { matchedRule: { text: rule.text, isBuiltin: rule.is_builtin === true } } : {}),
    };
  }
  return views;
}

export function eventGroupingInfo(db: SqliteDb, projectId: number, rawEventId: string): EventGroupingInfo {
  const eventId = rawEventId.replaceAll('-', '').toLowerCase();
  const event = new Nodestore(db).get(projectId, eventId);
  if (!event) throw new FaultlineError('not_found', `event ${rawEventId} does not exist`);
  // A performance issue's occurrence is grouped by its detector's fingerprint, not by grouping variants.
  if ((event as { occurrence?: unknown }).occurrence !== undefined)
    throw new FaultlineError(
      'invalid_params',
      `event ${rawEventId} is a performance issue's occurrence, grouped by its fingerprint: it has no grouping variants`,
    );
  const { fingerprintingRules, enhancements } = groupingPolicyFor(db, projectId);
  const info = computeGrouping(asSent(event as EventData), {
    config: configOf(db, projectId, eventId),
    fingerprintingRules,
    enhancements,
  });
  const owner = db.prepare<[number, string], { group_id: number | null }>(
    'SELECT group_id FROM group_hashes WHERE project_id = ? AND hash = ?',
  );
  return {
    config: info.config,
    hashes: info.hashes,
    contributingVariant: info.contributingVariant,
    variants: variantViews(info.variants),
    hashGroups: info.hashes.map((hash) => ({ hash, groupId: owner.get(projectId, hash)?.group_id ?? null })),
  };
}
