/**
 * A dashboard's request body read as Sentry's `DashboardDetailsSerializer`, `DashboardWidgetSerializer`
 * and `DashboardWidgetQuerySerializer` read theirs (Django REST framework fields in camelCase, then
 * each serializer's `validate`): every field's mistakes at once in DRF's words, nested as the body is
 * (`{"widgets": [{}, {"limit": ["Ensure this value is less than or equal to 10."]}]}`). What the
 * queries ask of Discover is checked after this, by Discover itself (widget-check.ts).
 */
import {
  DISPLAY_TYPES,
  MAX_WIDGETS,
  WIDGET_TYPES,
  type WidgetType,
} from '../../../src-shared/dashboards-api.ts';
import { FaultlineError } from '../../../src-shared/errors.ts';
import {
  type Check,
  charField,
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
} from '../discover/drf-fields.ts';
import { parseStatsPeriod } from '../http/sentry-api/time-range.ts';

export interface WidgetQueryInput {
  id?: number;
  name?: string;
  fields?: string[];
  aggregates?: string[] | null;
  columns?: string[] | null;
  fieldAliases?: string[] | null;
  conditions?: string;
  orderby?: string;
  isHidden?: boolean;
}

export interface LayoutInput {
  x: number;
  y: number;
  w: number;
  h: number;
  minH: number;
}

export interface WidgetInput {
  id?: number;
  title?: string;
  description?: string | null;
  displayType?: string;
  widgetType?: WidgetType;
  interval?: string;
  limit?: number | null;
  layout?: LayoutInput | null;
  queries?: WidgetQueryInput[];
}

export interface DashboardInput {
  title?: string;
  widgets?: WidgetInput[];
  /** Project ids; `[-1]` for all of them (Sentry's `ALL_ACCESS_PROJECTS`). */
  projects?: number[];
  environment?: string[] | null;
  period?: string | null;
  start?: string | null;
  end?: string | null;
}

/** DRF's serializer as a field: an object whose keys each pass their spec, then `validate`. */
function objectField(
  specs: Record<string, FieldSpec>,
  validate?: (data: Record<string, unknown>) => void,
): Check {
  return (value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      return fail(`Invalid data. Expected a dictionary, but got ${pythonType(value)}.`);
    const { data, errors } = readFields(value as Record<string, unknown>, specs);
    if (errors) return { error: errors };
    try {
      validate?.(data);
    } catch (error) {
      if (error instanceof SavedQueryInvalid) return { error: error.errors };
      throw error;
    }
    return { value: data };
  };
}

/** DRF's `many=True` serializer: a list whose mistakes are a list, `{}` for each item without any. */
function manyField(child: Check): Check {
  return (value) => {
    if (!Array.isArray(value)) return fail(`Expected a list of items but got type "${pythonType(value)}".`);
    const checked = value.map((item) => child(item));
    if (!checked.some((c) => 'error' in c))
      return { value: checked.map((c) => ('value' in c ? c.value : null)) };
    return {
      error: checked.map((c) =>
        'error' in c ? (Array.isArray(c.error) ? { non_field_errors: c.error } : c.error) : {},
      ),
    };
  };
}

const invalid = (errors: FieldErrors) => new SavedQueryInvalid(errors);

const choice =
  (choices: readonly string[], map: Record<string, string> = {}): Check =>
  (value) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (typeof value === 'string' && (choices.includes(value) || map[value] !== undefined))
      return { value: map[value] ?? value };
    return fail(`"${text}" is not a valid choice.`);
  };

const booleanField: Check = (value) =>
  typeof value === 'boolean' ? { value } : fail('Must be a valid boolean.');

const idField: Check = (value) => {
  const text = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : '';
  return /^\d{1,15}$/.test(text)
    ? { value: Number(text) }
    : fail('Invalid ID format. Must be a numeric string');
};

/** Sentry's `LayoutField`: all of x, y, w, h and minH, each a whole number. */
const layoutField: Check = (value) => {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return fail(`Invalid data. Expected a dictionary, but got ${pythonType(value)}.`);
  const given = value as Record<string, unknown>;
  const keys = ['h', 'minH', 'w', 'x', 'y'];
  const missing = keys.filter((key) => !Object.hasOwn(given, key));
  if (missing.length > 0) return fail(`Missing required keys: ${missing.join(', ')}`);
  const bad = keys.find((key) => !Number.isInteger(given[key]) || (given[key] as number) < 0);
  if (bad) return fail(`Expected number for: ${bad === 'minH' ? 'min_h' : bad}`);
  return { value: Object.fromEntries(['x', 'y', 'w', 'h', 'minH'].map((key) => [key, given[key]])) };
};

