/**
 * User Feedback, as Sentry's User Feedback page shows it: a project's feedback newest first — what
 * the feedback widget and `Sentry.captureFeedback` send on their own as well as feedback about an
 * error — in a list on the left, the one selected opened on the right. Searched by words of the
 * message, name, email or URL. It reads them again when the pipeline announces new ones
 * (`items.changed`, api/live-updates.ts).
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { FeedbackEntry } from '../../../src-shared/feedback-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { PageSearch } from '../../app/PageSearch.tsx';
import { ProjectPicker } from '../../app/ProjectPicker.tsx';
import { hrefFor, navigate, useRoute } from '../../app/router.ts';
import { timeAgo } from '../issues/format.ts';
import { FeedbackDetail } from './FeedbackDetail.tsx';
import './feedback.css';

const PAGE = 50;

function EmptyFeedback() {
  return (
    <div className="empty" data-testid="feedback-empty">
      <p>No user feedback yet. The browser SDK's feedback widget sends it, or any SDK by hand:</p>
      <pre>{`Sentry.init({ dsn, integrations: [Sentry.feedbackIntegration()] });
// or
Sentry.captureFeedback({ message: 'The button does nothing', name, email });`}</pre>
    </div>
  );
}

function FeedbackItem({ entry, selected, href }: { entry: FeedbackEntry; selected: boolean; href: string }) {
  return (
    <li className="feedback-item" aria-current={selected ? 'true' : undefined} data-testid="feedback-item">
      <a href={href}>
        <div className="feedback-who">
          <strong>{entry.name ?? entry.email ?? entry.user ?? 'Anonymous user'}</strong>
          <span className="muted" title={entry.dateCreated}>
            {timeAgo(entry.dateCreated)}
          </span>
        </div>
        <div className="feedback-preview">{entry.message}</div>
        {entry.shortId && <span className="feedback-issue">{entry.shortId}</span>}
      </a>
    </li>
  );
}

export function FeedbackPage() {
  const { params } = useRoute();
  const projectId = Number(params.get('project') ?? 1) || 1;
  const query = params.get('query') ?? '';
  const selectedId = Number(params.get('id') ?? 0);
  const [limit, setLimit] = useState(PAGE);
  const feedback = useQuery({
    ...apiQueryOptions(useTransport(), 'feedback.list', { projectId, query, limit }),
    placeholderData: (previous) => previous,
  });

  const hrefWith = (change: { project?: number; query?: string; id?: number }) => {
    const next: Record<string, string> = {
      project: String(change.project ?? projectId),
      query: change.query ?? query,
    };
    if (change.id) next.id = String(change.id);
    return hrefFor('feedback', [], next);
  };
  const go = (change: { project?: number; query?: string }) => {
    setLimit(PAGE);
    navigate(hrefWith(change), { replace: true });
  };
  const list = feedback.data?.feedback ?? [];
  const selected = list.find((entry) => entry.id === selectedId) ?? list[0];

  return (
    <section>
      <h1>User Feedback</h1>
      <div className="issues-toolbar">
        <ProjectPicker value={projectId} onChange={(project) => go({ project })} />
        <PageSearch
          className="feedback-search"
          label="Search feedback"
          placeholder="Search the message, name, email or URL"
          value={query}
          onSubmit={(next) => go({ query: next })}
        />
      </div>
      {feedback.error && <ErrorNote error={feedback.error} />}
      {feedback.data && list.length === 0 && query === '' && <EmptyFeedback />}
      {feedback.data && list.length === 0 && query !== '' && (
        <p className="empty">No feedback matches this search.</p>
      )}
      {list.length > 0 && (
        <div className="feedback-inbox">
          <div>
            {/* The feedback of the search before stays on screen while this one's loads: busy until it comes. */}
            <ul
              className="feedback-items"
              aria-label="Feedback list"
              data-testid="feedback-list"
              aria-busy={feedback.isPlaceholderData}
            >
              {list.map((entry) => (
                <FeedbackItem
                  key={entry.id}
                  entry={entry}
                  selected={entry.id === selected?.id}
                  href={hrefWith({ id: entry.id })}
                />
              ))}
            </ul>
            {feedback.data && feedback.data.total > list.length && (
              <button type="button" onClick={() => setLimit(limit + PAGE)}>
                Show older feedback ({feedback.data.total - list.length} more)
              </button>
            )}
            {feedback.data?.partial && (
              <p className="muted" data-testid="feedback-partial">
                Older feedback not read (the page reads the newest 2,000 items).
              </p>
            )}
          </div>
          {selected && <FeedbackDetail entry={selected} />}
        </div>
      )}
    </section>
  );
}
