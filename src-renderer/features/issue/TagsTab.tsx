/**
 * The issue's Tags tab, as Sentry's: every tag key of its events in alphabetical order, each with
 * its top ten values as bars (a share of the events carrying the key) and their counts; a value
 * opens the issue's events with it, a key its tag details.
 */
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { hrefFor } from '../../app/router.ts';
import { filterParams, type IssuePageFilter, timeParams } from './page-filter.ts';
import { useIssueTagKeys } from './queries.ts';
import { TagBar } from './TagSummary.tsx';
import { tagEventsHref } from './tag-query.ts';

/** `filter`: the page's, whose environments' events of its time alone are counted. */
export function TagsTab({ groupId, filter }: { groupId: number; filter: IssuePageFilter }) {
  const tags = useIssueTagKeys(groupId, filter.environments, timeParams(filter));
  if (tags.error) return <ErrorNote error={tags.error} />;
  if (!tags.data) return <p className="muted">loading tags…</p>;
  if (tags.data.length === 0)
    return (
      <p className="muted" data-testid="no-tags">
        No tags on this issue's events yet.
      </p>
    );
  const keys = [...tags.data].sort((a, b) => a.key.localeCompare(b.key));
  return (
    <section className="tag-cards" aria-label="Tags">
      {keys.map((tag) => (
        <div key={tag.key} className="card tag-card" data-testid="tag-card">
          <h3>
            <a href={hrefFor('issues', [groupId, 'tags', tag.key], filterParams(filter))}>{tag.key}</a>{' '}
            <span className="muted">
              ({tag.uniqueValues} {tag.uniqueValues === 1 ? 'value' : 'values'})
            </span>
          </h3>
          {tag.topValues.map((top) => (
            <TagBar
              key={top.value}
              value={top.value === '' ? '(empty)' : top.value}
              count={top.count}
              total={tag.totalValues}
              href={tagEventsHref(groupId, tag.key, top.value, filter)}
              showCount
            />
          ))}
        </div>
      ))}
    </section>
  );
}
