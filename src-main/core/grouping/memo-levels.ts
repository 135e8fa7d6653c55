// Memos keyed by several values in turn, as nested maps: a lookup hashes each value (V8 keeps a
// string's hash in the string) instead of hashing a key string built from all of them.

/** One level: a map per key value; the last level holds the remembered values. */
export interface MemoLevel<T> extends Map<string | null, MemoLevel<T> | T> {}

/** The level below `level` for `key`, made when missing. */
export function levelOf<T>(level: MemoLevel<T>, key: string | null): MemoLevel<T> {
  let next = level.get(key) as MemoLevel<T> | undefined;
  if (!next) {
    next = new Map();
    level.set(key, next);
  }
  return next;
}
