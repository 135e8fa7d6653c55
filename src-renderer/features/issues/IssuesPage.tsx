/** The issue stream: search, sort, period and project in the URL; a virtualized, live list. */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { setFilter } from '../../../src-shared/issue-search/index.ts';
import {
  ISSUE_SORTS,
  type IssueSort,
  STATS_PERIODS,
  type StatsPeriod,
} from '../../../src-shared/issues-api.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { ProjectPicker } from '../../app/ProjectPicker.tsx';
import { hrefFor, navigate, useRoute } from '../../app/router.ts';
import { EmptyIssueList } from '../setup/WaitingForEvents.tsx';
import { BulkActions, useIssueActions } from './BulkActions.tsx';
import { EnvironmentPicker, environmentsOf } from './EnvironmentPicker.tsx';
import { IssueColumns, IssueRow } from './IssueRow.tsx';
import { IssueViewsBar } from './IssueViewsBar.tsx';
import { issueHref } from './issue-link.ts';
import { viewIdOf } from './issue-views.ts';
import { issueListHref, recalledListScroll, rememberIssueList, rememberListScroll } from './list-location.ts';
import { type IssueListFilter, useIssueList } from './queries.ts';
import { PeriodPicker, rangeOf } from './RangePicker.tsx';
import { SearchBox } from './SearchBox.tsx';
import { SelectAllNotice, useAllInQuery } from './select-all.tsx';
import { useListKeyboard } from './useListKeyboard.ts';
import './issues.css';

const SORT_LABELS: Record<IssueSort, string> = {
  date: 'Last seen',
  new: 'First seen',
  freq: 'Events',
  user: 'Users',
};
const STATUS_TABS = [
  ['Unresolved', 'unresolved'],
  // Sentry's inbox: new, regressed and escalating issues until they are reviewed or 7 days old.
  ['For Review', 'for_review'],
  ['Regressed', 'regressed'],
  ['Resolved', 'resolved'],
  ['Ignored', 'ignored'],
  ['All', null],
] as const;
const ROW_HEIGHT = 58;
/** The list's period when none is chosen, Sentry's default page filter. */
const DEFAULT_LIST_PERIOD: StatsPeriod = '14d';

function filterOf(params: URLSearchParams): IssueListFilter {
  const sort = params.get('sort') as IssueSort | null;
  const period = params.get('period') as StatsPeriod | null;
  const environments = environmentsOf(params);
  return {
    projectId: Number(params.get('project') ?? 1) || 1,
    query: params.get('query') ?? 'is:unresolved',
    sort: sort && ISSUE_SORTS.includes(sort) ? sort : 'date',
    period: period && STATS_PERIODS.includes(period) ? period : DEFAULT_LIST_PERIOD,
    ...rangeOf(params),
    ...(environments.length > 0 ? { environments } : {}),
  };
}

/** The list with `change`; on a saved view it stays that view's list, with changes unsaved. */
function hrefWith(filter: IssueListFilter, change: Partial<IssueListFilter>, viewId?: string): string {
  const next = { ...filter, ...change };
  // Choosing a period leaves the range, as in Sentry's page filter.
  if (change.period) {
    delete next.start;
    delete next.end;
  }
  return issueListHref(next, viewId);
}

function Toolbar({
  filter,
  onChange,
}: {
  filter: IssueListFilter;
  onChange: (change: Partial<IssueListFilter>) => void;
}) {
  return (
    <div className="issues-toolbar">
      <ProjectPicker value={filter.projectId} onChange={(projectId) => onChange({ projectId })} />
      <EnvironmentPicker
        projectIds={[filter.projectId]}
        value={filter.environments ?? []}
        onChange={(environments) => onChange({ environments })}
      />
      <SearchBox value={filter.query} onSubmit={(query) => onChange({ query })} />
      <select
        aria-label="Sort by"
        value={filter.sort}
        onChange={(e) => onChange({ sort: e.currentTarget.value as IssueSort })}
      >
        {ISSUE_SORTS.map((sort) => (
          <option key={sort} value={sort}>
            {SORT_LABELS[sort]}
          </option>
        ))}
      </select>
      <PeriodPicker
        period={filter.period}
        onPeriod={(period) => onChange({ period })}
        range={filter.start && filter.end ? { start: filter.start, end: filter.end } : undefined}
        onRange={(range) => onChange(range)}
      />
    </div>
  );
}

