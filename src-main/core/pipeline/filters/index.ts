/**
 * Relay's inbound filters (`relay-filter`): whether a project drops an event before it is stored,
 * and with which reason (the `filtered` outcome's). Checked in Relay's order: client IP, release,
 * error message, localhost, browser extensions, legacy browsers, web crawlers, transaction name.
 * They apply to every event (errors, default events, CSP and other security reports, transactions);
 * the health check filter to transactions only.
 *
 * A project with no filter on has no compiled filters at all (`compileFilters` gives undefined), so
 * an event costs nothing more.
 */
import {
  FILTER_REASONS,
  type FilterReason,
  type InboundFilters,
  type LegacyBrowser,
} from '../../../../src-shared/inbound-filters-api.ts';
import { asString, type JsonObject } from '../normalize/json.ts';
import { isFromBrowserExtension } from './browser-extensions.ts';
import { ClientIps } from './client-ips.ts';
import { matchesErrorMessage } from './error-messages.ts';
import { GlobPatterns } from './glob.ts';
import { isFromLegacyBrowser } from './legacy-browsers.ts';
import { isFromLocalhost } from './localhost.ts';
import { isFromWebCrawler } from './web-crawlers.ts';

/**
 * Sentry's health check transaction names (`HEALTH_CHECK_GLOBS`, Kubernetes' probes among them),
 * which its "Filter out health check transactions" hands Relay as `ignoreTransactions`.
 */
export const HEALTH_CHECK_GLOBS = [
  '*healthcheck*',
  '*heartbeat*',
  '*/health',
  '*/healthy',
  '*/healthz',
  '*/live',
  '*/livez',
  '*/ready',
  '*/readyz',
  '*/ping',
];

export interface CompiledFilters {
  clientIps: ClientIps | undefined;
  releases: GlobPatterns | undefined;
  errorMessages: GlobPatterns | undefined;
  localhost: boolean;
  browserExtensions: boolean;
  legacyBrowsers: ReadonlySet<LegacyBrowser> | undefined;
  webCrawlers: boolean;
  healthCheck: GlobPatterns | undefined;
}

/** What the filter reads besides the event: its type and the address it was sent from. */
export interface FilterInput {
  type: string;
  clientIp: string | null | undefined;
}

const globs = (patterns: readonly string[] | undefined) => {
  const compiled = new GlobPatterns(patterns ?? []);
  return compiled.isEmpty ? undefined : compiled;
};

/** Compiled filters of a project, or undefined when none is on. */
export function compileFilters(filters: Partial<InboundFilters> | undefined): CompiledFilters | undefined {
  if (!filters) return undefined;
  const clientIps = new ClientIps(filters.clientIps ?? []);
  const compiled: CompiledFilters = {
    clientIps: clientIps.size > 0 ? clientIps : undefined,
    releases: globs(filters.releases),
    errorMessages: globs(filters.errorMessages),
    localhost: filters.localhost === true,
    browserExtensions: filters.browserExtensions === true,
    legacyBrowsers: filters.legacyBrowsers?.length ? new Set(filters.legacyBrowsers) : undefined,
    webCrawlers: filters.webCrawlers === true,
    healthCheck: filters.healthCheck === true ? globs(HEALTH_CHECK_GLOBS) : undefined,
  };
  const anyOn = Object.values(compiled).some((value) => value !== undefined && value !== false);
  return anyOn ? compiled : undefined;
}

/** The reason the project's filters drop the event, or undefined when they keep it. */
export function filterEvent(
  event: JsonObject,
  input: FilterInput,
  filters: CompiledFilters | undefined,
): FilterReason | undefined {
  if (!filters) return undefined;
  if (filters.clientIps?.matches(input.clientIp)) return FILTER_REASONS.clientIps;
  const release = asString(event.release);
  if (filters.releases && release !== undefined && filters.releases.isMatch(release))
    return FILTER_REASONS.releases;
  if (filters.errorMessages && matchesErrorMessage(event, filters.errorMessages))
    return FILTER_REASONS.errorMessages;
  if (filters.localhost && isFromLocalhost(event)) return FILTER_REASONS.localhost;
  if (filters.browserExtensions && isFromBrowserExtension(event)) return FILTER_REASONS.browserExtensions;
  if (filters.legacyBrowsers && isFromLegacyBrowser(event, filters.legacyBrowsers))
    return FILTER_REASONS.legacyBrowsers;
  if (filters.webCrawlers && isFromWebCrawler(event)) return FILTER_REASONS.webCrawlers;
  const transaction = asString(event.transaction);
  if (
    filters.healthCheck &&
    input.type === 'transaction' &&
    transaction !== undefined &&
    filters.healthCheck.isMatch(transaction)
  )
    return FILTER_REASONS.healthCheck;
  return undefined;
}

/**
 * Compiled filters by their settings' JSON: a prepare thread compiles a project's filters once,
 * not per batch. A handful of projects at most; cleared when it grows.
 */
const compiledCache = new Map<string, CompiledFilters | undefined>();

export function compiledFiltersFor(
  filters: Partial<InboundFilters> | undefined,
): CompiledFilters | undefined {
  if (!filters) return undefined;
  const key = JSON.stringify(filters);
  if (compiledCache.has(key)) return compiledCache.get(key);
  if (compiledCache.size > 100) compiledCache.clear();
  const compiled = compileFilters(filters);
  compiledCache.set(key, compiled);
  return compiled;
}
