/** UUIDs as Relay's payload types read them (the `uuid` crate through serde). */

const HYPHENATED_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SIMPLE_UUID = /^[0-9a-f]{32}$/i;

/**
 * A UUID in any form the `uuid` crate parses (simple, hyphenated, braced, `urn:uuid:`), as 32
 * lowercase hex digits; undefined when it is none.
 */
export function uuidHex(text: string): string | undefined {
  let inner = text;
  if (inner.startsWith('{') && inner.endsWith('}')) inner = inner.slice(1, -1);
  else if (inner.toLowerCase().startsWith('urn:uuid:')) inner = inner.slice('urn:uuid:'.length);
  if (SIMPLE_UUID.test(inner) || HYPHENATED_UUID.test(inner)) return inner.replaceAll('-', '').toLowerCase();
  return undefined;
}
