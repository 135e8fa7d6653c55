/**
 * Which User Feedback items Relay and Sentry refuse on their own, before any is stored, with the
 * reason their `invalid` outcome gives (category `feedback`, Sentry's `USER_REPORT_V2`):
 * - a `user_report` item that is no `UserReport` (not a JSON object, no event id): Relay's
 *   `invalid_json`; then Sentry's `save_userreport` filters (`should_filter_user_report`);
 * - a `feedback` item that is no JSON object: Relay's `invalid_json`; then Sentry's
 *   `create_feedback_issue` filters (`should_filter_feedback`).
 * The rules that depend on other items or on the event (one report per event, the five-minute
 * update window, the 30-minute event age) are applied when feedback is read
 * (issues/queries/feedback.ts): Sentry counts no outcome for those.
 */
import { isObject } from '../pipeline/normalize/json.ts';

/** Sentry's `UserReport` columns and its `feedback.message.max-size` option. */
export const MAX_FEEDBACK_NAME = 128;
export const MAX_FEEDBACK_EMAIL = 75;
export const MAX_FEEDBACK_MESSAGE = 4096;
/** Close to Django's `validate_email`: a local part, an @, and a dotted domain (or localhost). */
export const FEEDBACK_EMAIL = /^[^\s@]+@(?:localhost|[^\s@.]+(?:\.[^\s@.]+)+)$/i;

/** An event id as Relay's `EventId` and Python's `UUID` read it: 32 hex digits, dashes allowed. */
const EVENT_ID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

const optionalText = (value: unknown) => (typeof value === 'string' ? value : value == null ? '' : undefined);

/** Sentry's `save_userreport` reasons for a report Relay let through. */
function userReportRefusal(report: Record<string, unknown>): string | undefined {
  if (typeof report.event_id !== 'string' || !EVENT_ID.test(report.event_id)) return 'invalid_json';
  const name = optionalText(report.name);
  const email = optionalText(report.email);
  const comments = optionalText(report.comments);
  // Relay's UserReport has string fields: anything else is not one.
  if (name === undefined || email === undefined || comments === undefined) return 'invalid_json';
  if (comments.trim().length > MAX_FEEDBACK_MESSAGE) return 'Message Too Large';
  if (name.length > MAX_FEEDBACK_NAME) return 'Name Too Large';
  if (email !== '' && !FEEDBACK_EMAIL.test(email)) return 'Invalid Email';
  if (email.length > MAX_FEEDBACK_EMAIL) return 'Email Too Large';
  // Sentry's reason, spelled as Sentry spells it.
  if (comments.trim() === '') return 'Empty Feedback Messsage';
  return undefined;
}

/** Sentry's `create_feedback_issue` reasons. */
function feedbackRefusal(event: Record<string, unknown>): string | undefined {
  const contexts = isObject(event.contexts) ? event.contexts : undefined;
  const feedback = contexts && isObject(contexts.feedback) ? contexts.feedback : undefined;
  const message = feedback?.message;
  if (typeof message !== 'string') return 'Missing Feedback Context';
  if (message === '') return 'Empty Feedback Message';
  if (message.length > MAX_FEEDBACK_MESSAGE) return 'Too Large';
  const associated = feedback?.associated_event_id;
  if (associated != null && (typeof associated !== 'string' || !EVENT_ID.test(associated)))
    return 'Invalid Event ID';
  return undefined;
}

/** The reason a feedback item is refused, or undefined when it is kept. `json`: its payload parsed. */
export function feedbackItemRefusal(
  type: 'feedback' | 'user_report',
  json: Record<string, unknown> | undefined,
): string | undefined {
  if (!json) return 'invalid_json';
  return type === 'user_report' ? userReportRefusal(json) : feedbackRefusal(json);
}
