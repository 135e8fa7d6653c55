/**
 * Breadcrumbs read as Sentry's event page reads them: the type a crumb is shown as (a `default` crumb
 * of category `ui.click` is a user action, `console` debug, `navigation`, `sentry.event` a transaction),
 * the type's name in the filter, the crumb's title, the event itself as the last crumb, and times
 * relative to the first crumb shown.
 */
import { type Json, obj, str, values } from './data.ts';

/** The types Sentry's breadcrumbs know; any other shows as `default`. */
const KNOWN_TYPES = new Set([
  'default',
  'error',
  'warning',
  'info',
  'debug',
  'http',
  'navigation',
  'query',
  'ui',
  'user',
  'system',
  'session',
  'transaction',
  'device',
  'network',
  'connectivity',
]);

/** The type a crumb is shown as (Sentry's `convertCrumbType`). */
export function crumbType(crumb: Json): string {
  const type = str(crumb.type) ?? 'default';
  if (type === 'exception') return 'error';
  const category = str(crumb.category);
  if (type === 'default' && category !== undefined) {
    const [head, sub] = category.split('.');
    if (head === 'ui') return 'ui';
    if (head === 'console') return 'debug';
    if (head === 'navigation') return 'navigation';
    if (head === 'sentry' && (sub === 'transaction' || sub === 'event')) return 'transaction';
  }
  return KNOWN_TYPES.has(type) ? type : 'default';
}

const TYPE_NAMES: Record<string, string> = {
  user: 'User Action',
  ui: 'User Action',
  navigation: 'Navigation',
  debug: 'Debug',
  info: 'Info',
  error: 'Error',
  http: 'HTTP Request',
  warning: 'Warning',
  query: 'Query',
  system: 'System',
  session: 'Session',
  transaction: 'Transaction',
  device: 'Device',
  network: 'Network',
  connectivity: 'Connectivity',
};

/** The name of a shown type, as in Sentry's type filter. */
export function crumbTypeName(type: string): string {
  return TYPE_NAMES[type] ?? 'Generic';
}

/** `ui.click` → `Ui Click` as Sentry's `toTitleCase`: each word's first letter up, the rest kept. */
function titleCase(text: string): string {
  return text.replace(/\S+/g, (word) => word.charAt(0).toUpperCase() + word.slice(1));
}

/** A crumb's title (Sentry's `getBreadcrumbTitle`): a default crumb's category, else a readable one. */
export function crumbTitle(crumb: Json, type: string): string {
  const category = str(crumb.category);
  if (type === 'default') return category ?? 'generic';
  switch (category) {
    case undefined:
      return 'generic';
    case 'http':
    case 'xhr':
      return category.toUpperCase();
    case 'ui.click':
      return 'UI Click';
    case 'ui.input':
      return 'UI Input';
    default:
      return titleCase(category.split('.').join(' '));
  }
}

/** `…/module.js:12` → `module.js` (Sentry's `moduleToCategory`), for the event's own crumb. */
function moduleCategory(module: string | undefined): string | undefined {
  if (!module) return undefined;
  const match = /^.*\/(.*?)(:\d+)/.exec(module);
  return match ? match[1] : module.split(/./)[0];
}

/**
 * The event as a breadcrumb, after the SDK's own (Sentry's "virtual crumb"): its first exception as an
 * error whose data is its type and value, else its message at its level.
 */
export function eventCrumb(event: Json): Json | undefined {
  const exception = values(event.exception)[0];
  const timestamp = event.timestamp;
  if (exception)
    return {
      type: 'error',
      level: 'error',
      category: moduleCategory(str(exception.module)) || 'exception',
      data: { type: exception.type, value: exception.value },
      timestamp,
    };
  const message = str(obj(event.logentry)?.formatted) ?? str(event.message);
  if (message === undefined) return undefined;
  return { type: 'info', level: str(event.level) ?? 'info', category: 'message', message, timestamp };
}

/** A crumb's time: Relay stores seconds since the epoch, older events an ISO string. */
export function crumbDate(timestamp: unknown): Date | null {
  const date =
    typeof timestamp === 'number'
      ? new Date(timestamp * 1000)
      : typeof timestamp === 'string'
        ? new Date(timestamp)
        : null;
  return date && Number.isFinite(date.getTime()) ? date : null;
}

const UNITS: Array<[number, string]> = [
  [604_800_000, 'wk'],
  [86_400_000, 'd'],
  [3_600_000, 'hr'],
  [60_000, 'min'],
  [1000, 's'],
];

/**
 * A duration as Sentry's `getExactDuration(seconds, abbreviation)` writes it: `1min 2s 300ms`, `-24ms`,
 * `0ms` (only the largest unit carries the sign).
 */
export function exactDuration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.round(ms);
  for (const [size, unit] of UNITS) {
    if (Math.abs(rest) < size) continue;
    const quotient = rest < 0 ? Math.ceil(rest / size) : Math.floor(rest / size);
    parts.push(`${quotient}${unit}`);
    rest = Math.abs(rest % size);
  }
  if (rest !== 0) parts.push(`${rest}ms`);
  return parts.length > 0 ? parts.join(' ') : '0ms';
}
