import { isObject, type JsonObject, type JsonValue } from './json.ts';
import type { NormalizeStage } from './types.ts';

/**
 * Relay writes the event out through its schema (relay-protocol `IntoValue::serialize_payload`):
 * a field whose value is null is left out (`skip_serialization`, by default `Null(true)`), and so
 * is a null entry of a typed list or of an `Object<Value>` field (`extra`, a context, `user.data`,
 * `vars`); below that, free-form values (`Value`) are written as sent, nulls included. A field
 * declared `skip_serialization = "empty"` (a breadcrumb's `data`, a frame's `function`) is left out
 * when empty too, and keeps the nulls inside it. A null that carries an error (its `_meta`) stays,
 * as do the values PII scrubbing removes after this stage (Relay annotates those too).
 *
 * A shape says how far the schema goes below a field: `fields` for a struct (unlisted fields are
 * free-form: only dropped when null), `each` for a map whose values share a shape, `items` for a
 * list; a field without a shape is written as sent.
 */
interface Shape {
  fields?: Record<string, Shape>;
  each?: Shape;
  items?: Shape;
  /** `skip_serialization = "empty"`: '', {} and [] are left out, nulls inside kept. */
  omitEmpty?: boolean;
}

/** A struct of free-form fields, or an `Object<Value>`: its own null entries go, nothing deeper. */
const BAG: Shape = { fields: {} };
const LIST: Shape = { items: {} };
const OMIT_EMPTY: Shape = { omitEmpty: true };
const OMIT_EMPTY_LIST: Shape = { items: {}, omitEmpty: true };

const FRAME: Shape = {
  fields: { function: OMIT_EMPTY, vars: BAG, pre_context: LIST, post_context: LIST, data: BAG },
};
const STACKTRACE: Shape = { fields: { frames: { items: FRAME }, registers: BAG } };
const MECHANISM: Shape = {
  fields: { data: BAG, meta: { fields: { signal: BAG, mach_exception: BAG, errno: BAG } } },
};
const EXCEPTION: Shape = {
  fields: { stacktrace: STACKTRACE, raw_stacktrace: STACKTRACE, mechanism: MECHANISM },
};
const THREAD: Shape = { fields: { stacktrace: STACKTRACE, raw_stacktrace: STACKTRACE, held_locks: BAG } };
const BREADCRUMB: Shape = { fields: { data: OMIT_EMPTY } };

/** `Values<T>`: `{values: [...]}` (a bare list where Faultline keeps one). */
const valuesOf = (item: Shape): Shape => ({ fields: { values: { items: item } }, items: item });

const EVENT: Shape = {
  fields: {
    exception: valuesOf(EXCEPTION),
    threads: valuesOf(THREAD),
    breadcrumbs: valuesOf(BREADCRUMB),
    stacktrace: STACKTRACE,
    template: BAG,
    contexts: { each: BAG },
    // Its pair lists, `env`, the fragment and the inferred content type are also left out when empty.
    request: {
      fields: {
        cookies: OMIT_EMPTY,
        headers: OMIT_EMPTY,
        query_string: OMIT_EMPTY,
        env: { fields: {}, omitEmpty: true },
        fragment: OMIT_EMPTY,
        inferred_content_type: OMIT_EMPTY,
      },
    },
    user: { fields: { data: BAG, geo: BAG } },
    sdk: { fields: { integrations: OMIT_EMPTY_LIST, features: LIST, packages: { items: BAG } } },
    debug_meta: { fields: { images: { items: BAG }, sdk_info: BAG } },
    logentry: BAG,
    extra: BAG,
    modules: BAG,
    fingerprint: LIST,
    errors: { items: BAG },
    measurements: BAG,
    breakdowns: BAG,
    spans: { items: BAG },
    // Carried as sent: an earlier Relay's annotations.
    _meta: {},
  },
};

/** Paths that carry an error (`errors[].name`, dot-separated), as a tree: their nulls stay. */
type Marks = { [key: string]: Marks };

/** The marks of the errors the event came with and those normalization found. */
function marksOf(sent: readonly JsonValue[], found: readonly JsonValue[]): Marks | undefined {
  if (sent.length === 0 && found.length === 0) return undefined;
  const root: Marks = {};
  // Each list in turn, not a flattened copy of both (most events have one error here, a clock
  // drift's; flat() cost ~0.2 us of them).
  for (const error of sent) markError(root, error);
  for (const error of found) markError(root, error);
  return root;
}

