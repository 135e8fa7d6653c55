/**
 * `POST /api/{project_id}/otlp/v1/traces` and `/api/{project_id}/integration/otlp/v1/traces` (each
 * with or without a trailing slash; Relay's `otlp_traces.rs` and `integrations/otlp.rs`): an
 * OpenTelemetry SDK's OTLP/HTTP trace exporter. The spans become span v2 containers, one per trace
 * (the trace index keys a container by its first span's trace), so they show on the Traces page.
 * Past a rate limit the answer is 429, as Relay's traces route checks its limits.
 */
import { SPAN_V2_CONTENT_TYPE } from '../item-types.ts';
import { tracesFromJson } from '../otlp/decode-json.ts';
import { tracesFromProtobuf } from '../otlp/decode-protobuf.ts';
import { chunkRecords, handleOtlpExport, type OtlpContainer, type OtlpSignal } from '../otlp/export.ts';
import { type SpanV2, spansOf } from '../otlp/spans.ts';
import type { IngestRequest } from '../router.ts';
import type { IngestService } from '../service.ts';

export function handleOtlpTraces(service: IngestService, request: IngestRequest): Promise<void> {
  const signal: OtlpSignal = {
    enforceRateLimits: true,
    expand(body, format) {
      const { spans, invalid } = spansOf(format === 'json' ? tracesFromJson(body) : tracesFromProtobuf(body));
      const byTrace = new Map<string, SpanV2[]>();
      for (const span of spans) {
        const trace = byTrace.get(span.trace_id);
        if (trace) trace.push(span);
        else byTrace.set(span.trace_id, [span]);
      }
      const containers: OtlpContainer[] = [];
      for (const traceSpans of byTrace.values()) {
        const records = traceSpans.map((span) => JSON.stringify(span));
        for (const chunk of chunkRecords(records, service.limits.maxContainerSize))
          containers.push({ type: 'span', contentType: SPAN_V2_CONTENT_TYPE, records: chunk });
      }
      return { containers, invalid: { count: invalid, reason: 'invalid_span', category: 'span' } };
    },
  };
  return handleOtlpExport(service, request, signal);
}
