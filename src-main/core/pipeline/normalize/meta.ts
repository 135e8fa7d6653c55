import { isObject, type JsonObject, type JsonValue, setOwn } from './json.ts';

/**
 * Relay's annotations of an event (`_meta`): a tree shaped like the event (list items by their
 * index), each annotated value's entry under the key `""`: `rem` (remarks: what was removed or
 * replaced, by which rule, where) and `len` (the original length), as Sentry's UI reads them.
 */
export type MetaPath = readonly (string | number)[];

export interface MetaEntry {
  /** One remark: `[rule_id, type]` or `[rule_id, type, start, end]` (`s` substituted, `x` removed). */
  rem?: JsonValue[];
  /** The length before trimming: characters of a string, items of a list or object. */
  len?: number;
  /** One error: its type, or `[type, details]`. */
  err?: JsonValue;
  /** The value the error replaced. */
  val?: JsonValue;
}

function child(node: JsonObject, key: string): JsonObject {
  const current = Object.hasOwn(node, key) ? node[key] : undefined;
  if (isObject(current)) return current;
  const created: JsonObject = {};
  setOwn(node, key, created);
  return created;
}

/** Adds `entry` to the annotation of the value at `path` (a `len` already there is the original one). */
export function addMeta(event: JsonObject, path: MetaPath, entry: MetaEntry): void {
  let node = child(event, '_meta');
  for (const key of path) node = child(node, String(key));
  const own = child(node, '');
  if (entry.rem) own.rem = [...(Array.isArray(own.rem) ? own.rem : []), entry.rem];
  if (entry.len !== undefined && own.len === undefined) own.len = entry.len;
  if (entry.err !== undefined) own.err = [...(Array.isArray(own.err) ? own.err : []), entry.err];
  if (entry.val !== undefined && own.val === undefined) own.val = entry.val;
}

/**
 * The annotation Relay writes for an error it records: at the erroneous field (the error's
 * `name`), `err` with the error's type and details, `val` with the value it replaced.
 */
export function addErrorMeta(event: JsonObject, error: JsonObject & { type: string }): void {
  const { type, name, value, ...details } = error;
  if (typeof name !== 'string' || name === '') return;
  addMeta(event, name.split('.'), {
    err: Object.keys(details).length === 0 ? type : [type, details],
    ...(value === undefined ? {} : { val: value }),
  });
}

/**
 * Takes the annotation tree at `path` under `_meta` out of it (its emptied parents too, `_meta`
 * itself included); undefined when there is none.
 */
function takeMeta(event: JsonObject, path: MetaPath): JsonValue | undefined {
  const chain: Array<[JsonObject, string]> = [[event, '_meta']];
  let node: JsonValue | undefined = event._meta;
  for (const key of path) {
    if (!isObject(node)) return undefined;
    chain.push([node, String(key)]);
    node = Object.hasOwn(node, String(key)) ? node[String(key)] : undefined;
  }
  if (node === undefined) return undefined;
  for (let at = chain.length - 1; at >= 0; at--) {
    const [parent, key] = chain[at]!;
    delete parent[key];
    if (Object.keys(parent).length > 0 || parent === event) break;
  }
  return node;
}

/**
 * Moves the annotations at `from` to `to` (or drops them when `to` is undefined), as Relay's meta
 * travels with a value that normalization moves (`message` becoming `logentry`, …). Annotations
 * already at `to` are kept; the moved ones fill in what they lack.
 */
export function moveMeta(event: JsonObject, from: MetaPath, to: MetaPath | undefined): void {
  const moved = takeMeta(event, from);
  if (to === undefined || moved === undefined) return;
  let node = child(event, '_meta');
  for (const key of to.slice(0, -1)) node = child(node, String(key));
  const last = String(to[to.length - 1]);
  const existing = Object.hasOwn(node, last) ? node[last] : undefined;
  if (isObject(existing) && isObject(moved)) {
    for (const [key, value] of Object.entries(moved))
      if (!Object.hasOwn(existing, key)) setOwn(existing, key, value);
  } else if (existing === undefined) {
    setOwn(node, last, moved);
  }
}
