/** Sentry's group model: status, substatus and level numbers as `sentry.models.group` has them. */

export const GroupStatus = {
  UNRESOLVED: 0,
  RESOLVED: 1,
  IGNORED: 2,
  PENDING_DELETION: 3,
  DELETION_IN_PROGRESS: 4,
  PENDING_MERGE: 5,
  REPROCESSING: 6,
} as const;
export type GroupStatusValue = (typeof GroupStatus)[keyof typeof GroupStatus];

export const GroupSubStatus = {
  UNTIL_ESCALATING: 1,
  ESCALATING: 2,
  ONGOING: 3,
  UNTIL_CONDITION_MET: 4,
  FOREVER: 5,
  REGRESSED: 6,
  NEW: 7,
} as const;
export type GroupSubStatusValue = (typeof GroupSubStatus)[keyof typeof GroupSubStatus];

export const LEVELS = { fatal: 50, error: 40, warning: 30, info: 20, debug: 10, sample: 0 } as const;
export type LevelName = keyof typeof LEVELS;

export function levelNumber(level: string | undefined): number {
  return LEVELS[(level ?? 'error') as LevelName] ?? LEVELS.error;
}

export function levelName(value: number): LevelName {
  const found = (Object.entries(LEVELS) as [LevelName, number][]).find(([, number]) => number === value);
  return found?.[0] ?? 'error';
}

/** Substatus NEW and REGRESSED become ONGOING after this long (Sentry's periodic task). */
export const SUBSTATUS_AGE_MS = 7 * 24 * 3600 * 1000;

/** What the pipeline knows of an event when it assigns and counts it. */
export interface GroupSeed {
  type: string;
  title: string;
  culprit: string;
  message: string;
  metadata: Record<string, unknown>;
  level: number;
  platform: string | null;
  release: string | null;
  /** The event's logger, null for none: a new issue keeps it (Sentry's `Group.logger`). */
  logger: string | null;
  /** Sentry's group type id of a new issue (`groups.type_id`); an error (1) when unset. */
  typeId?: number;
}

export interface EventOccurrence extends GroupSeed {
  eventId: string;
  timestamp: number;
  received: number;
  primaryHash: string | null;
  /** Sentry's user identity (`sentry:user`: id, else username, email or IP): what "users seen" counts. */
  userKey: string | null;
  isSample: boolean;
  /** The event's environment (cut to Sentry's 64 characters), null for none; unset where no event was read. */
  environment?: string | null;
}
