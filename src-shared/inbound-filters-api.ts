/**
 * A project's Inbound Filters, as Sentry's project settings offer them and Relay applies them
 * (`relay-filter`): events that match are dropped before they are stored, counted as outcome
 * `filtered` with the filter's reason. All off by default (a local tool receives everything from
 * localhost). Stored as `projects.options.filters`.
 */
import { z } from 'zod';

/**
 * Sentry's legacy browser choices (Relay's `LegacyBrowser`): the current ones first, then those
 * Sentry marks deprecated (still honoured when stored), then Relay's `default` (the old "all").
 */
/** What "All" selects in Sentry's form: the choices not marked deprecated. */
const CURRENT = ['chrome', 'safari', 'firefox', 'android', 'edge', 'ie', 'opera', 'opera_mini'] as const;

export const LEGACY_BROWSERS = [
  ...CURRENT,
  'safari_pre_6',
  'android_pre_4',
  'edge_pre_79',
  'ie_pre_9',
  'ie9',
  'ie10',
  'ie11',
  'opera_pre_15',
  'opera_mini_pre_8',
  'default',
] as const;

export type LegacyBrowser = (typeof LEGACY_BROWSERS)[number];

export const CURRENT_LEGACY_BROWSERS: readonly LegacyBrowser[] = CURRENT;

/** Relay's filter stat keys: the reason of a `filtered` outcome. */
export const FILTER_REASONS = {
  clientIps: 'ip-address',
  releases: 'release-version',
  errorMessages: 'error-message',
  localhost: 'localhost',
  browserExtensions: 'browser-extensions',
  legacyBrowsers: 'legacy-browsers',
  webCrawlers: 'web-crawlers',
  healthCheck: 'filtered-transaction',
} as const;

export type FilterReason = (typeof FILTER_REASONS)[keyof typeof FILTER_REASONS];

export interface InboundFilters {
  /** "Filter out errors known to be caused by browser extensions". */
  browserExtensions: boolean;
  /** "Filter out events coming from localhost". */
  localhost: boolean;
  /** "Filter out known web crawlers". */
  webCrawlers: boolean;
  /** "Filter out health check transactions". */
  healthCheck: boolean;
  /** "Filter out known errors from legacy browsers": the browsers chosen; none = off. */
  legacyBrowsers: LegacyBrowser[];
  /** Custom filters, one glob per entry (Sentry's `filters:error_messages`). */
  errorMessages: string[];
  /** Sentry's `filters:releases`, globs. */
  releases: string[];
  /** Sentry's `filters:blacklisted_ips`: addresses or CIDR ranges of the sending client. */
  clientIps: string[];
}

export const DEFAULT_INBOUND_FILTERS: InboundFilters = {
  browserExtensions: false,
  localhost: false,
  webCrawlers: false,
  healthCheck: false,
  legacyBrowsers: [],
  errorMessages: [],
  releases: [],
  clientIps: [],
};

/** Entries per list and characters per entry, so a pasted file cannot make every event slow. */
export const FILTER_LIST_BOUNDS = { maxEntries: 1000, maxLength: 1000 } as const;

const entries = (what: string) =>
  z
    .array(
      z
        .string({ error: `each ${what} must be text` })
        .max(
          FILTER_LIST_BOUNDS.maxLength,
          `a ${what} may be at most ${FILTER_LIST_BOUNDS.maxLength} characters`,
        ),
    )
    .max(FILTER_LIST_BOUNDS.maxEntries, `at most ${FILTER_LIST_BOUNDS.maxEntries} ${what}s`);

export const inboundFiltersSchema = z
  .object({
    browserExtensions: z.boolean(),
    localhost: z.boolean(),
    webCrawlers: z.boolean(),
    healthCheck: z.boolean(),
    legacyBrowsers: z.array(
      z.enum(LEGACY_BROWSERS, {
        error: (issue) =>
          `unknown legacy browser ${JSON.stringify(issue.input)}; known: ${LEGACY_BROWSERS.join(', ')}`,
      }),
    ),
    errorMessages: entries('error message pattern'),
    releases: entries('release pattern'),
    clientIps: entries('IP address'),
  })
  .strict();

const projectId = z.number().int().positive();

export const inboundFiltersParams = {
  get: z.object({ projectId }).strict(),
  /** The filters named are changed; the others are kept. */
  set: z.object({ projectId, filters: inboundFiltersSchema.partial() }).strict(),
};

/**
 * A text area's lines as Sentry reads them (`filters:*` options are newline-separated): each line
 * trimmed, empty lines dropped.
 */
export function filterLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