const intervalField: Check = (value) => {
  const checked = charField()(value);
  if ('error' in checked) return checked;
  const text = checked.value as string;
  if (text.length > 10) return fail('Ensure this field has no more than 10 characters.');
  return parseStatsPeriod(text) === undefined || parseStatsPeriod(text) === 0
    ? fail('Invalid interval')
    : checked;
};

const limited =
  (check: Check, max: number): Check =>
  (value) => {
    const checked = check(value);
    if ('error' in checked) return checked;
    return String(checked.value).length > max
      ? fail(`Ensure this field has no more than ${max} characters.`)
      : checked;
  };

const QUERY = objectField(
  {
    id: { check: idField },
    name: { check: charField({ allowBlank: true }) },
    fields: { check: listField(charField()) },
    aggregates: { check: listField(charField()), allowNull: true },
    columns: { check: listField(charField()), allowNull: true },
    fieldAliases: { check: listField(charField({ allowBlank: true })), allowNull: true },
    conditions: { check: charField({ allowBlank: true }) },
    orderby: { check: charField({ allowBlank: true }) },
    isHidden: { check: booleanField },
  },
  (data) => {
    // Sentry's query serializer: a new query names its fields and conditions.
    if (data.id === undefined && (data.fields === undefined || data.conditions === undefined))
      throw invalid({
        fields: 'fields are required during creation.',
        conditions: 'conditions are required during creation.',
      });
  },
);

const WIDGET = objectField(
  {
    id: { check: idField },
    title: { check: limited(charField({ allowBlank: true }), 255) },
    description: { check: limited(charField({ allowBlank: true }), 255), allowNull: true },
    displayType: { check: choice(DISPLAY_TYPES) },
    widgetType: { check: choice(WIDGET_TYPES, { discover: 'error-events' }) },
    interval: { check: intervalField },
    limit: { check: integerField(1, 10), allowNull: true },
    layout: { check: layoutField, allowNull: true },
    queries: { check: manyField(QUERY) },
    thresholds: { check: (value) => ({ value }), allowNull: true },
  },
  (data) => {
    // Sentry's widget serializer: a new widget has queries, a title and a visualization.
    if (data.id !== undefined) return;
    if (!((data.queries as unknown[] | undefined)?.length ?? 0))
      throw invalid({ queries: 'One or more queries are required to create a widget' });
    if (!data.title) throw invalid({ title: 'Title is required during creation.' });
    if (data.displayType === undefined)
      throw invalid({ displayType: 'displayType is required during creation.' });
  },
);

export const checkWidgetShape = (value: unknown): WidgetInput => {
  const checked = WIDGET(value);
  if ('error' in checked)
    throw new SavedQueryInvalid(
      Array.isArray(checked.error) ? { non_field_errors: checked.error } : (checked.error as FieldErrors),
    );
  return checked.value as WidgetInput;
};

const DASHBOARD: Record<string, FieldSpec> = {
  title: { check: limited(charField(), 255) },
  widgets: { check: manyField(WIDGET) },
  projects: { check: listField(integerField()) },
  environment: { check: listField(charField()), allowNull: true },
  period: { check: charField(), allowNull: true },
  start: { check: dateTimeField, allowNull: true },
  end: { check: dateTimeField, allowNull: true },
};

/**
 * The body of Sentry's POST (`creating`: a title is required) or PUT: its fields, then the dashboard's
 * `validate` (start before end, at most {@link MAX_WIDGETS} widgets). A project the organization does
 * not have is Sentry's 403.
 */
export function checkDashboardBody(
  body: unknown,
  known: ReadonlySet<number>,
  creating: boolean,
): DashboardInput {
  const specs = creating
    ? { ...DASHBOARD, title: { ...DASHBOARD.title, required: true } as FieldSpec }
    : DASHBOARD;
  const checked = objectField(specs)(body ?? {});
  if ('error' in checked)
    throw new SavedQueryInvalid(
      Array.isArray(checked.error) ? { non_field_errors: checked.error } : (checked.error as FieldErrors),
    );
  const data = checked.value as DashboardInput;
  const projects = data.projects ?? [];
  const all = projects.length > 0 && projects.every((id) => id === -1);
  if (!all && projects.some((id) => !known.has(id))) throw new FaultlineError('forbidden', PERMISSION_DENIED);
  if (typeof data.period === 'string' && !parseStatsPeriod(data.period))
    throw invalid({ period: ['Invalid period'] });
  if (data.start && data.end && Date.parse(data.start) >= Date.parse(data.end))
    throw invalid({ non_field_errors: ['start must be before end'] });
  if ((data.widgets?.length ?? 0) > MAX_WIDGETS)
    throw invalid({ non_field_errors: [`Number of widgets must be less than ${MAX_WIDGETS}`] });
  return data;
}
