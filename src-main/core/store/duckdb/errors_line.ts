/**
 * An `errors` row as its line of the bulk insert (errors_json_batch.ts): a JSON object, fields
 * named by column position, the group id first. Kept apart from the statement (and from DuckDB's
 * client, which it does not need) because the prepare threads encode lines: loading DuckDB's
 * bindings there cost each thread's start tens of milliseconds.
 */

export class ErrorsEncodingError extends Error {
  readonly type = 'errors_encoding';
}

type Encode = (value: unknown) => unknown;

/** How a column's values are written into a line (plain data: it goes to prepare threads). */
export type ValueEncoding = 'value' | 'millis' | 'bigint' | { list: ValueEncoding };

/** What encoding an `errors` row into its line needs of the table: its columns, in order. */
export interface ErrorsLineLayout {
  names: string[];
  encodings: ValueEncoding[];
}

/** Whether two layouts encode rows into the same lines. */
export function sameLayout(a: ErrorsLineLayout, b: ErrorsLineLayout): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function dateMillis(value: unknown): number {
  const millis = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Number.NaN;
  if (!Number.isFinite(millis)) throw new ErrorsEncodingError('Cannot convert an Invalid Date');
  return millis;
}

function bigintText(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** Values of this encoding are written as they are (lists of them too). */
function isPlain(encoding: ValueEncoding): boolean {
  return typeof encoding === 'object' ? isPlain(encoding.list) : encoding === 'value';
}

function encoderFor(encoding: ValueEncoding): Encode {
  if (typeof encoding === 'object') {
    const item = encoderFor(encoding.list);
    return (value) => (Array.isArray(value) ? value.map(item) : value);
  }
  switch (encoding) {
    case 'millis':
      return (value) => (value === null || value === undefined ? null : dateMillis(value));
    case 'bigint':
      return bigintText;
    default:
      return (value) => value;
  }
}

/**
 * A function that builds a row's line object as one object literal: `{c7: …, c0: …, c1: …}`, the
 * columns in `order`, each value through its column's encoder (plain values as they are). Every
 * row's object then has the same shape, which JSON.stringify serializes about twice as fast as an
 * object given 60 computed keys one by one (measured on a 4.3 KB SDK event: 25 → 12 µs a row).
 * The source is made from column positions and names quoted by JSON.stringify, nothing else.
 */
function shapeOf(
  layout: ErrorsLineLayout,
  order: number[],
): (values: Record<string, unknown>, encoders: Encode[]) => object {
  const fields = order.map((i) => {
    const value = `values[${JSON.stringify(layout.names[i])}] ?? null`;
    return `c${i}: ${isPlain(layout.encodings[i]!) ? value : `encoders[${i}](${value})`}`;
  });
  return new Function('values', 'encoders', `return {${fields.join(', ')}};`) as (
    values: Record<string, unknown>,
    encoders: Encode[],
  ) => object;
}

/** Lines start with the group id, so that one made before the group was known can be given it. */
const GROUP_COLUMN = 'group_id';

/**
 * Encodes rows into lines of `$batch` for a layout: a JSON object per row, fields named by column
 * position, the group id first.
 */
export class ErrorsLineEncoder {
  readonly #encoders: Encode[];
  readonly #prefix: string;
  /** A row's line as an object literal of one fixed shape, keys in line order (see shapeOf). */
  readonly #shape: (values: Record<string, unknown>, encoders: Encode[]) => object;

  constructor(layout: ErrorsLineLayout) {
    this.#encoders = layout.encodings.map(encoderFor);
    const group = layout.names.indexOf(GROUP_COLUMN);
    if (group === -1) throw new TypeError(`errors has no ${GROUP_COLUMN} column`);
    this.#prefix = `{"c${group}":`;
    const others = layout.names.map((_, i) => i).filter((i) => i !== group);
    this.#shape = shapeOf(layout, [group, ...others]);
  }

  encode(row: object): string {
    const out = this.#shape(row as Record<string, unknown>, this.#encoders);
    const line = JSON.stringify(out);
    // Lone surrogates become U+FFFD, as they do when a JS string is handed to DuckDB directly.
    // Most lines hold no `\u` escape at all: that scan is ~10x cheaper than the regex's.
    return line.includes('\\u') && ESCAPED_SURROGATE.test(line) ? JSON.stringify(out, wellFormed) : line;
  }

  /** `line` (encoded by this layout) with another group id. */
  withGroupId(line: string, groupId: number): string {
    if (!line.startsWith(this.#prefix)) throw new TypeError('not a line of this layout');
    const end = line.indexOf(',', this.#prefix.length);
    return `${this.#prefix}${groupId}${line.slice(end)}`;
  }
}

/** Lone surrogates that `JSON.stringify` escapes (`\ud800`); DuckDB's parser rejects them. */
const ESCAPED_SURROGATE = /\\ud[89a-f][0-9a-f]{2}/i;

/** `String.prototype.toWellFormed`: every lone surrogate replaced by U+FFFD. */
function wellFormed(_key: string, value: unknown): unknown {
  return typeof value === 'string'
    ? value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    : value;
}
