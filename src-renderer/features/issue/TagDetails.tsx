/**
 * Tag details, as Sentry's page for one key of an issue: every value with its share of the events
 * carrying the key, its count, first and last seen; sorted by count, last seen or first seen, 100 a
 * page; each value opens the issue's events with it. "Export Page to CSV" saves the values on
 * screen, "Export All to CSV" every value (read a thousand at a time).
 */
import { useState } from 'react';
import { TAG_VALUE_SORTS, type TagValueRow, type TagValueSort } from '../../../src-shared/tag-values-api.ts';
import { useTransport } from '../../api/transport.tsx';
import { download } from '../../app/download.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { hrefFor, navigate } from '../../app/router.ts';
import { timeAgo } from '../issues/format.ts';
import { tagValueDiscoverHref } from './discover-link.ts';
import { Pager } from './Pager.tsx';
import { filterParams, type IssuePageFilter } from './page-filter.ts';
import { TAG_VALUES_PAGE, useIssue, useTagValues } from './queries.ts';
import { tagEventsHref } from './tag-query.ts';
import { tagValuesCsv, tagValuesCsvName } from './tag-values-csv.ts';

export function parseTagValueSort(text: string | null): TagValueSort {
  return (TAG_VALUE_SORTS as readonly string[]).includes(text ?? '') ? (text as TagValueSort) : 'count';
}

const SORT_HEADERS: Array<[TagValueSort, string]> = [
  ['count', 'Count'],
  ['age', 'First Seen'],
  ['date', 'Last Seen'],
];

function percentText(count: number, total: number): string {
  return total > 0 ? `${((count / total) * 100).toFixed(2)}%` : '--';
}

interface Props {
  groupId: number;
  tagKey: string;
  sort: TagValueSort;
  offset: number;
  /** The page's: its environments' events alone are counted (as Sentry's tag values, not its dates). */
  filter: IssuePageFilter;
}

export function TagDetails({ groupId, tagKey, sort, offset, filter }: Props) {
  const transport = useTransport();
  const issue = useIssue(groupId);
  const { environments } = filter;
  const page = useTagValues(groupId, tagKey, sort, offset, environments);
  const [exporting, setExporting] = useState(false);
  const go = (next: { sort?: TagValueSort; offset?: number }) =>
    navigate(
      hrefFor('issues', [groupId, 'tags', tagKey], {
        sort: next.sort ?? sort,
        offset: String(next.offset ?? 0),
        ...filterParams(filter),
      }),
      { replace: true },
    );
  const fileName = tagValuesCsvName(issue.data?.shortId ?? String(groupId), tagKey);
  const exportAll = async () => {
    setExporting(true);
    try {
      const all: TagValueRow[] = [];
      for (let next = 0, total = 1; next < total; next += 1000) {
        const chunk = await transport.call('issues.tagValues', {
          groupId,
          key: tagKey,
          sort,
          offset: next,
          limit: 1000,
          environments,
        });
        all.push(...chunk.values);
        total = chunk.uniqueValues;
      }
      download(fileName, new Blob([tagValuesCsv(all)], { type: 'text/csv' }));
    } finally {
      setExporting(false);
    }
  };
  const data = page.data;
  return (
    <section aria-label="Tag details" className="tag-details">
      <div className="tag-details-head">
        <h3>
          <a href={hrefFor('issues', [groupId, 'tags'], filterParams(filter))}>Tags</a> /{' '}
          {tagKey === 'user' ? 'Affected Users' : tagKey}
        </h3>
        <button
          type="button"
          disabled={!data}
          onClick={() =>
            data && download(fileName, new Blob([tagValuesCsv(data.values)], { type: 'text/csv' }))
          }
        >
          Export Page to CSV
        </button>
        <button type="button" disabled={!data || exporting} onClick={() => void exportAll()}>
          {exporting ? 'Exporting…' : 'Export All to CSV'}
        </button>
      </div>
      {page.error && <ErrorNote error={page.error} />}
      <table className="events-table tag-values">
        <thead>
          <tr>
            <th>{tagKey}</th>
            <th className="num">Percent</th>
            {SORT_HEADERS.map(([id, label]) => (
              <th key={id} className="num" aria-sort={sort === id ? 'descending' : 'none'}>
                <button type="button" className="sort-header" onClick={() => go({ sort: id })}>
                  {label}
                  {sort === id ? ' ↓' : ''}
                </button>
              </th>
            ))}
            <th>Discover</th>
          </tr>
        </thead>
        <tbody>
          {data?.values.map((row) => (
            <tr key={row.value} data-testid="tag-value-row">
              <td>
                <a href={tagEventsHref(groupId, tagKey, row.value, filter)}>
                  {row.value === '' ? '(empty)' : row.value}
                </a>
              </td>
              <td className="num">{percentText(row.count, data.totalValues)}</td>
              <td className="num">{row.count.toLocaleString('en-US')}</td>
              <td className="num" title={row.firstSeen}>
                {timeAgo(row.firstSeen)}
              </td>
              <td className="num" title={row.lastSeen}>
                {timeAgo(row.lastSeen)}
              </td>
              <td>
                {issue.data && (
                  <a href={tagValueDiscoverHref(issue.data, filter, tagKey, row.value)}>Open in Discover</a>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data && (
        <Pager
          offset={data.offset}
          shown={data.values.length}
          total={data.uniqueValues}
          pageSize={TAG_VALUES_PAGE}
          onPage={(offset) => go({ offset })}
          noun={['value', 'values']}
          empty={`No values${environments.length > 0 ? ` in ${environments.join(', ')}` : ''}`}
          labels={['Previous', 'Next']}
        />
      )}
    </section>
  );
}
