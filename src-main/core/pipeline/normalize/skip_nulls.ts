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

function marksOf(...lists: readonly (readonly JsonValue[])[]): Marks | undefined {
  if (lists.every((list) => list.length === 0)) return undefined;
  const root: Marks = {};
  for (const error of lists.flat()) {
    const name = isObject(error) ? error.name : undefined;
    if (typeof name !== 'string') continue;
    let node = root;
    for (const part of name.split('.')) {
      if (!Object.hasOwn(node, part)) node[part] = {};
      node = node[part] as Marks;
    }
  }
  return root;
}

const isEmptyValue = (value: JsonValue): boolean =>
  value === '' ||
  (Array.isArray(value) ? value.length === 0 : isObject(value) && Object.keys(value).length === 0);

/** Whether the field with `shape` and (processed) `value` is left out of the output. */
const omitted = (value: JsonValue, shape: Shape | undefined): boolean =>
  value === null || (shape?.omitEmpty === true && isEmptyValue(value));

/**
 * A struct's fields as a Map: most keys of an event are not in its shape, and a Map answers that
 * faster than a lookup of the key on the object (which also searches its prototype; no shape
 * found there has `fields`, `each` or `items`, so it was as good as none).
 */
const fieldMaps = new Map<Record<string, Shape>, Map<string, Shape>>();

function fieldMap(fields: Record<string, Shape>): Map<string, Shape> {
  let map = fieldMaps.get(fields);
  if (!map) {
    map = new Map(Object.entries(fields));
    fieldMaps.set(fields, map);
  }
  return map;
}

function skipInObject(object: JsonObject, shape: Shape, marks: Marks | undefined): void {
  const fields = shape.fields ? fieldMap(shape.fields) : undefined;
  for (const key of Object.keys(object)) {
    const value = object[key] as JsonValue;
    const child = fields ? fields.get(key) : shape.each;
    const childMarks = marks && Object.hasOwn(marks, key) ? marks[key] : undefined;
    if (value !== null && child) skipNulls(value, child, childMarks);
    if (childMarks === undefined && omitted(value, child)) delete object[key];
  }
}

function skipInArray(array: JsonValue[], shape: Shape, marks: Marks | undefined): void {
  let kept = 0;
  for (let i = 0; i < array.length; i++) {
    const value = array[i] as JsonValue;
    const childMarks = marks && Object.hasOwn(marks, String(i)) ? marks[String(i)] : undefined;
    if (value !== null && shape.items) skipNulls(value, shape.items, childMarks);
    if (childMarks !== undefined || value !== null) array[kept++] = value;
  }
  if (kept !== array.length) array.length = kept;
}

function skipNulls(value: JsonValue, shape: Shape, marks: Marks | undefined): void {
  if (Array.isArray(value)) {
    if (shape.items) skipInArray(value, shape, marks);
  } else if (isObject(value) && (shape.fields || shape.each)) skipInObject(value, shape, marks);
}

export const skipNullFields: NormalizeStage = (event, ctx) => {
  skipInObject(event, EVENT, marksOf(Array.isArray(event.errors) ? event.errors : [], ctx.errors));
};
