/**
 * An Explore saved query's request body checked as Sentry's `ExploreSavedQuerySerializer` checks it
 * (Django REST framework fields, then its `validate`): every field's mistakes at once in DRF's words,
 * a `query` list of at least one `{mode, fields, orderby, groupby, query, visualize …}`, each query's
 * search read by the spans (or logs) search's own parser (a search the Explore page could not run is
 * a 400 with the parser's reason, where Sentry would only fail on running it), and Sentry's "Interval
 * could not be parsed". A project the organization does not have is Sentry's 403, not a 400.
 */

import { FaultlineError } from '../../../src-shared/errors.ts';
import { EXPLORE_SAVED_DATASETS } from '../../../src-shared/explore-saved-api.ts';
import {
  booleanField,
  type Check,
  charField,
  choiceField,
  dateTimeField,
  type FieldSpec,
  fail,
  integerField,
  listField,
  PERMISSION_DENIED,
  pythonType,
  readFields,
  SavedQueryInvalid,
} from '../discover/drf-fields.ts';
import { LOGS } from '../http/sentry-api/explore-logs.ts';
import { exploreFilter } from '../http/sentry-api/explore-search.ts';
import { SPANS } from '../http/sentry-api/explore-spans.ts';
import { SentryApiError } from '../http/sentry-api/request.ts';
import { parseStatsPeriod } from '../http/sentry-api/time-range.ts';

/** The keys Sentry keeps of the body beside its queries, in its order. */
const OUTER_KEYS = ['environment', 'range', 'start', 'end', 'interval'] as const;

export interface ExploreSavedInput {
  name: string;
  /** Project ids; empty with `query.all_projects` for "All projects". */
  projects: number[];
  dataset: string;
  query: Record<string, unknown>;
}

/** DRF's nested serializer: a dictionary whose fields each pass their spec. */
function objectField(fields: Record<string, FieldSpec>): Check {
  return (value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      return {
        error: { non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonType(value)}.`] },
      };
    const { data, errors } = readFields(value as Record<string, unknown>, fields);
    return errors ? { error: errors } : { value: data };
  };
}

/** DRF's CharField with `max_length`. */
function maxLength(check: Check, most: number): Check {
  return (value) => {
    const checked = check(value);
    if ('value' in checked && String(checked.value).length > most)
      return fail(`Ensure this field has no more than ${most} characters.`);
    return checked;
  };
}

/** DRF's DictField: any dictionary, kept as given (Sentry's `aggregateField` entries). */
const dictField: Check = (value) =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? { value }
    : fail(`Expected a dictionary of items but got type "${pythonType(value)}".`);

/** DRF's ListField with `min_length`. */
function nonEmptyList(child: Check): Check {
  const list = listField(child);
  return (value) =>
    Array.isArray(value) && value.length === 0
      ? fail('Ensure this field has at least 1 elements.')
      : list(value);
}

const VISUALIZE: Record<string, FieldSpec> = {
  chartType: { check: integerField() },
  yAxes: { check: listField(charField()), required: true },
};

const QUERY: Record<string, FieldSpec> = {
  fields: { check: listField(charField()), allowNull: true },
  orderby: { check: charField(), allowNull: true },
  groupby: { check: listField(charField()), allowNull: true },
  query: { check: charField({ allowBlank: true }), allowNull: true },
  visualize: { check: listField(objectField(VISUALIZE)), allowNull: true },
  aggregateField: { check: listField(dictField), allowNull: true },
  aggregateOrderby: { check: charField(), allowNull: true },
  mode: { check: choiceField(['samples', 'aggregate']), required: true },
  caseInsensitive: { check: booleanField, default: false },
};

const FIELDS: Record<string, FieldSpec> = {
  name: { check: maxLength(charField(), 255), required: true },
  projects: { check: listField(integerField()), default: [] },
  dataset: { check: choiceField(EXPLORE_SAVED_DATASETS), default: 'spans' },
  start: { check: dateTimeField, allowNull: true },
  end: { check: dateTimeField, allowNull: true },
  range: { check: charField(), allowNull: true },
  environment: { check: listField(charField()), allowNull: true },
  interval: { check: charField(), allowNull: true },
  query: { check: nonEmptyList(objectField(QUERY)), required: true },
};

/** Sentry's `validate_projects`: every id one of the organization's, or `[-1]` for all of them. */
function checkProjects(ids: number[], known: ReadonlySet<number>): void {
  const all = ids.length > 0 && ids.every((id) => id === -1);
  if (!all && ids.some((id) => !known.has(id))) throw new FaultlineError('forbidden', PERMISSION_DENIED);
}

/**
 * Each query's search read as the dataset's search reads it (parsed, its keys and comparisons
 * checked against the dataset's columns): its mistakes under its index, as DRF nests them.
 */
function checkSearches(dataset: string, queries: Record<string, unknown>[]): void {
  const errors: Record<string, unknown> = {};
  queries.forEach((query, index) => {
    if (typeof query.query !== 'string') return;
    try {
      if (dataset === 'logs') exploreFilter(LOGS, query.query, () => null);
      else exploreFilter(SPANS, query.query, () => null);
    } catch (error) {
      if (!(error instanceof SentryApiError)) throw error;
      errors[String(index)] = {
        query: [String((error.body as { detail?: string }).detail ?? error.message)],
      };
    }
  });
  if (Object.keys(errors).length > 0) throw new SavedQueryInvalid({ query: errors });
}

/** Sentry's `validate`: the queries' keys kept, "All projects", an interval that parses; and searches that parse. */
export function checkExploreSavedBody(body: unknown, known: ReadonlySet<number>): ExploreSavedInput {
  if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body)))
    throw new SavedQueryInvalid({
      non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonType(body)}.`],
    });
  const { data, errors } = readFields((body ?? {}) as Record<string, unknown>, FIELDS);
  if (errors) throw new SavedQueryInvalid(errors);
  checkProjects(data.projects as number[], known);
  const query: Record<string, unknown> = {};
  for (const key of OUTER_KEYS) if (data[key] !== undefined && data[key] !== null) query[key] = data[key];
  const queries = data.query as Record<string, unknown>[];
  query.query = queries;
  let ids = [...new Set(data.projects as number[])].sort((a, b) => a - b);
  if (ids.length === 1 && ids[0] === -1) {
    ids = [];
    query.all_projects = true;
  }
  if (typeof query.interval === 'string' && parseStatsPeriod(query.interval) === undefined)
    throw new SavedQueryInvalid({ non_field_errors: ['Interval could not be parsed'] });
  checkSearches(data.dataset as string, queries);
  return { name: data.name as string, projects: ids, dataset: data.dataset as string, query };
}
