/** Safe reads of the stored event JSON (it is whatever the SDK sent, normalized). */
export type Json = Record<string, unknown>;

export function obj(value: unknown): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** `{values: [...]}` or a bare list (Sentry's interfaces accept both). */
export function values(value: unknown): Json[] {
  const list = Array.isArray(value) ? value : arr(obj(value)?.values);
  return list.map(obj).filter((item): item is Json => item !== undefined);
}

/** Tags as pairs, from `[[k, v]]` or `{k: v}`. */
export function pairs(value: unknown): Array<[string, string]> {
  if (Array.isArray(value))
    return value.flatMap(
      (entry): Array<[string, string]> =>
        Array.isArray(entry) && typeof entry[0] === 'string' ? [[entry[0], String(entry[1] ?? '')]] : [],
    );
  const object = obj(value);
  return object
    ? Object.entries(object).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])
    : [];
}

export function display(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/** Orders entries by key, case-insensitively, as Sentry's key–value lists are sorted. */
export function byKey([a]: [string, unknown], [b]: [string, unknown]): number {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : 0;
}
