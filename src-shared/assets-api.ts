/**
 * The Assets page, as Sentry's Insights → Assets (its `resource` module, formerly "Resources"): the
 * spans a browser SDK records for what a page loads (op `resource.*`, from the Resource Timing API)
 * grouped by their normalized description (Sentry's `sentry.normalized_description` and `span.group`),
 * with how many loads there were a minute, how long they took and how big they were; an asset opens onto
 * the pages it is found on, its charts and its samples. Params schemas and result types of
 * `insights.assets` and `insights.asset`.
 */
import { z } from 'zod';
import { STATS_PERIODS, type StatsPeriod } from './issues-api.ts';

/** The period counted when none is chosen, as on the Requests page. */
export const DEFAULT_ASSETS_PERIOD: StatsPeriod = '24h';

/**
 * The types of Sentry's type filter, each the op of its kind of asset. Sentry matches scripts by op
 * and the others by the file's extension (a stylesheet is loaded by a `<link>`, op `resource.link`; a
 * font by a stylesheet, op `resource.css`), images by either.
 */
export const ASSET_TYPES = ['resource.script', 'resource.css', 'resource.font', 'resource.img'] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

/** Sentry's font and image extensions (its `FONT_FILE_EXTENSIONS`, `IMAGE_FILE_EXTENSIONS`). */
export const FONT_EXTENSIONS = ['woff', 'woff2', 'ttf', 'otf', 'eot'] as const;
export const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'gif', 'svg', 'webp', 'apng', 'avif'] as const;

/** `resource.render_blocking_status`, as Relay keeps it (any other value is dropped). */
export const RENDER_BLOCKING_STATUSES = ['blocking', 'non-blocking'] as const;
export type RenderBlockingStatus = (typeof RENDER_BLOCKING_STATUSES)[number];

/** The orders of Sentry's assets table, each largest first; `time` (time spent) is its default. */
export const ASSET_SORTS = ['time', 'rpm', 'avg', 'size'] as const;
export type AssetSort = (typeof ASSET_SORTS)[number];

/** The figures of a set of resource spans (an asset's, or an asset's on one page). */
export interface AssetStats {
  count: number;
  /** Loads a minute over the period (Sentry's `epm()`, `spm()` on the summary). */
  perMinute: number;
  /** Average self time (Sentry's `avg(span.self_time)`). */
  avgMs: number;
  /** Sum of self time (Sentry's `sum(span.self_time)`, "Time Spent"). */
  totalMs: number;
  /**
   * Average encoded body size in bytes (Sentry's `avg(http.response_content_length)`), over the spans
   * that say; null when none does.
   */
  avgEncodedBytes: number | null;
  /** Average decoded body size (Sentry's `avg(http.decoded_response_content_length)`). */
  avgDecodedBytes: number | null;
  /** Average bytes over the network, headers included (Sentry's `avg(http.response_transfer_size)`). */
  avgTransferBytes: number | null;
}

/** One asset: the resource spans of one normalized description and op. */
export interface Asset extends AssetStats {
  /** Sentry's `span.group`: the first 16 hex digits of the MD5 of the normalized description. */
  group: string;
  /** The description as Relay normalizes it (`/static/app-*.js`, `https://*.cdn.com/img/*.png`). */
  description: string;
  op: string;
  /** `span.domain`: the normalized description's host and port, else its `server.address`; `''`: none. */
  domain: string;
  /** Sentry's `file_extension`, lowercase; `''` when its file has none. */
  fileExtension: string;
}

export interface AssetList {
  assets: Asset[];
  /** Assets found before `limit` cut the list. */
  total: number;
  /** The domains and pages of the period's assets of the chosen type, for the filters. */
  domains: string[];
  pages: string[];
  /** Sentry's landing charts over the assets listed (all of them, before `limit`). */
  series: AssetSeriesPoint[];
  /** Reading stopped at `MAX_QUERY_ITEMS_SCANNED` items: older spans were not counted. */
  partial: boolean;
}

/** One bucket of the charts: loads a minute, average duration and sizes of the spans that started in it. */
export interface AssetSeriesPoint {
  /** The bucket's start, ISO 8601. */
  time: string;
  perMinute: number;
  avgMs: number | null;
  avgEncodedBytes: number | null;
  avgDecodedBytes: number | null;
  avgTransferBytes: number | null;
}

/** The asset on one page (transaction), with one render-blocking status, as Sentry's "Found on page". */
export interface AssetPage extends AssetStats {
  transaction: string | null;
  renderBlocking: RenderBlockingStatus | null;
}

/** One load of the asset, as sent. */
export interface AssetSample {
  spanId: string;
  /** The span's description as sent (the URL, less the page's origin when it is the same). */
  description: string | null;
  /** `url.full` of its data, else null. */
  url: string | null;
  durationMs: number;
  selfMs: number;
  encodedBytes: number | null;
  renderBlocking: RenderBlockingStatus | null;
  /** When it started, ISO 8601. */
  timestamp: string;
  traceId: string;
  transaction: string | null;
  /** The span id of its transaction (or streamed segment), which the trace view opens. */
  transactionSpanId: string | null;
}

export interface AssetDetail {
  /** Null when the period has no load of the asset. */
  summary: Asset | null;
  /** Most loads a minute first. */
  pages: AssetPage[];
  series: AssetSeriesPoint[];
  /** Newest first (of `transaction` only, when given). */
  samples: AssetSample[];
  partial: boolean;
}

const text = z.string().max(1_000);

export const assetsParams = {
  list: z
    .object({
      projectId: z.number().int().positive(),
      period: z.enum(STATS_PERIODS).default(DEFAULT_ASSETS_PERIOD),
      /** One type; all four when none. */
      type: z.enum(ASSET_TYPES).optional(),
      /** `span.domain`; `''` for assets without one. */
      domain: text.optional(),
      /** The page (transaction) the assets are loaded on. */
      transaction: text.optional(),
      renderBlocking: z.enum(RENDER_BLOCKING_STATUSES).optional(),
      /** Words each of which the normalized description must contain (case-insensitive). */
      query: text.optional(),
      sort: z.enum(ASSET_SORTS).default('time'),
      limit: z.number().int().min(1).max(500).default(100),
    })
    .strict(),
  detail: z
    .object({
      projectId: z.number().int().positive(),
      period: z.enum(STATS_PERIODS).default(DEFAULT_ASSETS_PERIOD),
      group: z.string().regex(/^[0-9a-f]{16}$/, 'a span group is 16 hexadecimal digits'),
      /** Samples of this page's loads only. */
      transaction: text.optional(),
      renderBlocking: z.enum(RENDER_BLOCKING_STATUSES).optional(),
      limit: z.number().int().min(1).max(100).default(20),
    })
    .strict(),
};
