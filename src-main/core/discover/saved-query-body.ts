/**
 * A saved query's request body checked as Sentry's `DiscoverSavedQuerySerializer` checks it (Django
 * REST framework fields, then its `validate`): every field's mistakes at once in DRF's words
 * (`{"name": ["This field is required."]}`), then the query-wide ones under `non_field_errors`
 * (version 1 and 2 attributes, "You must include at least one field.", "Cannot save invalid query: …").
 * A project the organization does not have is Sentry's 403, not a 400.
 */
import { SAVED_QUERY_DATASETS } from '../../../src-shared/discover-saved-api.ts';
import { FaultlineError } from '../../../src-shared/errors.ts';
import { IssueSearchError, parseEventSearch } from '../../../src-shared/issue-search/index.ts';
import { parseStatsPeriod } from '../http/sentry-api/time-range.ts';
import {
  type Check,
  charField,
  choiceField,
  dateTimeField,
  type FieldErrors,
  type FieldSpec,
  fail,
  integerField,
  listField,
  PERMISSION_DENIED,
  pythonType,
  readFields,
  SavedQueryInvalid,
} from './drf-fields.ts';

export { type FieldErrors, PERMISSION_DENIED, SavedQueryInvalid };

/** The query keys Sentry keeps in the saved query's JSON, in its order. */
export const QUERY_KEYS = [
  'environment',
  'query',
  'fields',
  'conditions',
  'aggregations',
  'range',
  'start',
  'end',
  'orderby',
  'limit',
  'widths',
  'yAxis',
  'display',
  'topEvents',
  'interval',
] as const;
export type QueryKey = (typeof QUERY_KEYS)[number];

/** Attributes each version refuses (version 1 is Sentry's first Discover, 2 today's). */
const DISALLOWED: Record<number, ReadonlySet<string>> = {
  1: new Set(['environment', 'query', 'yAxis', 'display', 'topEvents', 'interval']),
  2: new Set(['groupby', 'rollup', 'aggregations', 'conditions', 'limit']),
};

export interface SavedQueryInput {
  name: string;
  /** Project ids; empty with `query.all_projects` for "All projects". */
  projects: number[];
  version: number;
  dataset: string;
  query: Record<string, unknown>;
}

const anyList: Check = (value) =>
  Array.isArray(value) ? { value } : fail(`Expected a list of items but got type "${pythonType(value)}".`);

const FIELDS: Record<string, FieldSpec> = {
  name: { check: charField(), required: true },
  projects: { check: listField(integerField()), default: [] },
  queryDataset: { check: choiceField(SAVED_QUERY_DATASETS), default: 'error-events' },
  start: { check: dateTimeField, allowNull: true },
  end: { check: dateTimeField, allowNull: true },
  range: { check: charField(), allowNull: true },
  fields: { check: listField(charField()), allowNull: true },
  orderby: { check: charField(), allowNull: true },
  rollup: { check: integerField(), allowNull: true },
  aggregations: { check: listField(anyList), allowNull: true },
  groupby: { check: listField(charField()), allowNull: true },
  conditions: { check: listField(anyList), allowNull: true },
  limit: { check: integerField(0, 1000), allowNull: true },
  version: { check: integerField(1, 2), allowNull: true },
  environment: { check: listField(charField()), allowNull: true },
  query: { check: charField(), allowNull: true },
  widths: { check: listField(charField()), allowNull: true },
  yAxis: { check: listField(charField()), allowNull: true },
  display: { check: charField(), allowNull: true },
  topEvents: { check: integerField(1, 10), allowNull: true },
  interval: { check: charField(), allowNull: true },
};

/**
 * Sentry's `validate_projects`: every id one of the organization's, or `[-1]` for all of them. It
 * raises `PermissionDenied` amid the fields, so it wins over the mistakes of the fields before it.
 */
function checkProjects(ids: number[], known: ReadonlySet<number>): void {
  const all = ids.length > 0 && ids.every((id) => id === -1);
  if (!all && ids.some((id) => !known.has(id))) throw new FaultlineError('forbidden', PERMISSION_DENIED);
}

/** The body's fields as DRF reads them: the values, or every field's mistakes. */
function readBody(body: unknown, known: ReadonlySet<number>): Record<string, unknown> {
  if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body)))
    throw new SavedQueryInvalid({
      non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonType(body)}.`],
    });
  const { data, errors } = readFields((body ?? {}) as Record<string, unknown>, FIELDS, (name, value) => {
    if (name === 'projects') checkProjects(value as number[], known);
  });
  if (errors) throw new SavedQueryInvalid(errors);
  return data;
}

const invalid = (message: string) => new SavedQueryInvalid({ non_field_errors: [message] });

/** Sentry's `validate`: the version's attributes, at least one field, "All projects", a search that parses. */
export function checkSavedQueryBody(body: unknown, known: ReadonlySet<number>): SavedQueryInput {
  const data = readBody(body, known);
  const query: Record<string, unknown> = {};
  for (const key of QUERY_KEYS) if (data[key] !== undefined && data[key] !== null) query[key] = data[key];
  const version = Object.hasOwn(data, 'version') ? data.version : 1;
  const refused = typeof version === 'number' ? DISALLOWED[version] : undefined;
  if (!refused) throw invalid('Invalid version requested.');
  const bad = Object.keys(query)
    .filter((key) => refused.has(key))
    .sort();
  if (bad.length > 0)
    throw invalid(`You cannot use the ${bad.join(', ')} attribute(s) with the selected version`);
  // Sentry fails outright without `fields` at all; the same words serve both.
  if (version === 2 && !((query.fields as string[] | undefined)?.length ?? 0))
    throw invalid('You must include at least one field.');
  let ids = [...new Set(data.projects as number[])].sort((a, b) => a - b);
  if (ids.length === 1 && ids[0] === -1) {
    ids = [];
    query.all_projects = true;
  }
  if (typeof query.query === 'string') {
    // Sentry reads the interval only beside a search, as here.
    if (typeof query.interval === 'string' && parseStatsPeriod(query.interval) === undefined)
      throw invalid('Interval could not be parsed');
    checkSearch(query.query);
  }
  return {
    name: data.name as string,
    projects: ids,
    version: version as number,
    dataset: data.queryDataset as string,
    query,
  };
}

function checkSearch(text: string): void {
  try {
    parseEventSearch(text);
  } catch (error) {
    if (error instanceof IssueSearchError) throw invalid(`Cannot save invalid query: ${error.message}`);
    throw error;
  }
}
