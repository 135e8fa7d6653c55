/**
 * Tag distributions of the issue, as Sentry's tags sidebar draws them: per key its top three values
 * and "Other" for the rest, each a share of the events that carry the key (so a key's bars add up to
 * 100%, whether or not every event has it), under 1% written `<1%`.
 */
import type { TagDistribution } from '../../../src-shared/issues-api.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { hrefFor } from '../../app/router.ts';
import { filterParams, type IssuePageFilter, timeParams } from './page-filter.ts';
import { useIssueTags } from './queries.ts';
import { tagEventsHref } from './tag-query.ts';

const VISIBLE_VALUES = 3;

function shareText(share: number): string {
  return share > 0 && share < 1 ? '<1%' : `${Math.round(share)}%`;
}

export function TagBar({
  value,
  count,
  total,
  href,
  showCount = false,
}: {
  value: string;
  count: number;
  total: number;
  href?: string;
  /** The count beside the bar instead of the share (the Tags tab, as Sentry's). */
  showCount?: boolean;
}) {
  const share = (count / Math.max(1, total)) * 100;
  const content = (
    <>
      <span className="tag-fill" style={{ width: `${share}%` }} />
      <span className="tag-value">{value}</span>
      <span className="tag-share">{showCount ? count.toLocaleString('en-US') : shareText(share)}</span>
    </>
  );
  const title = `${count} / ${total} events`;
  return href ? (
    <a className="tag-bar" href={href} title={title} data-testid="tag-value">
      {content}
    </a>
  ) : (
    <span className="tag-bar tag-other" title={title} data-testid="tag-value">
      {content}
    </span>
  );
}

function TagKey({
  groupId,
  tag,
  filter,
}: {
  groupId: number;
  tag: TagDistribution;
  filter: IssuePageFilter;
}) {
  const visible = tag.topValues.slice(0, VISIBLE_VALUES);
  const other = tag.totalValues - visible.reduce((sum, top) => sum + top.count, 0);
  return (
    <div className="tag-dist" data-testid="tag-distribution">
      <div className="tag-key">
        {tag.key} <span className="muted">({tag.uniqueValues})</span>
      </div>
      {visible.map((top) => (
        <TagBar
          key={top.value}
          value={top.value}
          count={top.count}
          total={tag.totalValues}
          href={tagEventsHref(groupId, tag.key, top.value, filter)}
        />
      ))}
      {other > 0 && <TagBar value="Other" count={other} total={tag.totalValues} />}
    </div>
  );
}

/**
 * `filter`: the page's, whose environments' events of its time alone are summed. Under its event
 * search, which the tags do not follow, Sentry leaves the preview out for a link to all the tags.
 */
export function TagSummary({ groupId, filter }: { groupId: number; filter: IssuePageFilter }) {
  return (
    <aside className="tag-summary" aria-label="Tags">
      <h2>Tags</h2>
      {filter.query ? (
        <p className="muted" data-testid="tags-not-searched">
          The search does not narrow the tags:{' '}
          <a href={hrefFor('issues', [groupId, 'tags'], filterParams(filter))}>View all tags</a>
        </p>
      ) : (
        <TagDistributions groupId={groupId} filter={filter} />
      )}
    </aside>
  );
}

function TagDistributions({ groupId, filter }: { groupId: number; filter: IssuePageFilter }) {
  const tags = useIssueTags(groupId, filter.environments, timeParams(filter));
  return (
    <>
      {tags.error && <ErrorNote error={tags.error} />}
      {tags.data?.length === 0 && <p className="empty">No tags.</p>}
      {tags.data?.map((tag) => (
        <TagKey key={tag.key} groupId={groupId} tag={tag} filter={filter} />
      ))}
    </>
  );
}
