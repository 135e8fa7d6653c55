/**
 * The environments a stored item names, for the items Sentry creates environments for: a
 * transaction's `environment` (`save_transaction_events`), a streamed segment's `sentry.environment`
 * attribute (its segments consumer's `_create_models`, from the segment span), a v1 standalone span's
 * when it is a segment (below) and a check-in's `environment`, `production` when it names none (its
 * monitors' `ensure_environment`). Other items (logs, sessions, metrics …) name none here, as in Sentry.
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

/** Relay never makes an INP or web vital span a segment (`set_segment_attributes`). */
const NEVER_SEGMENT_OPS = ['ui.interaction.', 'ui.webvital.'];

const present = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * Whether Relay makes a v1 standalone span a segment: never an INP or web vital span; else when its
 * `segment_id` is its `span_id`, or, without a `segment_id`, when it has no parent; else as it says.
 */
function isSegmentSpan(span: Record<string, unknown>): boolean {
  const op = typeof span.op === 'string' ? span.op : '';
  if (NEVER_SEGMENT_OPS.some((prefix) => op.startsWith(prefix))) return false;
  if (present(span.segment_id)) return span.segment_id === span.span_id;
  if (!present(span.parent_span_id)) return true;
  return span.is_segment === true;
}

/**
 * A v1 standalone span (one span JSON) carries its environment in `data`: `sentry.environment`, or
 * the older `environment` Relay reads as its alias. Relay turns the span into a v2 span whose
 * attributes are that `data`, and Sentry's segments consumer creates the environment only from a
 * segment span, so a child span (and every INP or web vital span) creates none.
 */
function standaloneSpanEnvironments(span: Record<string, unknown>): string[] {
  if (!isSegmentSpan(span)) return [];
  const data = field(span, 'data');
  const name = environmentName(field(data, 'sentry.environment') ?? field(data, 'environment'));
  return name === null ? [] : [name];
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
      return Array.isArray(json.items) ? segmentEnvironments(json.items) : standaloneSpanEnvironments(json);
    default:
      return [];
  }
}
