/**
 * The ingest routes (Relay's `endpoints/mod.rs`), matched on the slash-folded path, with CORS
 * preflights answered for all of them. Each route is its own file under `routes/`.
 */
import type http from 'node:http';
import type { Route } from '../http/route.ts';
import { isPreflight, sendPreflight } from './cors.ts';
import { IngestError } from './errors.ts';
import { sendIngestError } from './responses.ts';
import { handleAttachments } from './routes/attachments.ts';
import { handleCron } from './routes/cron.ts';
import { handleEnvelopeRoute } from './routes/envelope.ts';
import { handleErrorPageEmbed } from './routes/error-page-embed.ts';
import { handleMinidump } from './routes/minidump.ts';
import { handleNel } from './routes/nel.ts';
import { handleOtlpLogs } from './routes/otlp-logs.ts';
import { handleOtlpTraces } from './routes/otlp-traces.ts';
import { handleSecurityReport } from './routes/security.ts';
import { handleStore } from './routes/store.ts';
import { handleStream } from './routes/stream.ts';
import { type IngestService, recordRejection, type Scoping } from './service.ts';

export type RouteKind =
  | 'envelope'
  | 'store'
  | 'minidump'
  | 'security'
  | 'attachments'
  | 'cron'
  | 'stream'
  | 'otlp_traces'
  | 'otlp_logs'
  | 'nel'
  | 'error_page';

export interface RouteMatch {
  kind: RouteKind;
  /** From the path; absent for the legacy `/api/store/` and for `/stream`. */
  projectId?: number;
  /** `events/{event_id}/attachments/`. */
  eventId?: string;
  /** `cron/{monitor_slug}[/{sentry_key}]/`, percent-decoded. */
  monitorSlug?: string;
  sentryKey?: string;
}

export interface IngestRequest {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  match: RouteMatch;
  /** Parsed on first use: the envelope route, which nearly every request takes, never needs it. */
  readonly query: URLSearchParams;
  rawQuery: string;
  /** Set by the route once the project is known, so a refusal can be counted against it. */
  scoping?: Scoping;
  /** Data category a refused request counts for when its body could not be read. */
  fallbackCategory: string;
}

const HANDLERS: Record<RouteKind, (service: IngestService, request: IngestRequest) => Promise<void>> = {
  envelope: handleEnvelopeRoute,
  store: handleStore,
  minidump: handleMinidump,
  security: handleSecurityReport,
  attachments: handleAttachments,
  cron: handleCron,
  stream: handleStream,
  otlp_traces: handleOtlpTraces,
  otlp_logs: handleOtlpLogs,
  nel: handleNel,
  error_page: handleErrorPageEmbed,
};

const FALLBACK_CATEGORY: Record<RouteKind, string> = {
  envelope: 'default',
  store: 'error',
  minidump: 'error',
  security: 'security',
  attachments: 'attachment_item',
  cron: 'monitor',
  stream: 'default',
  otlp_traces: 'span',
  otlp_logs: 'log_item',
  nel: 'log_item',
  error_page: 'feedback',
};

const PROJECT_ROUTE = /^\/api\/([^/]+)\/(envelope|store|minidump|security|csp-report|nel)\/?$/;
const ATTACHMENTS_ROUTE = /^\/api\/([^/]+)\/events\/([^/]+)\/attachments\/?$/;
const CRON_ROUTE = /^\/api\/([^/]+)\/cron\/([^/]+)(?:\/([^/]+))?\/?$/;
/** OTLP/HTTP's `/v1/traces` without a trailing slash, as exporters append it; with one too (Relay). */
const OTLP_ROUTE = /^\/api\/([^/]+)\/(?:integration\/otlp\/v1\/(traces|logs)|otlp\/v1\/(traces))\/?$/;

