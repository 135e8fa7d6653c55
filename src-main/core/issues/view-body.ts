/**
 * An issue view's request body checked as Sentry's `ViewValidator` checks it (Django REST framework
 * fields): every field's mistakes at once in DRF's words (`{"name": ["This field is required."]}`),
 * the search parsed by the issue list's own parser ("Invalid issue search query: …"), the sort one
 * of the list's, the projects the organization's ("One or more projects do not exist"). Faultline's
 * list shows its own periods only, so a time filter is one of them or an absolute range.
 */
import { FaultlineError } from '../../../src-shared/errors.ts';
import { MAX_VIEW_NAME } from '../../../src-shared/issue-views-api.ts';
import { ISSUE_SORTS, STATS_PERIODS } from '../../../src-shared/issues-api.ts';
import { SavedQueryInvalid as IssueViewInvalid } from '../discover/drf-fields.ts';
import { parseSearch } from './queries/event-search.ts';

export type FieldErrors = Record<string, string[]>;

/** A body Sentry would answer 400 (DRF's error object), the same error as the saved queries' bodies. */
export { IssueViewInvalid };

/** Sentry's `ENVIRONMENT_NAME_MAX_LENGTH`. */
const MAX_ENVIRONMENT_NAME = 64;

export interface IssueViewInput {
  name: string;
  query: string;
  querySort: string;
  /** Project ids; empty with `allProjects` for "All projects". */
  projects: number[];
  allProjects: boolean;
  environments: string[];
  timeFilters: { period?: string; start?: string; end?: string; utc?: boolean };
  /** Sentry's POST only: star the new view. */
  starred: boolean;
}

/** Python's name of a JSON value's type, as DRF's messages say it. */
function pythonType(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return 'dict';
}

type Checked<T> = { value: T } | { error: string };

function text(
  value: unknown,
  { allowBlank = false, max }: { allowBlank?: boolean; max?: number },
): Checked<string> {
  if (value === null) return { error: 'This field may not be null.' };
  if (typeof value !== 'string' && typeof value !== 'number') return { error: 'Not a valid string.' };
  const trimmed = String(value).trim();
  if (trimmed === '' && !allowBlank) return { error: 'This field may not be blank.' };
  if (max !== undefined && trimmed.length > max)
    return { error: `Ensure this field has no more than ${max} characters.` };
  return { value: trimmed };
}

function list<T>(value: unknown, item: (entry: unknown) => Checked<T>): Checked<T[]> {
  if (!Array.isArray(value))
    return { error: `Expected a list of items but got type "${pythonType(value)}".` };
  const out: T[] = [];
  for (const [index, entry] of value.entries()) {
    const checked = item(entry);
    if ('error' in checked) return { error: `Item ${index}: ${checked.error}` };
    out.push(checked.value);
  }
  return { value: out };
}

const integer = (value: unknown): Checked<number> =>
  (typeof value === 'number' || typeof value === 'string') && /^-?\d+$/.test(String(value).trim())
    ? { value: Number(value) }
    : { error: 'A valid integer is required.' };

/** A search the issue list could not run is refused now, not when someone opens the view. */
function search(value: unknown): Checked<string> {
  const checked = text(value, { allowBlank: true });
  if ('error' in checked) return checked;
  try {
    parseSearch(checked.value);
  } catch (error) {
    if (error instanceof FaultlineError) return { error: `Invalid issue search query: ${error.message}` };
    throw error;
  }
  return checked;
}

function sort(value: unknown): Checked<string> {
  if (typeof value === 'string' && (ISSUE_SORTS as readonly string[]).includes(value)) return { value };
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return { error: `"${shown}" is not a valid choice. The issue list sorts by ${ISSUE_SORTS.join(', ')}.` };
}

const instant = (value: unknown): number | undefined =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? Date.parse(value) : undefined;

/** Sentry's `timeFilters`: a dictionary, not empty; here a period of the list's, or a range. */
function timeFilters(value: unknown): Checked<IssueViewInput['timeFilters']> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { error: `Expected a dictionary of items but got type "${pythonType(value)}".` };
  const given = value as Record<string, unknown>;
  if (Object.keys(given).length === 0) return { error: 'This dictionary may not be empty.' };
  const utc = typeof given.utc === 'boolean' ? { utc: given.utc } : {};
  if (given.start != null || given.end != null) {
    const start = instant(given.start);
    const end = instant(given.end);
    if (start === undefined || end === undefined)
      return { error: 'An absolute range needs both start and end, each an ISO 8601 date.' };
    if (start >= end) return { error: 'The range’s start must be before its end.' };
    return { value: { start: new Date(start).toISOString(), end: new Date(end).toISOString(), ...utc } };
  }
  const period = given.period ?? '14d';
  if (typeof period !== 'string' || !(STATS_PERIODS as readonly string[]).includes(period))
    return {
      error: `Unknown period ${JSON.stringify(period)}: the issue list's periods are ${STATS_PERIODS.join(', ')}.`,
    };
  return { value: { period, ...utc } };
}

interface Field {
  required: boolean;
  check: (value: unknown) => Checked<unknown>;
}

const FIELDS: Record<string, Field> = {
  name: { required: true, check: (value) => text(value, { max: MAX_VIEW_NAME }) },
  query: { required: true, check: search },
  querySort: { required: false, check: sort },
  projects: { required: true, check: (value) => list(value, integer) },
  environments: {
    required: true,
    check: (value) => list(value, (entry) => text(entry, { max: MAX_ENVIRONMENT_NAME })),
  },
  timeFilters: { required: true, check: timeFilters },
  starred: {
    required: false,
    check: (value) => (typeof value === 'boolean' ? { value } : { error: 'Must be a valid boolean.' }),
  },
};

/** The body as Sentry's validator reads it: the values, or every field's mistakes (a 400). */
export function checkIssueViewBody(body: unknown, projectIds: ReadonlySet<number>): IssueViewInput {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new IssueViewInvalid({
      non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonType(body)}.`],
    });
  const given = body as Record<string, unknown>;
  const data: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const [name, field] of Object.entries(FIELDS)) {
    if (!Object.hasOwn(given, name)) {
      if (field.required) errors[name] = ['This field is required.'];
      continue;
    }
    const checked = field.check(given[name]);
    if ('error' in checked) errors[name] = [checked.error];
    else data[name] = checked.value;
  }
  const projects = (data.projects as number[] | undefined) ?? [];
  const allProjects = projects.length === 1 && projects[0] === -1;
  if (!errors.projects && !allProjects && projects.some((id) => !projectIds.has(id)))
    errors.projects = ['One or more projects do not exist'];
  if (Object.keys(errors).length > 0) throw new IssueViewInvalid(errors);
  return {
    name: data.name as string,
    query: data.query as string,
    querySort: (data.querySort as string | undefined) ?? 'date',
    projects: allProjects ? [] : [...new Set(projects)].sort((a, b) => a - b),
    allProjects,
    environments: [...new Set(data.environments as string[])],
    timeFilters: data.timeFilters as IssueViewInput['timeFilters'],
    starred: data.starred === true,
  };
}
