/**
 * The URL of a profile's flame graph: `#/profiles/<profile id>` or `#/profiles/profiler/<id>?start=…&end=…`;
 * and of a transaction's aggregate flame graph, the Profiles tab of its summary on the Performance page.
 */
import type { StatsPeriod } from '../../../src-shared/issues-api.ts';
import type { ProfileRef } from '../../../src-shared/profiles-api.ts';
import { hrefFor } from '../../app/router.ts';

const DAY = 86_400_000;
const PERIOD_DAYS: Array<[StatsPeriod, number]> = [
  ['24h', 1],
  ['7d', 7],
  ['14d', 14],
  ['30d', 30],
];

/** The aggregate of the transaction's profiles over the shortest period that holds one started at `timestamp`. */
export function aggregateHref(
  projectId: number,
  transaction: string,
  timestamp: string,
  now = Date.now(),
): string {
  const age = now - Date.parse(timestamp);
  const period = PERIOD_DAYS.find(([, days]) => age <= days * DAY)?.[0] ?? '90d';
  return hrefFor('performance', [], { project: String(projectId), transaction, tab: 'profiles', period });
}

export function profileHref(projectId: number, ref: ProfileRef): string {
  const project = String(projectId);
  return ref.kind === 'transaction'
    ? hrefFor('profiles', [ref.profileId], { project })
    : hrefFor('profiles', ['profiler', ref.profilerId], { project, start: ref.start, end: ref.end });
}
