/** A `groups` row as the issue pages show it (Sentry's `GroupSerializer`, the parts we have). */

import type { IssueStatus, IssueSubstatus, IssueSummary } from '../../../../src-shared/issues-api.ts';
import { groupTypeOf } from '../../../../src-shared/performance-issues.ts';
import { priorityName } from '../priority.ts';
import { formatShortId } from '../short-id.ts';
import { GroupStatus, GroupSubStatus, levelName } from '../types.ts';

export interface GroupRow {
  id: number;
  project_id: number;
  project_slug: string;
  short_id: number;
  status: number;
  substatus: number | null;
  level: number;
  type: string;
  type_id: number;
  title: string;
  culprit: string;
  metadata: string;
  platform: string | null;
  logger: string | null;
  first_release: string | null;
  last_release: string | null;
  first_seen: number;
  last_seen: number;
  times_seen: number;
  users_seen: number;
  priority: number | null;
  priority_locked_at: number | null;
  bookmarked_at: number | null;
}

/** The columns of GroupRow, for `SELECT ${GROUP_COLUMNS} FROM groups g JOIN projects p …`. */
export const GROUP_COLUMNS = `g.id, g.project_id, p.slug AS project_slug, g.short_id, g.status, g.substatus, g.level,
  g.type, g.type_id, g.title, g.culprit, g.metadata, g.platform, g.logger, g.first_release, g.last_release, g.first_seen,
  g.last_seen, g.times_seen, g.users_seen, g.priority, g.priority_locked_at, g.bookmarked_at`;

export function statusName(status: number): IssueStatus {
  if (status === GroupStatus.RESOLVED) return 'resolved';
  if (status === GroupStatus.IGNORED) return 'ignored';
  return 'unresolved';
}

const SUBSTATUS_NAMES: Record<number, IssueSubstatus> = {
  [GroupSubStatus.UNTIL_ESCALATING]: 'archived_until_escalating',
  [GroupSubStatus.ESCALATING]: 'escalating',
  [GroupSubStatus.ONGOING]: 'ongoing',
  [GroupSubStatus.UNTIL_CONDITION_MET]: 'archived_until_condition_met',
  [GroupSubStatus.FOREVER]: 'archived_forever',
  [GroupSubStatus.REGRESSED]: 'regressed',
  [GroupSubStatus.NEW]: 'new',
};

export function substatusName(substatus: number | null): IssueSubstatus {
  return substatus === null ? null : (SUBSTATUS_NAMES[substatus] ?? null);
}

/** The stored metadata whole (Sentry's API gives all of it), with the four keys read only as strings. */
function metadataOf(text: string): IssueSummary['metadata'] {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    const out: IssueSummary['metadata'] = { ...(parsed as Record<string, unknown>) };
    for (const key of ['type', 'value', 'filename', 'function'] as const) {
      if (out[key] !== undefined && typeof out[key] !== 'string') delete out[key];
    }
    return out;
  } catch {
    return {};
  }
}

export function toSummary(row: GroupRow, stats: number[]): IssueSummary {
  return {
    id: row.id,
    projectId: row.project_id,
    projectSlug: row.project_slug,
    shortId: formatShortId(row.project_slug, row.short_id),
    title: row.title,
    culprit: row.culprit,
    level: levelName(row.level),
    status: statusName(row.status),
    substatus: substatusName(row.substatus),
    type: row.type,
    issueType: groupTypeOf(row.type_id).slug,
    issueCategory: groupTypeOf(row.type_id).category,
    platform: row.platform,
    logger: row.logger,
    metadata: metadataOf(row.metadata),
    firstSeen: new Date(row.first_seen).toISOString(),
    lastSeen: new Date(row.last_seen).toISOString(),
    count: row.times_seen,
    userCount: row.users_seen,
    priority: priorityName(row.priority, row.level),
    priorityLockedAt: row.priority_locked_at === null ? null : new Date(row.priority_locked_at).toISOString(),
    isBookmarked: row.bookmarked_at !== null,
    stats,
  };
}
