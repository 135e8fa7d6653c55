/**
 * Events with JavaScript frames for the source map tests: sent to a real core as an SDK would, read
 * back through `events.get` (where source maps are applied).
 */
import type { Core } from '../../src-main/core/core.ts';
import { callApi, sendEnvelope } from './core.ts';

export type Json = Record<string, unknown>;

/** Sends one event as an envelope to project 1. */
export async function sendPayload(core: Core, event: Json & { event_id: string }): Promise<void> {
  await sendEnvelope(
    core,
    `${JSON.stringify({ event_id: event.event_id })}\n{"type":"event"}\n${JSON.stringify(event)}\n`,
  );
}

/** Sends a JavaScript error event whose one exception has these frames (oldest first). */
export async function sendJsError(
  core: Core,
  eventId: string,
  frames: Json[],
  options: { timestamp?: number; platform?: string } = {},
): Promise<void> {
  await sendPayload(core, {
    event_id: eventId,
    platform: options.platform ?? 'javascript',
    timestamp: options.timestamp ?? Date.now() / 1000,
    exception: { values: [{ type: 'RangeError', value: 'negative price: -5', stacktrace: { frames } }] },
  });
}

export function getEvent(core: Core, eventId: string) {
  return callApi(core, 'events.get', { projectId: 1, eventId });
}

export function exceptionOf(detail: { event: Json }): Json {
  return ((detail.event.exception as { values: Json[] }).values[0] ?? {}) as Json;
}

export function framesIn(stack: unknown): Json[] {
  return (stack as { frames: Json[] }).frames;
}
