/**
 * An issue's tag details (`issues.tagValues`), as Sentry's tag details page reads them from
 * `group_tagkey_values`: every value of one key on the events, with its count and the first
 * and last time it was seen, a page at a time.
 */
import { z } from 'zod';
import { environmentNames } from './issues-api.ts';

/** Sentry's sorts of tag values: `count` (times seen), `date` (last seen), `age` (first seen), each descending. */
export const TAG_VALUE_SORTS = ['count', 'date', 'age'] as const;
export type TagValueSort = (typeof TAG_VALUE_SORTS)[number];

export interface TagValueRow {
  value: string;
  /** Events of the issue with this value (Sentry's `times_seen`). */
  count: number;
  firstSeen: string;
  lastSeen: string;
}

export interface TagValuePage {
  /** The key as Sentry shows it (`release`, not `sentry:release`). */
  key: string;
  /** Events of the issue carrying the key: the whole of a value's percentage. */
  totalValues: number;
  /** Distinct values: what paging goes through. */
  uniqueValues: number;
  values: TagValueRow[];
  offset: number;
}

export const tagValuesParams = z
  .object({
    groupId: z.number().int().positive(),
    key: z.string().min(1).max(200),
    sort: z.enum(TAG_VALUE_SORTS).default('count'),
    offset: z.number().int().nonnegative().default(0),
    /** Sentry pages tag values by 100 and serves at most 1,000 a page. */
    limit: z.number().int().min(1).max(1000).default(100),
    /** The environment page filter: only those environments' events are counted (all when empty). */
    environments: environmentNames,
  })
  .strict();
