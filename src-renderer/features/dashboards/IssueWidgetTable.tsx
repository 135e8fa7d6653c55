/**
 * An issue widget's table, as Sentry's issue widgets show the issue search: one row per issue in the
 * widget's columns, the issue's short id linking to the issue (narrowed to the events the search
 * and the page's filters matched, as the issue list links it).
 */
import type {
  IssueField,
  IssueWidgetTable as IssueTable,
  IssueWidgetRow,
  PageFilters,
} from '../../../src-shared/dashboards-api.ts';
import { STATS_PERIODS } from '../../../src-shared/issues-api.ts';
import { issueHref } from '../issues/issue-link.ts';

/** Sentry's headers where the field's name is not one (`ISSUE_FIELD_TO_HEADER_MAP`). */
const HEADERS: Partial<Record<IssueField, string>> = {
  lifetimeEvents: 'Lifetime Events',
  lifetimeUsers: 'Lifetime Users',
};

function cellText(row: IssueWidgetRow, field: string): string {
  const value = (row as unknown as Record<string, unknown>)[field];
  if (field === 'assignee') return value === null ? 'Unassigned' : String(value);
  if (field === 'firstSeen' || field === 'lastSeen')
    return typeof value === 'string' ? new Date(value).toLocaleString() : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return value.toLocaleString();
  return value === null || value === undefined ? '' : String(value);
}

export function IssueWidgetTable({
  table,
  fields,
  search,
  filters,
}: {
  table: IssueTable;
  fields: string[];
  search: string;
  filters: PageFilters;
}) {
  const period = STATS_PERIODS.find((p) => p === filters.statsPeriod);
  const range = filters.start && filters.end ? { start: filters.start, end: filters.end } : undefined;
  const linkOf = (row: IssueWidgetRow) =>
    issueHref(Number(row.id), { query: search, environments: filters.environment, range, period });
  return (
    <table className="widget-table" data-testid="widget-table">
      <thead>
        <tr>
          {fields.map((f) => (
            <th key={f}>{HEADERS[f as IssueField] ?? f}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.data.length === 0 && (
          <tr>
            <td colSpan={fields.length} className="muted">
              No issues match this query
            </td>
          </tr>
        )}
        {table.data.map((row) => (
          <tr key={row.id} data-issue-id={row.id}>
            {fields.map((f) => (
              <td
                key={f}
                title={f === 'title' ? row.title : undefined}
                className={
                  typeof (row as unknown as Record<string, unknown>)[f] === 'number' ? 'num' : undefined
                }
              >
                {f === 'issue' ? <a href={linkOf(row)}>{row.issue}</a> : cellText(row, f)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
