/**
 * `insights.assets` and `insights.asset`: a project's resource spans of a period grouped by their
 * normalized description, as Sentry's Assets module tables them — loads a minute (`epm()`), average
 * self time (`avg(span.self_time)`), time spent (`sum(span.self_time)`, its default order) and average
 * encoded size (`avg(http.response_content_length)`) — under its filters (type, domain, page,
 * render-blocking status), with its charts; and one asset's summary, the pages it is found on, its
 * charts and its newest samples.
 */
import type { ApiParsedParams } from '../../../src-shared/api.ts';
import {
  ASSET_TYPES,
  type Asset,
  type AssetDetail,
  type AssetList,
  type AssetPage,
  type AssetSeriesPoint,
  type AssetSort,
  type AssetStats,
  type AssetType,
  FONT_EXTENSIONS,
  IMAGE_EXTENSIONS,
  type RenderBlockingStatus,
} from '../../../src-shared/assets-api.ts';
import type { StatsPeriod } from '../../../src-shared/issues-api.ts';
import { bucketsFor, CHART_BUCKET_MS, PERIOD_MS } from '../issues/queries/periods.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { type ResourceSpan, readResourceSpans } from './resource-spans.ts';

/** The mean of the values that are there; null when none is. */
function mean(values: readonly (number | null)[]): number | null {
  const present = values.filter((value): value is number => value !== null);
  return present.length === 0 ? null : present.reduce((sum, value) => sum + value, 0) / present.length;
}

/** The figures of `spans` over a period of `minutes`. */
export function assetStats(spans: readonly ResourceSpan[], minutes: number): AssetStats {
  const totalMs = spans.reduce((sum, span) => sum + span.selfMs, 0);
  return {
    count: spans.length,
    perMinute: spans.length / minutes,
    avgMs: spans.length === 0 ? 0 : totalMs / spans.length,
    totalMs,
    avgEncodedBytes: mean(spans.map((span) => span.encodedBytes)),
    avgDecodedBytes: mean(spans.map((span) => span.decodedBytes)),
    avgTransferBytes: mean(spans.map((span) => span.transferBytes)),
  };
}

const FONTS: readonly string[] = FONT_EXTENSIONS;
const IMAGES: readonly string[] = IMAGE_EXTENSIONS;

/** Sentry's type filter: scripts by op, stylesheets and fonts by extension, images by either. */
function isOfType(span: ResourceSpan, type: AssetType): boolean {
  switch (type) {
    case 'resource.script':
      return span.span.op === 'resource.script';
    case 'resource.css':
      return span.fileExtension === 'css';
    case 'resource.font':
      return FONTS.includes(span.fileExtension);
    case 'resource.img':
      return span.span.op === 'resource.img' || IMAGES.includes(span.fileExtension);
  }
}

function groupBy<K>(spans: readonly ResourceSpan[], key: (span: ResourceSpan) => K): Map<K, ResourceSpan[]> {
  const groups = new Map<K, ResourceSpan[]>();
  for (const span of spans) {
    const list = groups.get(key(span));
    if (list) list.push(span);
    else groups.set(key(span), [span]);
  }
  return groups;
}

const SORT_KEYS: Record<AssetSort, (asset: Asset) => number> = {
  time: (asset) => asset.totalMs,
  rpm: (asset) => asset.perMinute,
  avg: (asset) => asset.avgMs,
  size: (asset) => asset.avgEncodedBytes ?? -1,
};

