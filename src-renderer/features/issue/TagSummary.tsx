/** Tag distributions of the issue: top values with their share of the issue's events. */

import { ErrorNote } from '../../app/ErrorNote.tsx';
import { hrefFor } from '../../app/router.ts';
import { useIssueTags } from './queries.ts';

export function TagSummary({ groupId, eventCount }: { groupId: number; eventCount: number }) {
  const tags = useIssueTags(groupId);
  return (
    <aside className="tag-summary" aria-label="Tags">
      <h2>Tags</h2>
      {tags.error && <ErrorNote error={tags.error} />}
      {tags.data?.length === 0 && <p className="empty">No tags.</p>}
      {tags.data?.map((tag) => (
        <div key={tag.key} className="tag-dist" data-testid="tag-distribution">
          <div className="tag-key">
            {tag.key} <span className="muted">({tag.uniqueValues})</span>
          </div>
          {tag.topValues.map((top) => {
            const share = Math.round((top.count / Math.max(1, eventCount, tag.totalValues)) * 100);
            return (
              <a
                key={top.value}
                className="tag-bar"
                href={hrefFor('issues', [groupId, 'events'], {
                  query: `${tag.key}:"${top.value.replaceAll('"', '\\"')}"`,
                })}
                title={`${top.count} events`}
              >
                <span className="tag-fill" style={{ width: `${share}%` }} />
                <span className="tag-value">{top.value}</span>
                <span className="tag-share">{share}%</span>
              </a>
            );
          })}
        </div>
      ))}
    </aside>
  );
}
