/**
 * The environments a stored item names, for the items Sentry creates environments for: a
 * transaction's `environment` (`save_transaction_events`), a streamed segment's `sentry.environment`
 * attribute (its segments consumer's `_create_models`, from the segment span) and a check-in's
 * `environment`, `production` when it names none (its monitors' `ensure_environment`). Other items
 * (logs, sessions, metrics …) name none here, as in Sentry.
 */
import { environmentName } from './store.ts';

/** Sentry's monitors put a check-in without an environment in this one. */
const CHECK_IN_DEFAULT = 'production';

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** A v2 span's attribute value (`{"type": "string", "value": …}`). */
function attributeValue(span: unknown, key: string): unknown {
  return field(field(field(span, 'attributes'), key), 'value');
}

/** The segment spans of a span v2 container (`is_segment`), else every span of it. */
function segmentEnvironments(items: unknown[]): string[] {
  const segments = items.filter((span) => field(span, 'is_segment') === true);
  const names = (segments.length > 0 ? segments : items).map((span) =>
    environmentName(attributeValue(span, 'sentry.environment')),
  );
  return [...new Set(names.filter((name): name is string => name !== null))];
}

export function itemEnvironments(type: string, json: Record<string, unknown> | undefined): string[] {
  if (!json) return [];
  switch (type) {
    case 'transaction': {
      const name = environmentName(json.environment);
      return name === null ? [] : [name];
    }
    case 'check_in':
      return [environmentName(json.environment) ?? CHECK_IN_DEFAULT];
    case 'span':
      return Array.isArray(json.items) ? segmentEnvironments(json.items) : [];
    default:
      return [];
  }
}
