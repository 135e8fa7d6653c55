/**
 * A project's resource spans of a period (`project-spans.ts` walks its items): the spans a browser SDK
 * records from the Resource Timing API (op `resource.*`), each with the tags Relay's span normalization
 * gives it and the Assets page reads — normalized description, `span.group`, `span.domain`,
 * `file_extension`, the body sizes and render-blocking status — and its self time.
 */
import type { RenderBlockingStatus } from '../../../src-shared/assets-api.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import type { SpanRecord } from '../traces/transactions.ts';
import { domainOfServerAddress, httpSpanUrl } from './http-domain.ts';
import { childrenByParent, selfTime } from './http-spans.ts';
import { walkProjectSpans } from './project-spans.ts';
import {
  domainOfResourceDescription,
  resourceFileExtension,
  scrubResourceDescription,
} from './resource-description.ts';
import { queryGroup } from './sql-description.ts';

export interface ResourceSpan {
  span: SpanRecord & { op: string };
  description: string;
  group: string;
  domain: string;
  fileExtension: string;
  encodedBytes: number | null;
  decodedBytes: number | null;
  transferBytes: number | null;
  renderBlocking: RenderBlockingStatus | null;
  url: string | null;
  durationMs: number;
  selfMs: number;
  traceId: string;
}

export interface ResourceSpans {
  spans: ResourceSpan[];
  /** Older items were left unread. */
  partial: boolean;
}

/** Sentry leaves out what browser extensions load (its `DEFAULT_RESOURCE_FILTERS`). */
const BROWSER_EXTENSION = 'browser-extension://*';

type Data = Record<string, unknown> | null;

/** A byte count of its data: the attribute Relay reads, else the one SDK 11 writes (Relay's alias). */
function bytes(data: Data, key: string, alias: string): number | null {
  for (const value of [data?.[key], data?.[alias]]) {
    const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof number === 'number' && Number.isFinite(number) && number >= 0) return number;
  }
  return null;
}

function renderBlocking(data: Data): RenderBlockingStatus | null {
  const value = data?.['resource.render_blocking_status'];
  return value === 'blocking' || value === 'non-blocking' ? value : null;
}

/**
 * The URL its description names. A transaction's resource span is named by the URL, less the page's
 * origin when it is the page's own (`/static/app.js`); a streamed one by its domain alone, so its
 * `url.full` is read instead, cut the same way when the SDK marks it same-origin.
 */
export function describedUrl(span: Pick<SpanRecord, 'name'>, data: Data): string | null {
  if (span.name !== null && /[/:]/.test(span.name)) return span.name;
  const url = httpSpanUrl(data);
  if (url === null || data?.['http.request.same_origin'] !== true) return url;
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}${parsed.hash}`;
  } catch {
    return url;
  }
}

function domainOf(normalized: string, data: Data): string {
  const fromDescription = domainOfResourceDescription(normalized);
  if (fromDescription !== null) return fromDescription;
  const address = data?.['server.address'];
  return typeof address === 'string' && address !== ''
    ? domainOfServerAddress(address, data?.['server.port'])
    : '';
}

function resourceSpan(
  span: SpanRecord & { op: string },
  children: SpanRecord[],
  traceId: string,
): ResourceSpan | null {
  const data = span.data as Data;
  const url = describedUrl(span, data);
  const description = url === null ? null : scrubResourceDescription(span.op, url);
  if (description === null || description === BROWSER_EXTENSION) return null;
  return {
    span,
    description,
    group: queryGroup(description),
    domain: domainOf(description, data),
    fileExtension: resourceFileExtension(description),
    encodedBytes: bytes(data, 'http.response_content_length', 'http.response.body.size'),
    decodedBytes: bytes(data, 'http.decoded_response_content_length', 'http.response.body.decoded_size'),
    transferBytes: bytes(data, 'http.response_transfer_size', 'http.response.size'),
    renderBlocking: renderBlocking(data),
    url: httpSpanUrl(data),
    durationMs: Math.max(0, span.end - span.start),
    selfMs: selfTime(span, children),
    traceId,
  };
}

const isResource = (span: SpanRecord): span is SpanRecord & { op: string } =>
  span.op?.toLowerCase().startsWith('resource.') ?? false;

/** The resource spans of the project's newest items that started since `since`, in no order. */
export function readResourceSpans(db: SqliteDb, projectId: number, since: number): ResourceSpans {
  const into: ResourceSpan[] = [];
  const { partial } = walkProjectSpans(db, projectId, since, ({ traceId, spans }) => {
    const resources = spans.children.filter(isResource).filter((span) => span.start >= since);
    if (resources.length === 0) return;
    const childrenOf = childrenByParent(spans.children);
    for (const span of resources) {
      const resource = resourceSpan(span, childrenOf.get(span.spanId) ?? [], traceId);
      if (resource) into.push(resource);
    }
  });
  return { spans: into, partial };
}
