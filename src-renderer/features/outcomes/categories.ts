/**
 * How Sentry's Stats page names and counts outcomes: data categories by their titles and units
 * (attachments and logs in bytes, profile durations in hours, the rest in items), `default` and
 * `security` counted as errors (Sentry's outcomes query asks for all three under "Errors"), abuse and
 * cardinality limits counted as rate limited, and reasons in Sentry's groups.
 */
import type { OutcomeName, OutcomeRow } from '../../../src-shared/api.ts';

export type Unit = 'count' | 'bytes' | 'duration';

export interface CategoryInfo {
  /** The category the page shows it under (`default`, `security`: `error`). */
  key: string;
  title: string;
  unit: Unit;
}

const CATEGORIES: Array<[string, string, Unit]> = [
  ['error', 'Errors', 'count'],
  ['transaction', 'Transactions', 'count'],
  ['attachment', 'Attachments', 'bytes'],
  ['attachment_item', 'Attachment Items', 'count'],
  ['profile', 'Profiles', 'count'],
  ['profile_chunk', 'Profile Chunks', 'count'],
  ['profile_chunk_ui', 'UI Profile Chunks', 'count'],
  ['profile_duration', 'Continuous Profile Hours', 'duration'],
  ['profile_duration_ui', 'UI Profile Hours', 'duration'],
  ['replay', 'Session Replays', 'count'],
  ['feedback', 'User Feedback', 'count'],
  ['monitor', 'Cron Check-Ins', 'count'],
  ['span', 'Spans', 'count'],
  ['log_item', 'Log Counts', 'count'],
  ['log_byte', 'Logs', 'bytes'],
  ['trace_metric', 'Metrics', 'count'],
  ['session', 'Sessions', 'count'],
];
const BY_NAME = new Map(CATEGORIES.map(([key, title, unit]) => [key, { key, title, unit }]));
const ERROR_CATEGORIES = new Set(['error', 'default', 'security']);

export function categoryInfo(name: string): CategoryInfo {
  const key = ERROR_CATEGORIES.has(name) ? 'error' : name;
  return BY_NAME.get(key) ?? { key, title: name, unit: 'count' };
}

/** The page's order: Sentry's, then unknown categories by name. */
export function compareCategories(a: string, b: string): number {
  const order = (key: string) => {
    const index = CATEGORIES.findIndex(([name]) => name === key);
    return index < 0 ? CATEGORIES.length : index;
  };
  return order(a) - order(b) || a.localeCompare(b);
}

/** The Stats page's columns; its total is all of them. */
export const COLUMNS = ['accepted', 'filtered', 'rate_limited', 'invalid', 'client_discard'] as const;
export type Column = (typeof COLUMNS)[number];
export const COLUMN_TITLES: Record<Column, string> = {
  accepted: 'Accepted',
  filtered: 'Filtered',
  rate_limited: 'Rate Limited',
  invalid: 'Invalid',
  client_discard: 'Client Discard',
};

/** A count per column, all zero. */
export function emptyColumns(): Record<Column, number> {
  return { accepted: 0, filtered: 0, rate_limited: 0, invalid: 0, client_discard: 0 };
}

export function columnOf(outcome: OutcomeName): Column {
  switch (outcome) {
    case 'abuse':
    case 'cardinality_limited':
    case 'rate_limited':
      return 'rate_limited';
    case 'accepted':
    case 'filtered':
    case 'invalid':
    case 'client_discard':
      return outcome;
  }
}

/** A quantity in its category's unit: bytes base 10 as Sentry shows them, durations in hours. */
export function formatQuantity(quantity: number, unit: Unit): string {
  if (unit === 'duration') return `${Number((quantity / 3_600_000).toFixed(2))} hours`;
  if (unit === 'count' || quantity < 1000)
    return unit === 'bytes' ? `${quantity} B` : quantity.toLocaleString('en-US');
  const units = ['KB', 'MB', 'GB', 'TB', 'PB'];
  let value = quantity;
  let index = -1;
  while (value >= 1000 && index < units.length - 1) {
    value /= 1000;
    index++;
  }
  return `${value.toFixed(1)} ${units[index]}`;
}

const RATE_LIMIT_GROUPS: Record<string, string> = {
  org_quota: 'global limit',
  project_quota: 'global limit',
  key_quota: 'DSN limit',
  spike_protection: 'spike protection',
  smart_rate_limit: 'spike protection',
  project_abuse_limit: 'project abuse limit',
  org_abuse_limit: 'org abuse limit',
  global_abuse_limit: 'global abuse limit',
};

const CLIENT_DISCARD_REASONS = new Set([
  'queue_overflow',
  'cache_overflow',
  'ratelimit_backoff',
  'network_error',
  'sample_rate',
  'before_send',
  'event_processor',
  'send_error',
  'internal_sdk_error',
  'insufficient_data',
  'backpressure',
  'ignored',
]);

/** Sentry's name for a reason of an outcome (`project_quota` → `global limit`, …); invalid ones as Relay names them. */
export function reasonGroup(outcome: OutcomeName, reason: string): string {
  switch (columnOf(outcome)) {
    case 'rate_limited':
      if (reason.endsWith('_usage_exceeded')) return 'quota';
      if (reason.endsWith('_disabled')) return 'disabled';
      return RATE_LIMIT_GROUPS[reason] ?? 'internal';
    case 'client_discard':
      return CLIENT_DISCARD_REASONS.has(reason) ? reason : 'other';
    case 'filtered':
      return reason.startsWith('Sampled:') ? 'dynamic sampling' : reason.replaceAll('_', ' ');
    case 'invalid':
    case 'accepted':
      return reason;
  }
}

export interface CategoryTotals {
  info: CategoryInfo;
  byColumn: Record<Column, number>;
  total: number;
}

/** Totals per category (in its unit) and column, in the page's order. */
export function totalsByCategory(rows: readonly OutcomeRow[]): CategoryTotals[] {
  const totals = new Map<string, CategoryTotals>();
  for (const row of rows) {
    const info = categoryInfo(row.category);
    const entry = totals.get(info.key) ?? { info, byColumn: emptyColumns(), total: 0 };
    entry.byColumn[columnOf(row.outcome)] += row.quantity;
    entry.total += row.quantity;
    totals.set(info.key, entry);
  }
  return [...totals.values()].sort((a, b) => compareCategories(a.info.key, b.info.key));
}
