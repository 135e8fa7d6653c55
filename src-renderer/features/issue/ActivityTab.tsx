/**
 * The issue's Activity, as Sentry's issue page shows it: a note box on top, then what changed the
 * issue, newest first, each with its author and how long ago, ending with when it was first seen.
 * Notes can be edited and removed. A page at a time; live updates refetch it like the rest of the page.
 */
import { useState } from 'react';
import type { IssueActivity } from '../../../src-shared/issues-api.ts';
import { useApiMutation } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { hrefFor, navigate } from '../../app/router.ts';
import { timeAgo } from '../issues/format.ts';
import { describeActivity } from './activity-wording.ts';
import { NoteForm } from './NoteForm.tsx';
import { ACTIVITY_PAGE, useIssueActivity } from './queries.ts';
import './activity.css';
import { Pager } from './Pager.tsx';

function ActivityEntry({ groupId, entry }: { groupId: number; entry: IssueActivity }) {
  const [editing, setEditing] = useState(false);
  const update = useApiMutation('issues.notes.update', { onSuccess: () => setEditing(false) });
  const remove = useApiMutation('issues.notes.delete');
  const { author, message, subtext } = describeActivity(entry);
  const note = entry.type === 'note' ? String(entry.data.text ?? '') : undefined;
  return (
    <li className="activity-item" data-testid="activity-item" data-type={entry.type}>
      <div className="activity-head">
        <span>
          <strong>{author}</strong>{' '}
          {message.map((part) =>
            typeof part === 'string' ? (
              part
            ) : (
              <a key={part.issueId} href={hrefFor('issues', [part.issueId])}>
                {part.label}
              </a>
            ),
          )}
        </span>
        <time className="muted" dateTime={entry.createdAt} title={entry.createdAt}>
          {timeAgo(entry.createdAt)}
        </time>
      </div>
      {subtext && <div className="activity-subtext muted">{subtext}</div>}
      {note !== undefined &&
        (editing ? (
          <NoteForm
            initialText={note}
            busy={update.isPending}
            error={update.error}
            onCancel={() => setEditing(false)}
            onSubmit={(text) => update.mutateAsync({ groupId, noteId: entry.id, text })}
          />
        ) : (
          <>
            <div className="activity-note">{note}</div>
            <div className="activity-note-actions">
              <button type="button" onClick={() => setEditing(true)}>
                Edit
              </button>
              <button
                type="button"
                disabled={remove.isPending}
                onClick={() => {
                  if (window.confirm('Are you sure you wish to delete this comment?'))
                    remove.mutate({ groupId, noteId: entry.id });
                }}
              >
                Remove
              </button>
            </div>
            {remove.error && <ErrorNote error={remove.error} />}
          </>
        ))}
    </li>
  );
}

export function ActivityTab({ groupId, offset }: { groupId: number; offset: number }) {
  const feed = useIssueActivity(groupId, offset);
  const add = useApiMutation('issues.notes.add');
  const page = (next: number) =>
    navigate(hrefFor('issues', [groupId, 'activity'], { offset: String(next) }), { replace: true });
  const data = feed.data;
  return (
    <section aria-label="Activity" className="activity">
      <NoteForm
        busy={add.isPending}
        error={add.error}
        onSubmit={(text) => add.mutateAsync({ groupId, text })}
      />
      {feed.error && <ErrorNote error={feed.error} />}
      {!data ? (
        !feed.error && <p className="muted">loading activity…</p>
      ) : (
        <>
          <ul className="activity-list">
            {data.activity.map((entry) => (
              <ActivityEntry key={`${entry.type}-${entry.id}`} groupId={groupId} entry={entry} />
            ))}
          </ul>
          {data.total > ACTIVITY_PAGE && (
            <Pager
              offset={data.offset}
              shown={data.activity.length}
              total={data.total}
              pageSize={ACTIVITY_PAGE}
              onPage={page}
            />
          )}
        </>
      )}
    </section>
  );
}
