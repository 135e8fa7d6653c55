import { asString, isObject, type JsonObject } from './json.ts';
import type { NormalizeContext, NormalizeStage } from './types.ts';

/** Context keys Relay knows as typed contexts; it writes their `type` when serializing. */
const KNOWN_CONTEXT_TYPES = new Set([
  'app',
  'browser',
  'cloud_resource',
  'device',
  'gpu',
  'monitor',
  'nel',
  'os',
  'otel',
  'performance_score',
  'profile',
  'replay',
  'response',
  'runtime',
  'spring',
  'trace',
  'flags',
  'ota_updates',
  'chromium_stability_report',
]);

const TRACE_ID_RE = /^[0-9a-f]{32}$/;
const SPAN_ID_RE = /^[0-9a-f]{16}$/;

/** Trace and span ids are lowercase hex (dashes allowed in trace ids); invalid ones are removed. */
function validateTraceIds(trace: JsonObject, ctx: NormalizeContext): void {
  for (const [key, re] of [
    ['trace_id', TRACE_ID_RE],
    ['span_id', SPAN_ID_RE],
    ['parent_span_id', SPAN_ID_RE],
  ] as const) {
    const raw = trace[key];
    if (raw === undefined || raw === null) continue;
    const value = asString(raw)?.toLowerCase().replaceAll('-', '');
    if (value !== undefined && re.test(value) && !/^0+$/.test(value)) trace[key] = value;
    else {
      ctx.addError('invalid_data', `contexts.trace.${key}`, { value: raw });
      delete trace[key];
    }
  }
}

/**
 * Context normalization: `reprocessing` is internal and removed, known contexts carry their
 * `type`, and error events get a trace context derived from the event id when the SDK sent none
 * (trace id = event id, span id = its first 16 digits), with `status: unknown` by default. An
 * envelope whose dynamic sampling context names a session replay gives its event the `replay`
 * context (`replay_id`), as Relay adds it.
 */
export const normalizeContexts: NormalizeStage = (event, ctx) => {
  const contexts: JsonObject = isObject(event.contexts) ? event.contexts : {};
  delete contexts.reprocessing;
  for (const [key, value] of Object.entries(contexts)) {
    if (!isObject(value)) {
      delete contexts[key];
      continue;
    }
    if (value.type === undefined && KNOWN_CONTEXT_TYPES.has(key)) value.type = key;
  }
  // Relay's replay context: only Relay writes it, from the envelope's dynamic sampling context.
  const replayId = ctx.meta.dscReplayId?.replaceAll('-', '').toLowerCase();
  if (replayId !== undefined && TRACE_ID_RE.test(replayId))
    contexts.replay = { replay_id: replayId, type: 'replay' };
  if (!isObject(contexts.trace) && event.type !== 'transaction') {
    const eventId = asString(event.event_id) ?? '';
    contexts.trace = { trace_id: eventId, span_id: eventId.slice(0, 16), type: 'trace' };
  }
  const trace = contexts.trace;
  if (isObject(trace)) {
    validateTraceIds(trace, ctx);
    if (trace.status === undefined || trace.status === null) trace.status = 'unknown';
  }
  if (Object.keys(contexts).length > 0) event.contexts = contexts;
  else delete event.contexts;
};