export function IssuesPage() {
  const { params } = useRoute();
  const filter = filterOf(params);
  const viewId = viewIdOf(params);
  const { projectId, query, sort, period, start, end, environments } = filter;
  const environmentKey = environments?.join('\n');
  useEffect(
    () =>
      rememberIssueList({
        projectId,
        query,
        sort,
        period,
        ...(start && end ? { start, end } : {}),
        ...(environmentKey ? { environments: environmentKey.split('\n') } : {}),
        ...(viewId ? { viewId } : {}),
      }),
    [projectId, query, sort, period, start, end, environmentKey, viewId],
  );
  const list = useIssueList(filter);
  const issues = useMemo(() => list.data?.pages.flatMap((page) => page.issues) ?? [], [list.data]);
  const total = list.data?.pages[0]?.total ?? 0;
  // Sentry's direct hit: a search that is an event id or a short id opens its issue, in place of
  // the list; "← Issues" there returns to the project's unresolved issues, not to this lookup.
  const directHit = list.data?.pages[0]?.directHit;
  useEffect(() => {
    if (!directHit) return;
    rememberIssueList({ projectId: directHit.projectId, query: 'is:unresolved', sort, period });
    const path = directHit.eventId ? [directHit.groupId, 'events', directHit.eventId] : [directHit.groupId];
    navigate(hrefFor('issues', path), { replace: true });
  }, [directHit, sort, period]);
  const allInQuery = useAllInQuery(filter);
  // What an issue opened from the list keeps of it: its environments, absolute range or chosen period,
  // and search. The list's default (14d, Sentry's default page filter) is no choice, and its URL
  // always spells it: an issue opened from the list on it opens on the issue page's own default.
  const chosenPeriod = period !== DEFAULT_LIST_PERIOD ? period : undefined;
  const linkFilter = {
    query,
    environments,
    range: start && end ? { start, end } : undefined,
    period: chosenPeriod,
  };
  const [selected, setSelectedRows] = useState<ReadonlySet<number>>(new Set());
  // Any change of the selection leaves "all that match" behind.
  const setSelected: typeof setSelectedRows = (next) => {
    allInQuery.clear();
    setSelectedRows(next);
  };
  const [focus, setFocus] = useState(-1);
  const actions = useIssueActions(filter.projectId, () => setSelected(new Set()));
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  // Back to this list (or "← Issues") finds it scrolled as it was left: the rows are placeholders
  // until the endless scrolling below has loaded the pages down to there again (at once when they
  // are still cached).
  const listHref = issueListHref(filter);
  const restoreScroll = useRef(recalledListScroll(listHref));
  const loaded = list.data !== undefined;
  useLayoutEffect(() => {
    if (restoreScroll.current === undefined || !loaded || !scroller.current) return;
    scroller.current.scrollTop = restoreScroll.current;
    restoreScroll.current = undefined;
  }, [loaded]);
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  useEffect(() => {
    if (lastIndex >= issues.length - 1 && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [lastIndex, issues.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const change = (next: Partial<IssueListFilter>) => {
    setSelected(new Set());
    navigate(hrefWith(filter, next, viewId), { replace: true });
  };
  const toggle = (id: number) =>
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const target = () => (selected.size > 0 ? [...selected] : issues[focus] ? [issues[focus].id] : []);
  useListKeyboard({
    move: (delta: number) =>
      setFocus((current) => {
        const next = Math.max(0, Math.min(issues.length - 1, current + delta));
        virtualizer.scrollToIndex(next);
        return next;
      }),
    toggle: () => issues[focus] && toggle(issues[focus].id),
    open: () => issues[focus] && navigate(issueHref(issues[focus].id, linkFilter)),
    resolve: () => target().length > 0 && actions.setStatus(target(), { status: 'resolved' }),
    ignore: () => target().length > 0 && actions.setStatus(target(), { status: 'ignored', until: 'forever' }),
  });
  const status = /(?:^|\s)is:(\w+)/.exec(filter.query)?.[1] ?? null;
  const allSelected = issues.length > 0 && issues.every((issue) => selected.has(issue.id));
  const selectedIssues = issues.filter((issue) => selected.has(issue.id));

  return (
    <section className="issues-page">
      <h1>Issues</h1>
      <Toolbar filter={filter} onChange={change} />
      <IssueViewsBar filter={filter} viewId={viewId} />
      {/* Faultline's built-in views (Sentry's tabs by status); choosing one leaves a saved view. */}
      <nav className="status-tabs" aria-label="Status">
        {STATUS_TABS.map(([label, value]) => (
          <a
            key={label}
            href={hrefWith(filter, { query: setFilter(filter.query, 'is', value) })}
            aria-current={!viewId && status === value ? 'page' : undefined}
          >
            {label}
          </a>
        ))}
      </nav>
      <div className="list-header">
        <input
          type="checkbox"
          aria-label="select all loaded issues"
          checked={allSelected}
          onChange={() => setSelected(allSelected ? new Set() : new Set(issues.map((issue) => issue.id)))}
        />
        <BulkActions
          projectId={filter.projectId}
          selectedIssues={selectedIssues}
          allInQuery={allInQuery.ids && { ids: allInQuery.ids, total }}
          actions={actions}
        />
        <a
          className="export-link"
          href={hrefFor('export', [], { search: filter.query, project: String(filter.projectId) })}
          title="Export the events of the issues this search finds"
        >
          Export events
        </a>
        <span className="muted" data-testid="issue-total">
          {list.data ? `${total} issue${total === 1 ? '' : 's'}` : 'loading…'}
        </span>
      </div>
      {allSelected && total > issues.length && (
        <SelectAllNotice
          onPage={issues.length}
          total={total}
          selectedAll={allInQuery.ids !== null}
          pending={allInQuery.pending}
          onSelectAll={() => void allInQuery.select()}
        />
      )}
      {list.error && <ErrorNote error={list.error} />}
      {list.data && total === 0 && <EmptyIssueList projectId={filter.projectId} />}
      <IssueColumns filter={filter} />
      <div
        className="issue-list"
        ref={scroller}
        data-testid="issue-list"
        // The rows of the search before stay on screen while this one's load: busy until they come.
        aria-busy={list.isPlaceholderData}
        onScroll={(event) => rememberListScroll(listHref, event.currentTarget.scrollTop)}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const issue = issues[item.index];
            return (
              <div
                key={item.key}
                className="issue-slot"
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              >
                {issue ? (
                  <IssueRow
                    // Keyed by the issue, not the slot: another issue in this slot (a new search) gets
                    // a fresh row, never the open menu of the one before.
                    key={issue.id}
                    issue={issue}
                    range={linkFilter.range}
                    period={linkFilter.period}
                    environments={environments}
                    query={query}
                    selected={selected.has(issue.id)}
                    focused={focus === item.index}
                    onToggle={() => toggle(issue.id)}
                    onPriority={(priority) => actions.setPriority([issue.id], priority)}
                  />
                ) : (
                  <div className="issue-row placeholder muted">loading…</div>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
