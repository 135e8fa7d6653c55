/**
 * Discover's saved queries in the API contract, as Sentry's `DiscoverSavedQuery` is served by
 * `/organizations/{org}/discover/saved/`: the same JSON both ways. A save takes Sentry's request body
 * as it is (`name`, `fields`, `orderby`, `query`, `projects`, `range` …) and the core checks it as
 * Sentry's serializer does, so the RPC and the web API refuse the same bodies with the same words.
 */
import { z } from 'zod';

/** Sentry's `DiscoverSavedQueryTypes` names; `discover` is Sentry's older mix of both. */
export const SAVED_QUERY_DATASETS = ['discover', 'error-events', 'transaction-like'] as const;
export type SavedQueryDataset = (typeof SAVED_QUERY_DATASETS)[number];

/** The sorts of Sentry's list (`sortBy`); any other sorts by name, as Sentry's does. */
export const SAVED_QUERY_SORTS = [
  'name',
  '-name',
  'dateCreated',
  '-dateCreated',
  'dateUpdated',
  '-dateUpdated',
  'myqueries',
] as const;

export const discoverSavedParams = {
  /** Sentry's list: `query` (a name, or `name:` / `version:` tokens) and `sortBy`; every match. */
  list: z.object({ query: z.string().max(500).optional(), sortBy: z.string().max(50).optional() }).strict(),
  get: z.object({ id: z.number().int().positive() }).strict(),
  /** A new query without `id`, else that query replaced (Sentry's POST and PUT); `body` is Sentry's. */
  save: z
    .object({ id: z.number().int().positive().optional(), body: z.record(z.string(), z.unknown()) })
    .strict(),
  delete: z.object({ id: z.number().int().positive() }).strict(),
};

/** Sentry's saved-query JSON (`DiscoverSavedQueryModelSerializer`); the query's keys only when set. */
export interface DiscoverSavedQuery {
  id: string;
  name: string;
  /** Project ids; `[-1]` for "All projects" (Sentry's `ALL_ACCESS_PROJECTS`). */
  projects: number[];
  version: number;
  queryDataset: SavedQueryDataset;
  datasetSource: 'unknown' | 'user';
  expired: boolean;
  dateCreated: string;
  dateUpdated: string;
  /** Sentry's creating user: Faultline has none. */
  createdBy: null;
  environment?: string[];
  query?: string;
  fields?: string[];
  widths?: string[];
  conditions?: unknown[];
  aggregations?: unknown[];
  range?: string;
  start?: string;
  end?: string;
  orderby?: string;
  limit?: number;
  yAxis?: string[];
  display?: string;
  topEvents?: number;
  interval?: string;
}
