/**
 * OTLP log records as Sentry logs (Relay's `otel_to_sentry_log`): the level from the severity
 * number (four per level), else from the severity text; the body only when it is a string; the
 * resource's attributes as `resource.<key>`, the scope's as `instrumentation.<key>` with its name
 * and version, then the record's own, with `sentry.origin` `auto.otlp.logs`.
 *
 * Two departures, both for a local tool: a record without a time takes its observed time (as the
 * OTLP spec asks), else the time it was received, where Relay would keep 1970; and a record
 * without a trace id gets none, where Relay makes up a random one, which would lead to no trace.
 */
import {
  hex,
  nanosToSeconds,
  type OtlpLogRecord,
  type OtlpScoped,
  putAttributes,
  type SentryAttribute,
} from './model.ts';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

const TEXT_LEVELS: Record<string, string> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  information: 'info',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  fatal: 'fatal',
};

export function levelOf(severityNumber: number, severityText: string): string {
  if (severityNumber >= 1 && severityNumber <= 24) return LEVELS[Math.floor((severityNumber - 1) / 4)]!;
  return TEXT_LEVELS[severityText.toLowerCase()] ?? 'info';
}

export function sentryLog(
  record: OtlpLogRecord,
  scoped: OtlpScoped<OtlpLogRecord>,
  receivedAt: number,
): Record<string, unknown> {
  const attrs: Record<string, SentryAttribute> = {
    'sentry.origin': { type: 'string', value: 'auto.otlp.logs' },
  };
  putAttributes(attrs, scoped.resource?.attributes ?? [], 'resource.');
  if (scoped.scope) {
    putAttributes(attrs, scoped.scope.attributes, 'instrumentation.');
    attrs['instrumentation.name'] = { type: 'string', value: scoped.scope.name };
    attrs['instrumentation.version'] = { type: 'string', value: scoped.scope.version };
  }
  putAttributes(attrs, record.attributes);
  const nanos = record.timeUnixNano || record.observedTimeUnixNano;
  const log: Record<string, unknown> = {
    timestamp: nanos > 0n ? nanosToSeconds(nanos) : receivedAt / 1000,
  };
  if (record.traceId.length === 16) log.trace_id = hex(record.traceId);
  if (record.spanId.length === 8) log.span_id = hex(record.spanId);
  log.level = levelOf(record.severityNumber, record.severityText);
  if (record.body?.kind === 'string') log.body = record.body.value;
  log.attributes = attrs;
  return log;
}

export function logsOf(batches: OtlpScoped<OtlpLogRecord>[], receivedAt: number): Record<string, unknown>[] {
  return batches.flatMap((scoped) => scoped.records.map((record) => sentryLog(record, scoped, receivedAt)));
}
