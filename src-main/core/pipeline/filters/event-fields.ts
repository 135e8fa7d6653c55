/**
 * What the inbound filters read of an event (Relay's `Filterable` for an event), from the event
 * as normalization left it.
 */
import { asArray, asObject, asString, type JsonObject } from '../normalize/json.ts';

export { requestHeader, requestUserAgent } from '../normalize/user_agent.ts';

/** The exceptions, oldest first as sent (`exception.values`). */
export function exceptions(event: JsonObject): JsonObject[] {
  const values = asArray(asObject(event.exception)?.values) ?? [];
  return values.flatMap((value): JsonObject[] => {
    const exception = asObject(value);
    return exception ? [exception] : [];
  });
}

/** The user's IP address (`user.ip_address`), which the localhost filter reads. */
export const userIp = (event: JsonObject): string | undefined => asString(asObject(event.user)?.ip_address);

/** The request's URL, parsed; undefined when absent or not a URL. */
export function requestUrl(event: JsonObject): URL | undefined {
  const url = asString(asObject(event.request)?.url);
  if (url === undefined) return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
