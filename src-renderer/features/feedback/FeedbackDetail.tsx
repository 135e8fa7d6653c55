/**
 * One piece of feedback, as Sentry's User Feedback page opens it: who sent it (a mailto link), what
 * they said, the page they were on, where it came from (environment, release, browser, OS, user),
 * the issue and event it is about, and what was attached (the widget's screenshot, previewed).
 */
import type { FeedbackEntry } from '../../../src-shared/feedback-api.ts';
import { isHttpUrl } from '../../app/links.ts';
import { hrefFor } from '../../app/router.ts';
import { Attachments } from '../event/Attachments.tsx';

function Field({ label, value }: { label: string; value: string | null }) {
  if (value === null) return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}

export function FeedbackDetail({ entry }: { entry: FeedbackEntry }) {
  return (
    <article className="feedback-detail card" aria-label="Feedback">
      <header className="feedback-who">
        <strong>{entry.name ?? entry.email ?? entry.user ?? 'Anonymous user'}</strong>
        {entry.email && <a href={`mailto:${entry.email}`}>{entry.email}</a>}
        <span className="muted">{new Date(entry.dateCreated).toLocaleString()}</span>
      </header>
      <p className="feedback-message">{entry.message}</p>
      <dl className="feedback-fields">
        {entry.url && (
          <>
            <dt>URL</dt>
            <dd data-testid="feedback-url">
              {isHttpUrl(entry.url) ? (
                <a href={entry.url} target="_blank" rel="noreferrer">
                  {entry.url}
                </a>
              ) : (
                entry.url
              )}
            </dd>
          </>
        )}
        <Field label="Environment" value={entry.environment} />
        <Field label="Release" value={entry.release} />
        <Field label="Browser" value={entry.browser} />
        <Field label="OS" value={entry.os} />
        <Field label="User" value={entry.user} />
        <Field
          label="Source"
          value={entry.source === 'user_report' ? 'user report (older SDK)' : 'feedback'}
        />
        {entry.eventId && (
          <>
            <dt>About</dt>
            <dd>
              {entry.groupId !== null ? (
                <a href={hrefFor('issues', [entry.groupId, 'events', entry.eventId])}>
                  {entry.shortId ?? 'the issue'} · event <code>{entry.eventId.slice(0, 8)}</code>
                </a>
              ) : (
                <span className="muted">
                  event <code>{entry.eventId.slice(0, 8)}</code> (not received)
                </span>
              )}
            </dd>
          </>
        )}
      </dl>
      <Attachments attachments={entry.attachments} />
    </article>
  );
}
