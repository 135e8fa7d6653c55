/**
 * User feedback as Sentry shows it: who wrote it (name, email), when, what they said and on which
 * page; on an issue's User Feedback tab each links to its event, on an event page it is the event's.
 */
import type { UserFeedback } from '../../../src-shared/issues-api.ts';
import { hrefFor } from '../../app/router.ts';
import { timeAgo } from '../issues/format.ts';

export function FeedbackEntry({
  feedback,
  linkEvent,
  linkParams,
}: {
  feedback: UserFeedback;
  linkEvent: boolean;
  /** The issue page's filter, kept by the link to the event. */
  linkParams?: Record<string, string | string[]>;
}) {
  return (
    <li className="feedback-entry" data-testid="feedback-entry">
      <div className="feedback-who">
        <strong>{feedback.name ?? feedback.email ?? 'Anonymous user'}</strong>
        {feedback.name && feedback.email && <span className="feedback-email">{feedback.email}</span>}
        <span className="muted" title={feedback.dateCreated}>
          {timeAgo(feedback.dateCreated)}
        </span>
      </div>
      <p className="feedback-comments">{feedback.comments}</p>
      {feedback.url && <div className="muted feedback-url">on {feedback.url}</div>}
      {linkEvent && feedback.groupId !== null && (
        <a href={hrefFor('issues', [feedback.groupId, 'events', feedback.eventId], linkParams)}>
          View event <code>{feedback.eventId.slice(0, 8)}</code>
        </a>
      )}
    </li>
  );
}

/** The event's feedback, when it has any. */
export function UserFeedbackSection({ feedback }: { feedback: UserFeedback[] }) {
  if (feedback.length === 0) return null;
  return (
    <section className="card" aria-label="User Feedback">
      <h2>User Feedback</h2>
      <ul className="feedback-list">
        {feedback.map((entry) => (
          <FeedbackEntry key={entry.id} feedback={entry} linkEvent={false} />
        ))}
      </ul>
    </section>
  );
}
