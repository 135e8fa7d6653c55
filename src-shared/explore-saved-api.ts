/**
 * Explore's saved queries in the API contract, as Sentry's `ExploreSavedQuery` is served by
 * `/organizations/{org}/explore/saved/`: the same JSON both ways. A save takes Sentry's request body
 * as it is (`name`, `dataset`, `projects`, `range`, `query: [{mode, fields, orderby, groupby, query,
 * visualize …}]`) and the core checks it as Sentry's serializer does (and its search with the spans
 * search's parser), so the RPC and the web API refuse the same bodies with the same words.
 */
import { z } from 'zod';

/** The datasets of Sentry's `ExploreSavedQueryDataset` that Faultline answers. */
export const EXPLORE_SAVED_DATASETS = ['spans', 'logs'] as const;
export type ExploreSavedDataset = (typeof EXPLORE_SAVED_DATASETS)[number];

/** Sentry's `sortBy` values for this list (each may be `-`prefixed); any other adds no order. */
export const EXPLORE_SAVED_SORTS = [
  'name',
  'dateAdded',
  'dateUpdated',
  'mostPopular',
  'recentlyViewed',
  'myqueries',
  'mostStarred',
  'starred',
] as const;

export const exploreSavedParams = {
  /** Sentry's list: `query` (a name, or `name:` tokens), `sortBy` (several), `starred` (only the starred, by position). */
  list: z
    .object({
      query: z.string().max(500).optional(),
      sortBy: z.array(z.string().max(50)).max(10).optional(),
      starred: z.boolean().optional(),
    })
    .strict(),
  get: z.object({ id: z.number().int().positive() }).strict(),
  /** A new query without `id`, else that query replaced (Sentry's POST and PUT); `body` is Sentry's. */
  save: z
    .object({ id: z.number().int().positive().optional(), body: z.record(z.string(), z.unknown()) })
    .strict(),
  delete: z.object({ id: z.number().int().positive() }).strict(),
  /** Sentry's `starred/` body: `{starred, position?}`. */
  star: z.object({ id: z.number().int().positive(), body: z.record(z.string(), z.unknown()) }).strict(),
};

/** Sentry's chart types of a visualize (its `ChartType`): bar, line, area. */
export const CHART_TYPES = { bar: 0, line: 1, area: 2 } as const;

export interface ExploreVisualize {
  chartType?: number;
  yAxes: string[];
}

/** One query of a saved query (Sentry keeps a list; its page writes one). */
export interface ExploreSavedQueryItem {
  mode: 'samples' | 'aggregate';
  fields?: string[] | null;
  orderby?: string | null;
  groupby?: string[] | null;
  query?: string | null;
  visualize?: ExploreVisualize[] | null;
  aggregateField?: Record<string, unknown>[] | null;
  aggregateOrderby?: string | null;
  caseInsensitive?: boolean;
}

/** Sentry's saved-query JSON (`ExploreSavedQueryModelSerializer`); the query's keys only when set. */
export interface ExploreSavedQuery {
  id: string;
  name: string;
  /** Project ids; `[-1]` for "All projects" (Sentry's `ALL_ACCESS_PROJECTS`). */
  projects: number[];
  dataset: ExploreSavedDataset;
  expired: boolean;
  dateAdded: string;
  dateUpdated: string;
  lastVisited: null;
  /** Sentry's creating user: Faultline has none. */
  createdBy: null;
  starred: boolean;
  /** Its place among the starred, from 1; null when not starred. */
  position: number | null;
  isPrebuilt: false;
  changedReason: null;
  environment?: string[];
  query: ExploreSavedQueryItem[];
  range?: string;
  start?: string;
  end?: string;
  interval?: string;
}
