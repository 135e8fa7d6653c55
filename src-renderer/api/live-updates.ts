/** What a live event makes stale in the renderer's query cache, and how it is refetched. */
import type { QueryClient } from '@tanstack/react-query';
import type { ApiMethod, LiveEvent } from '../../src-shared/api.ts';
import { apiKeys } from './query-keys.ts';

/** Which query families a live event makes stale. */
const STALE_ON: Record<LiveEvent['type'], ApiMethod[]> = {
  hello: [],
  'projects.changed': ['projects.list', 'projects.get', 'projects.getRateLimit'],
  'issues.changed': [
    'issues.list',
    // Events name new environments: the environment selectors follow.
    'issues.environments',
    'environments.list',
    'issues.get',
    'issues.stats',
    'issues.counts',
    'issues.tags',
    'issues.tagValues',
    'issues.events',
    'issues.attachments',
    'issues.feedback',
    'issues.replays',
    // Status changes, escalations and notes are Activity entries.
    'issues.activity',
    'events.get',
    // New events and transactions of a trace arrive after the event that shows it.
    'events.trace',
    'events.traceSpans',
    // The Traces page's error counts and an opened trace's errors, read from the event index.
    'traces.list',
    'traces.get',
    'outcomes.list',
    // Discover's table and chart of errors, and its tag summary.
    'discover.events',
    'discover.stats',
    'discover.facets',
    // Events name new releases: the Resolve menu's current release follows.
    'releases.list',
    // New issues, error events and first seen of the Releases page.
    'releases.health',
    // A project's first event ends the issue list's "Waiting for events".
    'projects.list',
  ],
  'queue.changed': [],
  // By the item types stored: see ITEM_PAGES.
  'items.changed': [],
  'export.progress': ['export.list', 'export.status'],
  'settings.changed': ['settings.get'],
  // The issues.changed of the same batch refetches the list; an alert is for notifications.
  'issue.alert': [],
};

/** What the items of each type show on: the pages and sections that read them again when more are stored. */
const TRACE_PAGES: ApiMethod[] = [
  'traces.list',
  // A transaction names the profiler that ran during it: its profile is listed once both came.
  'profiles.list',
  'traces.get',
  'insights.queries',
  'insights.querySamples',
  'insights.requests',
  'insights.requestDomain',
  'insights.webVitals',
  'insights.caches',
  'insights.cacheSamples',
  'insights.queues',
  'insights.queueDestination',
  'insights.agents',
  'insights.agentTrace',
  'insights.assets',
  'insights.asset',
  'performance.transactions',
  'performance.summary',
  // A transaction's profile is merged into its aggregate once both came.
  'profiles.aggregate',
  'events.trace',
  'events.traceSpans',
  // A metric's sample links its trace once a transaction or span of it is stored.
  'metrics.chart',
  // Discover's table and chart of spans, and the tag summary of transactions.
  'discover.events',
  'discover.stats',
  'discover.facets',
  // Transactions and streamed segments name environments too: the environment selectors follow.
  'environments.list',
];
const FEEDBACK_PAGES: ApiMethod[] = ['feedback.list', 'issues.feedback', 'events.get'];
const ITEM_PAGES: Record<string, ApiMethod[]> = {
  transaction: TRACE_PAGES,
  span: TRACE_PAGES,
  log: ['logs.list', 'discover.events', 'discover.stats'],
  otel_log: ['logs.list', 'discover.events', 'discover.stats'],
  trace_metric: ['metrics.names', 'metrics.chart'],
  check_in: ['crons.list', 'crons.checkIns', 'environments.list'],
  session: ['releases.health'],
  sessions: ['releases.health'],
  feedback: FEEDBACK_PAGES,
  replay_event: ['replays.list', 'replays.get', 'issues.replays'],
  replay_recording: ['replays.get'],
  // The trace view links a transaction's profile once it came.
  profile: ['profiles.list', 'profiles.get', 'profiles.aggregate', 'traces.get', 'events.trace'],
  profile_chunk: ['profiles.list', 'profiles.get', 'profiles.aggregate', 'traces.get', 'events.trace'],
  user_report: FEEDBACK_PAGES,
};

function staleOn(event: LiveEvent): ApiMethod[] {
  if (event.type !== 'items.changed') return STALE_ON[event.type];
  return [...new Set(event.itemTypes.flatMap((type) => ITEM_PAGES[type] ?? []))];
}

/** A query whose first fetch is under way: it has no answer yet to keep showing. */
const firstFetchUnderWay = (query: { state: { data: unknown; fetchStatus: string } }) =>
  query.state.data === undefined && query.state.fetchStatus === 'fetching';

/**
 * Refetches the queries the event makes stale. react-query refetches a query that has data anew
 * (cancelling a fetch under way), but one still waiting for its first answer gets that fetch's answer,
 * which may have been read before the change and would then count as fresh for `staleTime`: the issue
 * page opened while an event was being indexed kept showing its tags without it. Those first fetches are
 * cancelled (the query goes back to waiting), so the refetch reads again.
 */
export function markStale(queryClient: QueryClient, event: LiveEvent): void {
  for (const method of staleOn(event)) {
    const queryKey = apiKeys.method(method);
    void queryClient
      .cancelQueries({ queryKey, predicate: firstFetchUnderWay })
      .then(() => queryClient.invalidateQueries({ queryKey }));
  }
}