/** The route for a path, `undefined` when it is not an ingest path. Throws 400 on a bad project id. */
export function matchIngestRoute(pathname: string): RouteMatch | undefined {
  if (pathname === '/stream' || pathname === '/stream/') return { kind: 'stream' };
  if (pathname === '/api/store/' || pathname === '/api/store') return { kind: 'store' };
  // Sentry's web app serves it on the DSN's host; the browser SDK's showReportDialog loads it there.
  if (pathname === '/api/embed/error-page/' || pathname === '/api/embed/error-page')
    return { kind: 'error_page' };
  const project = PROJECT_ROUTE.exec(pathname);
  if (project) {
    const name = project[2]!;
    const kind: RouteKind = name === 'csp-report' ? 'security' : (name as RouteKind);
    return { kind, projectId: parseProjectId(project[1]!) };
  }
  const attachments = ATTACHMENTS_ROUTE.exec(pathname);
  if (attachments)
    return { kind: 'attachments', projectId: parseProjectId(attachments[1]!), eventId: attachments[2]! };
  const otlp = OTLP_ROUTE.exec(pathname);
  if (otlp) {
    const kind: RouteKind = otlp[2] === 'logs' ? 'otlp_logs' : 'otlp_traces';
    return { kind, projectId: parseProjectId(otlp[1]!) };
  }
  const cron = CRON_ROUTE.exec(pathname);
  if (cron) {
    const match: RouteMatch = {
      kind: 'cron',
      projectId: parseProjectId(cron[1]!),
      monitorSlug: pathSegment(cron[2]!),
    };
    if (cron[3] !== undefined) match.sentryKey = pathSegment(cron[3]);
    return match;
  }
  return undefined;
}

/** A path parameter as axum's `Path` gives it: percent-decoded, 400 when that is not UTF-8. */
function pathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new IngestError('rejected', 400, `Invalid URL: cannot percent-decode '${segment}'`);
  }
}

function parseProjectId(segment: string): number {
  const id = /^\d+$/.test(segment) ? Number(segment) : Number.NaN;
  if (!Number.isSafeInteger(id)) throw new IngestError('project_id', 400, 'bad project path');
  return id;
}

export function ingestRoute(service: IngestService): Route {
  return async (req, res, pathname) => {
    let match: RouteMatch | undefined;
    try {
      match = matchIngestRoute(pathname);
    } catch (error) {
      if (!(error instanceof IngestError)) throw error;
      req.resume();
      sendIngestError(res, error, false);
      return true;
    }
    if (!match) return false;
    if (isPreflight(req)) {
      sendPreflight(res);
      return true;
    }
    const rawUrl = req.url ?? '';
    const queryAt = rawUrl.indexOf('?');
    const rawQuery = queryAt === -1 ? '' : rawUrl.slice(queryAt + 1);
    let query: URLSearchParams | undefined;
    const request: IngestRequest = {
      req,
      res,
      match,
      get query() {
        query ??= new URLSearchParams(rawQuery);
        return query;
      },
      rawQuery,
      fallbackCategory: FALLBACK_CATEGORY[match.kind],
    };
    try {
      await HANDLERS[match.kind](service, request);
    } catch (error) {
      if (!(error instanceof IngestError)) throw error;
      if (request.scoping) {
        recordRejection(
          service,
          request.scoping,
          error,
          [{ category: request.fallbackCategory, quantity: 1 }],
          Date.now(),
        );
      }
      // A body cut off at the limit may still be streaming in: do not keep that connection.
      const close = error.status === 413 || !req.complete;
      if (!req.complete) req.resume();
      if (!res.headersSent) sendIngestError(res, error, close);
    }
    return true;
  };
}

/** POST only (plus what a route adds); anything else is 405 as axum answers. */
export function requireMethod(request: IngestRequest, allowed: readonly string[]): void {
  if (!allowed.includes(request.req.method ?? '')) {
    throw new IngestError('disallowed_method', 405, 'method not allowed', {
      headers: { allow: allowed.join(', ') },
    });
  }
}
