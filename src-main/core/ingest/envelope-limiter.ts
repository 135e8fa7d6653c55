/**
 * Which items of an envelope a quota takes out, in Relay's order (`utils/rate_limits.rs`,
 * `EnvelopeLimiter::execute`): the event first (and with it everything that needs the event, its
 * attachments, profile and spans included); then the spans (a transaction's own and child spans
 * count here too), the attachments (bytes, then items), sessions, trace metrics, logs (items and
 * bytes), profiles, replays, user reports, check-ins and profile chunks, each asking the quota for
 * its whole quantity at once. Client reports and items without a category are never limited.
 */
import type { EnvelopeItem } from './envelope-parser.ts';
import { envelopeQuantities, itemQuantities, type Quantity, requiresEvent } from './item-types.ts';

/**
 * Asks the quota for `quantity` of `category` (read only when the quota counts that category);
 * the categories to announce in `X-Sentry-Rate-Limits` when it refuses, undefined when it
 * accepts (and has counted them) or has nothing to count.
 */
export type TakeQuota = (category: string, quantity: () => number) => string[] | undefined;

export interface Enforcement {
  /** The items to leave out of the envelope. */
  dropped: Set<EnvelopeItem>;
  /** What counts as `rate_limited`: the dropped items' quantities, sessions excepted (Relay emits none for them). */
  outcomes: Quantity[];
  /** The category lists of the rate limits to announce, one entry per limit. */
  announced: string[][];
}

/** Attachment types that create the event (`Item::creates_event`); Relay sends no 429 for those alone. */
const EVENT_ATTACHMENTS = new Set([
  'event.minidump',
  'event.applecrashreport',
  'event.payload',
  'event.prosperodump',
  'event.breadcrumbs',
]);

function createsEvent(item: EnvelopeItem): boolean {
  return item.headers.type === 'attachment' && EVENT_ATTACHMENTS.has(String(item.headers.attachment_type));
}

/** The event's data category (`infer_event_category`), for the items that are an envelope's event. */
function eventCategory(item: EnvelopeItem): string | undefined {
  switch (item.headers.type) {
    case 'event':
    case 'unreal_report':
      return 'error';
    case 'transaction':
      return 'transaction';
    case 'security':
    case 'raw_security':
      return 'security';
    case 'feedback':
      return 'feedback';
    case 'attachment':
      return createsEvent(item) ? 'error' : undefined;
    default:
      return undefined;
  }
}

const ofType =
  (...types: string[]) =>
  (item: EnvelopeItem): boolean =>
    types.includes(item.headers.type);

const countsIn =
  (category: string) =>
  (item: EnvelopeItem): boolean =>
    itemQuantities(item).some((quantity) => quantity.category === category);

/**
 * After the event: the categories asked together (the next only when the previous accepted,
 * unless `all`), and the items they count and take out when refused.
 */
const GROUPS: ReadonlyArray<{ categories: string[]; takes: (item: EnvelopeItem) => boolean; all?: boolean }> =
  [
    { categories: ['span'], takes: ofType('span', 'otel_span') },
    { categories: ['attachment', 'attachment_item'], takes: ofType('attachment') },
    { categories: ['session'], takes: ofType('session', 'sessions') },
    { categories: ['trace_metric'], takes: ofType('trace_metric') },
    { categories: ['log_item', 'log_byte'], takes: ofType('log', 'otel_log'), all: true },
    { categories: ['profile'], takes: ofType('profile') },
    { categories: ['replay'], takes: ofType('replay_event', 'replay_recording', 'replay_video') },
    // Only the old user reports: feedback (their successor) is an event.
    { categories: ['feedback'], takes: ofType('user_report') },
    { categories: ['monitor'], takes: ofType('check_in') },
    { categories: ['profile_chunk'], takes: countsIn('profile_chunk') },
    { categories: ['profile_chunk_ui'], takes: countsIn('profile_chunk_ui') },
  ];

export function enforceQuota(items: readonly EnvelopeItem[], take: TakeQuota): Enforcement {
  const dropped = new Set<EnvelopeItem>();
  const announced: string[][] = [];
  const event = items.map(eventCategory).find((category) => category !== undefined);
  const eventLimit = event === undefined ? undefined : take(event, () => 1);
  if (eventLimit) {
    announced.push(eventLimit);
    for (const item of items) {
      const type = item.headers.type;
      if (requiresEvent(type) || type === 'span' || type === 'otel_span') dropped.add(item);
    }
  }
  for (const group of GROUPS) {
    const kept = items.filter((item) => !dropped.has(item));
    const taken = kept.filter(group.takes);
    // A transaction's spans count against a span quota too, but only span items are taken out.
    const counted = group.categories[0] === 'span' ? kept : taken;
    let limited = false;
    for (const category of group.categories) {
      if (limited && !group.all) break;
      const limit = take(
        category,
        () => envelopeQuantities(counted).find((q) => q.category === category)?.quantity ?? 0,
      );
      if (!limit) continue;
      limited = true;
      // Attachments that create the event may still be sent, so only plain ones announce a limit.
      if (!category.startsWith('attachment') || taken.some((item) => !createsEvent(item)))
        announced.push(limit);
    }
    if (limited) for (const item of taken) dropped.add(item);
  }
  // Relay emits no outcomes for sessions.
  const outcomes = envelopeQuantities(
    [...dropped].filter((item) => item.headers.type !== 'session' && item.headers.type !== 'sessions'),
  );
  // A limited event counts once even when no item carries it (one a minidump would create).
  if (eventLimit && event !== undefined && !outcomes.some((quantity) => quantity.category === event))
    outcomes.unshift({ category: event, quantity: 1 });
  return { dropped, outcomes, announced };
}
