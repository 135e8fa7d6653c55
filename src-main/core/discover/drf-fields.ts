/**
 * Django REST framework's fields as Sentry's serializers use them, for the bodies Faultline checks as
 * Sentry does (Discover's and Explore's saved queries, dashboards): each value read or its mistakes in DRF's words,
 * and the error whose object is the 400's body. No imports beyond the errors: serializers build
 * their fields when their module loads.
 */
import { FaultlineError } from '../../../src-shared/errors.ts';

/** Sentry's `PermissionDenied` for a project outside the organization. */
export const PERMISSION_DENIED = 'You do not have permission to perform this action.';

export type FieldErrors = Record<string, unknown>;

/** A body Sentry would answer 400: DRF's error object is the answer's body. */
export class SavedQueryInvalid extends FaultlineError {
  readonly errors: FieldErrors;

  constructor(errors: FieldErrors) {
    super('invalid_params', describe(errors));
    this.errors = errors;
  }
}

/** DRF's errors as one line for the RPC: `name: This field is required.; fields[0]: Not a valid string.`. */
function describe(errors: FieldErrors, where = ''): string {
  return Object.entries(errors)
    .map(([key, value]) => {
      const at = key === 'non_field_errors' ? where : where === '' ? key : `${where}[${key}]`;
      if (Array.isArray(value) && value.some((item) => typeof item === 'object' && item !== null))
        return describe(Object.fromEntries(value.map((item, i) => [String(i), item])), at);
      if (Array.isArray(value)) return `${at === '' ? '' : `${at}: `}${value.join(' ')}`;
      if (typeof value === 'string') return `${at}: ${value}`;
      return describe(value as FieldErrors, at);
    })
    .filter((text) => text !== '')
    .join('; ');
}

/** Python's name of a JSON value's type, as DRF's messages say it. */
export function pythonType(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return 'dict';
}

export type Check = (value: unknown) => { value: unknown } | { error: unknown };

export const fail = (message: string) => ({ error: [message] });

export function charField({ allowBlank = false } = {}): Check {
  return (value) => {
    if (typeof value === 'boolean' || !['string', 'number'].includes(typeof value))
      return fail('Not a valid string.');
    const text = String(value).trim();
    if (text === '' && !allowBlank) return fail('This field may not be blank.');
    return { value: text };
  };
}

export function integerField(min?: number, max?: number): Check {
  return (value) => {
    const text = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : '';
    if (!/^[-+]?\d+(\.0*)?$/.test(text)) return fail('A valid integer is required.');
    const number = Number.parseInt(text, 10);
    if (max !== undefined && number > max) return fail(`Ensure this value is less than or equal to ${max}.`);
    if (min !== undefined && number < min)
      return fail(`Ensure this value is greater than or equal to ${min}.`);
    return { value: number };
  };
}

/** DRF's ListField: a list whose items each pass `child`; an item's mistakes keyed by its index. */
export function listField(child: Check): Check {
  return (value) => {
    if (!Array.isArray(value)) return fail(`Expected a list of items but got type "${pythonType(value)}".`);
    const out: unknown[] = [];
    const errors: Record<string, unknown> = {};
    value.forEach((item, index) => {
      const checked = item === null ? fail('This field may not be null.') : child(item);
      if ('error' in checked) errors[String(index)] = checked.error;
      else out.push(checked.value);
    });
    return Object.keys(errors).length > 0 ? { error: errors } : { value: out };
  };
}

/** DRF's BooleanField: its true and false spellings. */
export const booleanField: Check = (value) => {
  if (value === true || value === 'true' || value === 1 || value === '1') return { value: true };
  if (value === false || value === 'false' || value === 0 || value === '0') return { value: false };
  return fail('Must be a valid boolean.');
};

const DATETIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export const dateTimeField: Check = (value) => {
  const text = typeof value === 'string' ? value.trim() : '';
  const date = DATETIME.test(text) ? new Date(/[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? text : `${text}Z`) : null;
  if (!date || Number.isNaN(date.getTime()))
    return fail(
      'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
    );
  return { value: date.toISOString() };
};

/** DRF's ChoiceField over string choices. */
export const choiceField =
  (choices: readonly string[]): Check =>
  (value) =>
    typeof value === 'string' && choices.includes(value)
      ? { value }
      : fail(`"${typeof value === 'string' ? value : JSON.stringify(value)}" is not a valid choice.`);

/** One field of a serializer: its check, and whether it is required, may be null, or has a default. */
export interface FieldSpec {
  check: Check;
  required?: boolean;
  allowNull?: boolean;
  default?: unknown;
}

/**
 * A dictionary's fields as a DRF serializer reads them, in the specs' order: a missing field
 * required or defaulted, null refused unless allowed, every other value checked. `passed` is told
 * each value that passed its check as it is read, so that a PermissionDenied it throws wins over
 * the mistakes of the fields before it, as DRF raises it amid the fields. `errors` is undefined when
 * there are none.
 */
export function readFields(
  given: Record<string, unknown>,
  specs: Record<string, FieldSpec>,
  passed?: (name: string, value: unknown) => void,
): { data: Record<string, unknown>; errors: FieldErrors | undefined } {
  const data: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const [name, spec] of Object.entries(specs)) {
    if (!Object.hasOwn(given, name)) {
      if (spec.required) errors[name] = ['This field is required.'];
      else if (spec.default !== undefined) data[name] = spec.default;
      continue;
    }
    const value = given[name];
    if (value === null) {
      if (spec.allowNull) data[name] = null;
      else errors[name] = ['This field may not be null.'];
      continue;
    }
    const checked = spec.check(value);
    if ('error' in checked) errors[name] = checked.error;
    else {
      data[name] = checked.value;
      passed?.(name, checked.value);
    }
  }
  return { data, errors: Object.keys(errors).length > 0 ? errors : undefined };
}
