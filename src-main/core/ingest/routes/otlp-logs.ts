/**
 * `POST /api/{project_id}/integration/otlp/v1/logs` (with or without a trailing slash; Relay's
 * `integrations/otlp.rs`): an OpenTelemetry SDK's OTLP/HTTP log exporter. The records become
 * Sentry logs in `log` containers, so they show on the Logs page. As Relay's logs route, a rate
 * limit is counted but never answered with 429.
 */
import { logsFromJson } from '../otlp/decode-json.ts';
import { logsFromProtobuf } from '../otlp/decode-protobuf.ts';
import { chunkRecords, handleOtlpExport, type OtlpContainer, type OtlpSignal } from '../otlp/export.ts';
import { logsOf } from '../otlp/logs.ts';
import type { IngestRequest } from '../router.ts';
import type { IngestService } from '../service.ts';

export const LOG_CONTENT_TYPE = 'application/vnd.sentry.items.log+json';

/** Sentry logs as `log` containers of at most `maxBytes` each. */
export function logContainers(logs: Record<string, unknown>[], maxBytes: number): OtlpContainer[] {
  const records = logs.map((log) => JSON.stringify(log));
  return chunkRecords(records, maxBytes).map((chunk) => ({
    type: 'log',
    contentType: LOG_CONTENT_TYPE,
    records: chunk,
  }));
}

export function handleOtlpLogs(service: IngestService, request: IngestRequest): Promise<void> {
  const signal: OtlpSignal = {
    enforceRateLimits: false,
    expand(body, format, receivedAt) {
      const logs = logsOf(format === 'json' ? logsFromJson(body) : logsFromProtobuf(body), receivedAt);
      return { containers: logContainers(logs, service.limits.maxContainerSize) };
    },
  };
  return handleOtlpExport(service, request, signal);
}