/** Every word of the search in the description, case-insensitive. */
function matcher(query: string | undefined): (description: string) => boolean {
  const words = (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return (description) => words.every((word) => description.toLowerCase().includes(word));
}

/** The chart's buckets over the period, each with the figures of the spans that started in it. */
function seriesOf(spans: readonly ResourceSpan[], period: StatsPeriod, now: number): AssetSeriesPoint[] {
  const { start, bucketMs, count } = bucketsFor(period, CHART_BUCKET_MS[period], now);
  const buckets: ResourceSpan[][] = Array.from({ length: count }, () => []);
  for (const span of spans) buckets[Math.floor((span.span.start - start) / bucketMs)]?.push(span);
  return buckets.map((list, i) => {
    const stats = assetStats(list, bucketMs / 60_000);
    return {
      time: new Date(start + i * bucketMs).toISOString(),
      perMinute: stats.perMinute,
      avgMs: list.length === 0 ? null : stats.avgMs,
      avgEncodedBytes: stats.avgEncodedBytes,
      avgDecodedBytes: stats.avgDecodedBytes,
      avgTransferBytes: stats.avgTransferBytes,
    };
  });
}

/** The asset of spans sharing a group: its op and domain are those most of them have. */
function assetOf(group: string, spans: readonly ResourceSpan[], minutes: number): Asset {
  const commonest = <K>(key: (span: ResourceSpan) => K) =>
    [...groupBy(spans, key)].sort((a, b) => b[1].length - a[1].length)[0]?.[0];
  const first = spans[0];
  return {
    group,
    description: first?.description ?? '',
    op: commonest((span) => span.span.op) ?? '',
    domain: commonest((span) => span.domain) ?? '',
    fileExtension: first?.fileExtension ?? '',
    ...assetStats(spans, minutes),
  };
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort((a, b) => a.localeCompare(b));

function periodOf(period: StatsPeriod, now: number) {
  return { since: now - PERIOD_MS[period], minutes: PERIOD_MS[period] / 60_000 };
}

export function listAssets(
  db: SqliteDb,
  params: ApiParsedParams<'insights.assets'>,
  now = Date.now(),
): AssetList {
  const { since, minutes } = periodOf(params.period, now);
  const { spans: all, partial } = readResourceSpans(db, params.projectId, since);
  const types: readonly AssetType[] = params.type ? [params.type] : ASSET_TYPES;
  const typed = all.filter((span) => types.some((type) => isOfType(span, type)));
  const matches = matcher(params.query);
  const spans = typed.filter(
    (span) =>
      (params.domain === undefined || span.domain === params.domain) &&
      (params.transaction === undefined || span.span.segmentName === params.transaction) &&
      (params.renderBlocking === undefined || span.renderBlocking === params.renderBlocking) &&
      matches(span.description),
  );
  const key = SORT_KEYS[params.sort];
  // Sentry's rows are of description, op and group: one file loaded two ways is two rows.
  const assets = [...groupBy(spans, (span) => `${span.group}\u0000${span.span.op}`).values()]
    .map((list) => assetOf(list[0]?.group ?? '', list, minutes))
    .sort((a, b) => key(b) - key(a) || a.description.localeCompare(b.description));
  return {
    assets: assets.slice(0, params.limit),
    total: assets.length,
    domains: sorted(typed.map((span) => span.domain)),
    pages: sorted(typed.flatMap((span) => (span.span.segmentName === null ? [] : [span.span.segmentName]))),
    series: seriesOf(spans, params.period, now),
    partial,
  };
}

const newestFirst = (a: ResourceSpan, b: ResourceSpan) =>
  b.span.start - a.span.start || b.span.spanId.localeCompare(a.span.spanId);

function pagesOf(spans: readonly ResourceSpan[], minutes: number): AssetPage[] {
  const byPage = groupBy(spans, (span) => `${span.span.segmentName ?? ''}\u0000${span.renderBlocking ?? ''}`);
  return [...byPage.values()]
    .map((list) => ({
      transaction: list[0]?.span.segmentName ?? null,
      renderBlocking: (list[0]?.renderBlocking ?? null) as RenderBlockingStatus | null,
      ...assetStats(list, minutes),
    }))
    .sort((a, b) => b.perMinute - a.perMinute || (a.transaction ?? '').localeCompare(b.transaction ?? ''));
}

export function assetDetail(
  db: SqliteDb,
  params: ApiParsedParams<'insights.asset'>,
  now = Date.now(),
): AssetDetail {
  const { since, minutes } = periodOf(params.period, now);
  const { spans: all, partial } = readResourceSpans(db, params.projectId, since);
  const spans = all
    .filter(
      (span) =>
        span.group === params.group &&
        (params.renderBlocking === undefined || span.renderBlocking === params.renderBlocking),
    )
    .sort(newestFirst);
  const samples = spans
    .filter((span) => params.transaction === undefined || span.span.segmentName === params.transaction)
    .slice(0, params.limit)
    .map((span) => ({
      spanId: span.span.spanId,
      description: span.span.name,
      url: span.url,
      durationMs: span.durationMs,
      selfMs: span.selfMs,
      encodedBytes: span.encodedBytes,
      renderBlocking: span.renderBlocking,
      timestamp: new Date(span.span.start).toISOString(),
      traceId: span.traceId,
      transaction: span.span.segmentName,
      transactionSpanId: span.span.segmentId,
    }));
  return {
    summary: spans.length === 0 ? null : assetOf(params.group, spans, minutes),
    pages: pagesOf(spans, minutes),
    series: seriesOf(spans, params.period, now),
    samples,
    partial,
  };
}