function markError(root: Marks, error: JsonValue): void {
  const name = isObject(error) ? error.name : undefined;
  if (typeof name !== 'string') return;
  let node = root;
  for (const part of name.split('.')) {
    if (!Object.hasOwn(node, part)) node[part] = {};
    node = node[part] as Marks;
  }
}

const isEmptyValue = (value: JsonValue): boolean =>
  value === '' ||
  (Array.isArray(value) ? value.length === 0 : isObject(value) && Object.keys(value).length === 0);

/**
 * A shape as the walk uses it: a struct's fields as a Map (most keys of an event are not in its
 * shape, and a Map answers that faster than a lookup on the object, which also searches its
 * prototype), and whether the walk has anything to do below a value of this shape at all.
 */
interface Walk {
  fields: Map<string, Walk> | undefined;
  each: Walk | undefined;
  items: Walk | undefined;
  omitEmpty: boolean;
  /** A struct, map or list: the walk goes into its value (a scalar or free-form value it does not). */
  deep: boolean;
}

const walks = new Map<Shape, Walk>();

function walkOf(shape: Shape): Walk {
  let walk = walks.get(shape);
  if (walk) return walk;
  const fields = shape.fields
    ? new Map(Object.entries(shape.fields).map(([key, field]) => [key, walkOf(field)]))
    : undefined;
  walk = {
    fields,
    each: shape.each && walkOf(shape.each),
    items: shape.items && walkOf(shape.items),
    omitEmpty: shape.omitEmpty === true,
    deep: Boolean(shape.fields || shape.each || shape.items),
  };
  walks.set(shape, walk);
  return walk;
}

/** Whether the field with `walk` and (processed) `value` is left out of the output. */
const omitted = (value: JsonValue, walk: Walk | undefined): boolean =>
  value === null || (walk?.omitEmpty === true && isEmptyValue(value));

function skipInObject(object: JsonObject, walk: Walk, marks: Marks | undefined): void {
  const fields = walk.fields;
  // `for in`, not Object.keys: no array of keys per object (an event's own objects have no
  // inherited enumerable keys), and a key deleted below is the current one.
  for (const key in object) {
    const value = object[key] as JsonValue;
    // Most values are strings and numbers: nothing below them, and never left out unless empty,
    // so their shape is not looked up (with the store below, ~3.3 → ~2.9 µs an event).
    if (typeof value !== 'object' && value !== '') continue;
    const child = fields ? fields.get(key) : walk.each;
    const childMarks = marks && Object.hasOwn(marks, key) ? marks[key] : undefined;
    // Strings, numbers and free-form values have nothing below them to drop: no call for them.
    if (child?.deep && typeof value === 'object' && value !== null) skipNulls(value, child, childMarks);
    if (childMarks === undefined && omitted(value, child)) delete object[key];
  }
}

function skipInArray(array: JsonValue[], items: Walk, marks: Marks | undefined): void {
  let kept = 0;
  for (let i = 0; i < array.length; i++) {
    const value = array[i] as JsonValue;
    const childMarks = marks && Object.hasOwn(marks, String(i)) ? marks[String(i)] : undefined;
    if (items.deep && typeof value === 'object' && value !== null) skipNulls(value, items, childMarks);
    if (childMarks === undefined && value === null) continue;
    // Written back only once an item before it was dropped (nearly never): no store into every
    // item of every list.
    if (kept !== i) array[kept] = value;
    kept++;
  }
  if (kept !== array.length) array.length = kept;
}

function skipNulls(value: JsonValue, walk: Walk, marks: Marks | undefined): void {
  if (Array.isArray(value)) {
    if (walk.items) skipInArray(value, walk.items, marks);
  } else if (isObject(value) && (walk.fields || walk.each)) skipInObject(value, walk, marks);
}

const EVENT_WALK = walkOf(EVENT);

export const skipNullFields: NormalizeStage = (event, ctx) => {
  skipInObject(event, EVENT_WALK, marksOf(Array.isArray(event.errors) ? event.errors : [], ctx.errors));
};
