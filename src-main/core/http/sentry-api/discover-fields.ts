/**
 * Discover's fields on the errors dataset (Sentry's `search/events/fields.py` and the errors
 * builder's field aliases) as SnQL expressions on the `events` entity: each with the type Sentry's
 * `meta.fields` gives it and how its value is written in a row. A name Sentry does not know as a
 * field is a tag, as in Discover (`browser`, `tags[browser]`); an unknown function is refused with
 * Sentry's text.
 */
import type { SnqlValue } from '../../../../src-shared/snql-api.ts';
import { SentryApiError } from './request.ts';
import { snqlString } from './snql-text.ts';

/** How a selected value becomes the row's: as read, or looked up (project slug, short id), or re-spelled. */
export type FieldValue = 'plain' | 'projectSlug' | 'shortId' | 'hexId' | 'integer';

export interface DiscoverField {
  /** The field as requested (the row's key). */
  name: string;
  /** Its SnQL expression. */
  snql: string;
  aggregate: boolean;
  /** Sentry's meta type: `string`, `integer`, `date`, `array`, `rate` … */
  type: string;
  unit: string | null;
  value: FieldValue;
  /** The function's alias (`count` for `count()`), which a sort may name as Sentry allows. */
  alias?: string;
}

type Column = Omit<DiscoverField, 'name' | 'aggregate'>;

const column = (snql: string, type = 'string', value: FieldValue = 'plain'): Column => ({
  snql,
  type,
  unit: null,
  value,
});

/** The errors dataset's fields (Sentry's names) over the `events` entity's columns. */
const COLUMNS: Record<string, Column> = {
  id: column('event_id', 'string', 'hexId'),
  'project.id': column('project_id', 'integer'),
  project: column('project_id', 'string', 'projectSlug'),
  'project.name': column('project_id', 'string', 'projectSlug'),
  issue: column('group_id', 'string', 'shortId'),
  'issue.id': column('group_id', 'integer'),
  timestamp: column('timestamp', 'date'),
  title: column('title'),
  message: column('message'),
  culprit: column('culprit'),
  level: column('level'),
  location: column('location'),
  platform: column('platform'),
  release: column('release'),
  dist: column('dist'),
  environment: column('environment'),
  transaction: column('transaction'),
  trace: column('trace_id', 'string', 'hexId'),
  'trace.span': column('span_id'),
  user: column('user'),
  'user.id': column('user_id'),
  'user.email': column('user_email'),
  'user.username': column('user_name'),
  'user.ip': column('ip_address'),
  // Sentry's `user.display`: the first of email, username, id and IP address the event has.
  'user.display': column(
    "coalesce(nullIf(user_email, ''), nullIf(user_name, ''), nullIf(user_id, ''), ip_address)",
  ),
  'sdk.name': column('sdk_name'),
  'sdk.version': column('sdk_version'),
  'http.method': column('http_method'),
  'http.referer': column('http_referer'),
  'event.type': column('type'),
  'error.type': column('exception_stacks.type', 'array'),
  'error.value': column('exception_stacks.value', 'array'),
  'error.mechanism': column('exception_stacks.mechanism_type', 'array'),
  'error.handled': column('exception_stacks.mechanism_handled', 'array'),
  'stack.filename': column('exception_frames.filename', 'array'),
  'stack.function': column('exception_frames.function', 'array'),
  'stack.module': column('exception_frames.module', 'array'),
  'stack.abs_path': column('exception_frames.abs_path', 'array'),
};

/** The errors dataset's own field names (the app's Discover page offers them). */
export const errorsColumnNames = (): string[] => Object.keys(COLUMNS);

/** Sentry's `VALID_FIELD_PATTERN`: what a field or tag key may be made of. */
const VALID_FIELD = /^[a-zA-Z0-9_.:-]+$/;
const TAG_FIELD = /^tags\[(.+)\]$/;
const FUNCTION = /^(\w+)\((.*)\)$/;

