/**
 * The Logs page's search: words the body contains (case-insensitive), `level:` (alias
 * `severity:`, a comma list) and `trace:` filters, and the time bounds. Kept to what a local
 * app needs; Sentry's full search syntax belongs to the issue search.
 */
import type { LogRecord } from '../../../src-shared/logs-api.ts';

export interface LogFilter {
  text: string;
  levels: Set<string> | null;
  traceId: string | null;
  since: number | null;
  until: number | null;
}

function bound(value: string | number | undefined): number | null {
  if (value === undefined) return null;
  return typeof value === 'number' ? value : Date.parse(value);
}

const LEVEL_ALIASES: Record<string, string> = { warning: 'warn', critical: 'fatal' };

export function parseLogFilter(
  query: string | undefined,
  since?: string | number,
  until?: string | number,
): LogFilter {
  const words: string[] = [];
  let levels: Set<string> | null = null;
  let traceId: string | null = null;
  for (const token of (query ?? '').trim().split(/\s+/)) {
    if (token === '') continue;
    const match = /^(level|severity|trace):(.+)$/i.exec(token);
    const key = match?.[1]?.toLowerCase();
    const value = match?.[2] ?? '';
    if (key === 'trace') traceId = value.replaceAll('-', '').toLowerCase();
    else if (key !== undefined) {
      levels ??= new Set();
      for (const name of value.toLowerCase().split(','))
        if (name !== '') levels.add(LEVEL_ALIASES[name] ?? name);
    } else words.push(token);
  }
  return { text: words.join(' ').toLowerCase(), levels, traceId, since: bound(since), until: bound(until) };
}

export function matchesLogFilter(record: LogRecord, filter: LogFilter): boolean {
  if (filter.levels && !filter.levels.has(record.level)) return false;
  if (filter.traceId !== null && record.traceId !== filter.traceId) return false;
  if (filter.since !== null && record.timestamp < filter.since) return false;
  if (filter.until !== null && record.timestamp > filter.until) return false;
  return filter.text === '' || record.body.toLowerCase().includes(filter.text);
}
