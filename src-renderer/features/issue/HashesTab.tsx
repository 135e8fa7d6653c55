/**
 * The grouphashes merged into this issue; unmerging moves the chosen ones to a new issue. As in
 * Sentry, only hashes that brought events can be chosen, and never all of them.
 */
import { useState } from 'react';
import type { IssueDetail } from '../../../src-shared/issues-api.ts';
import { useApiMutation } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { hrefFor } from '../../app/router.ts';

export function HashesTab({ issue }: { issue: IssueDetail }) {
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const unmerge = useApiMutation('issues.unmerge', { onSuccess: () => setChosen(new Set()) });
  const unmergeable = issue.hashes.filter((hash) => hash.events > 0).length;
  return (
    <section>
      <p className="muted">
        Events are grouped by hash. An issue that was merged holds several; unmerge moves the selected hashes
        and their events into a new issue.
      </p>
      <table className="events-table">
        <thead>
          <tr>
            <th />
            <th>Hash</th>
            <th>Events</th>
            <th>Latest event</th>
          </tr>
        </thead>
        <tbody>
          {issue.hashes.map((hash) => (
            <tr key={hash.hash}>
              <td>
                {hash.events > 0 && (
                  <input
                    type="checkbox"
                    aria-label={`select hash ${hash.hash}`}
                    checked={chosen.has(hash.hash)}
                    onChange={() =>
                      setChosen((current) => {
                        const next = new Set(current);
                        if (!next.delete(hash.hash)) next.add(hash.hash);
                        return next;
                      })
                    }
                  />
                )}
              </td>
              <td className="short-id">{hash.hash}</td>
              <td>{hash.events}</td>
              <td>
                {hash.latestEventId && (
                  <a href={hrefFor('issues', [issue.id, 'events', hash.latestEventId])}>
                    {hash.latestEventId.slice(0, 8)}
                  </a>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        disabled={chosen.size === 0 || chosen.size >= unmergeable || unmerge.isPending}
        onClick={() => unmerge.mutate({ projectId: issue.projectId, groupId: issue.id, hashes: [...chosen] })}
      >
        Unmerge {chosen.size || ''}
      </button>
      {unmerge.data && (
        <p>
          Moved to <a href={hrefFor('issues', [unmerge.data.destinationId])}>a new issue</a>.
        </p>
      )}
      {unmerge.error && <ErrorNote error={unmerge.error} />}
    </section>
  );
}