function tagColumn(key: string): Column {
  if (!VALID_FIELD.test(key)) throw new SentryApiError(400, `Invalid characters in field ${key}`);
  return column(`tags[${key}]`);
}

/** A non-aggregate field: a known one, `tags[key]`, or a bare tag key. */
function columnOf(name: string): Column {
  const known = COLUMNS[name];
  if (known) return known;
  const tag = TAG_FIELD.exec(name);
  return tagColumn(tag?.[1] ?? name);
}

/** The period's length, for the rate functions (`epm()`, `eps()`). */
export interface FieldContext {
  periodSeconds: number;
}

function aggregate(name: string, snql: string, type: string, unit: string | null = null): DiscoverField {
  const alias = name
    .replace(/\(\)$/, '')
    .replace(/[^\w]+/g, '_')
    .replace(/_+$/, '');
  return { name, snql, aggregate: true, type, unit, value: type === 'integer' ? 'integer' : 'plain', alias };
}

function functionField(name: string, fn: string, args: string, context: FieldContext): DiscoverField {
  const arg = args.trim();
  switch (fn) {
    case 'count':
      return aggregate(name, 'count()', 'integer');
    case 'count_unique': {
      if (arg === '')
        throw new SentryApiError(400, 'count_unique: expected 1 argument(s) but got 0 argument(s)');
      return aggregate(name, `uniq(${columnOf(arg).snql})`, 'integer');
    }
    case 'last_seen':
      return aggregate(name, 'max(timestamp)', 'date');
    case 'first_seen':
      return aggregate(name, 'min(timestamp)', 'date');
    case 'epm':
      return aggregate(name, `divide(count(), ${context.periodSeconds / 60})`, 'rate', '1/minute');
    case 'eps':
      return aggregate(name, `divide(count(), ${context.periodSeconds})`, 'rate', '1/second');
    case 'count_if': {
      const [field, op, value] = arg.split(',').map((part) => part.trim());
      if (!field || !value || (op !== 'equals' && op !== 'notEquals'))
        throw new SentryApiError(400, `${name}: count_if takes a field, equals or notEquals, and a value`);
      return aggregate(name, `countIf(${op}(${columnOf(field).snql}, ${snqlString(value)}))`, 'integer');
    }
    default:
      throw new SentryApiError(400, `${fn} is not a valid function`);
  }
}

/** One requested field; 400 with Sentry's detail for what it cannot be. */
export function discoverField(name: string, context: FieldContext): DiscoverField {
  const fn = FUNCTION.exec(name);
  if (fn) return functionField(name, fn[1] ?? '', fn[2] ?? '', context);
  if (name.includes('(') || name.includes(')'))
    throw new SentryApiError(400, `Invalid characters in field ${name}`);
  return { name, aggregate: false, ...columnOf(name) };
}

/** A row's value as Sentry's events endpoint writes it. */
export function rowValue(
  field: DiscoverField,
  raw: SnqlValue,
  lookups: { slugs: Map<number, string>; shortIds: Map<number, string> },
): SnqlValue {
  switch (field.value) {
    case 'plain':
      return raw;
    case 'integer':
      return typeof raw === 'string' ? Number(raw) : raw;
    case 'hexId':
      return typeof raw === 'string' ? raw.replaceAll('-', '') : raw;
    case 'projectSlug':
      return lookups.slugs.get(Number(raw)) ?? String(raw);
    case 'shortId':
      // Sentry's `handle_issues`: an issue it cannot find is "unknown".
      return lookups.shortIds.get(Number(raw)) ?? 'unknown';
  }
}

/** The `meta` of an events table (every dataset): each field's type and unit, as Sentry describes its columns. */
export function tableMeta(
  fields: ReadonlyArray<{ name: string; type: string; unit: string | null }>,
  dataset: string,
) {
  return {
    fields: Object.fromEntries(fields.map((f) => [f.name, f.type])),
    units: Object.fromEntries(fields.map((f) => [f.name, f.unit])),
    isMetricsData: false,
    isMetricsExtractedData: false,
    tips: {},
    datasetReason: 'unchanged',
    dataset,
  };
}
