import { isObject, type JsonObject, valuesOf } from './json.ts';
import type { NormalizeStage } from './types.ts';

/**
 * Relay's `infer_event_type`: SDKs do not say what kind of event they send, so the type follows
 * from the interfaces present. Only `transaction` and `feedback` are taken from the payload.
 */
export function inferEventType(event: JsonObject): string {
  if (event.type === 'transaction') return 'transaction';
  if (event.type === 'feedback') return 'feedback';
  const exceptions = valuesOf(event.exception);
  if (exceptions && exceptions.length > 0) return 'error';
  if (isObject(event.csp)) return 'csp';
  if (isObject(event.hpkp)) return 'hpkp';
  if (isObject(event.expectct)) return 'expectct';
  if (isObject(event.expectstaple)) return 'expectstaple';
  if (isObject(event.nel)) return 'nel';
  return 'default';
}

export const normalizeEventType: NormalizeStage = (event) => {
  event.type = inferEventType(event);
};
