import { useApiQuery, useLiveUpdates } from '../api/hooks.ts';
import { ConsolePage } from '../features/console/ConsolePage.tsx';
import { CronsPage } from '../features/crons/CronsPage.tsx';
import { DashboardsPage } from '../features/dashboards/DashboardsPage.tsx';
import { DiscoverPage } from '../features/discover/DiscoverPage.tsx';
import { ExportPage } from '../features/export/ExportPage.tsx';
import { FeedbackPage } from '../features/feedback/FeedbackPage.tsx';
import { AgentsPage } from '../features/insights/AgentsPage.tsx';
import { AssetsPage } from '../features/insights/AssetsPage.tsx';
import { CachesPage } from '../features/insights/CachesPage.tsx';
import { QueriesPage } from '../features/insights/QueriesPage.tsx';
import { QueuesPage } from '../features/insights/QueuesPage.tsx';
import { RequestsPage } from '../features/insights/RequestsPage.tsx';
import { WebVitalsPage } from '../features/insights/WebVitalsPage.tsx';
import { IssueNotFound, IssuePage } from '../features/issue/IssuePage.tsx';
import { IssuesPage } from '../features/issues/IssuesPage.tsx';
import { LogsPage } from '../features/logs/LogsPage.tsx';
import { MetricsPage } from '../features/metrics/MetricsPage.tsx';
import { OutcomesPage } from '../features/outcomes/OutcomesPage.tsx';
import { PerformancePage } from '../features/performance/PerformancePage.tsx';
import { ProfilesPage } from '../features/profiles/ProfilesPage.tsx';
import { ReleasesPage } from '../features/releases/ReleasesPage.tsx';
import { ReplaysPage } from '../features/replays/ReplaysPage.tsx';
import { SettingsPage } from '../features/settings/SettingsPage.tsx';
import { SetupPage } from '../features/setup/SetupPage.tsx';
import { TracesPage } from '../features/traces/TracesPage.tsx';
import { useBrowserNotifications } from './browser-notifications.ts';
import { NotFound } from './NotFound.tsx';
import { hrefFor, type Page, type Route, useRoute } from './router.ts';

/**
 * The sidebar, grouped as Sentry's navigation groups its pages: issues first, then Explore (the
 * data as sent), Dashboards, Insights (the modules that read spans for one concern each) and
 * Faultline's own tools and settings.
 */
const NAV: { title?: string; items: { page: Page; label: string }[] }[] = [
  {
    items: [
      { page: 'issues', label: 'Issues' },
      { page: 'feedback', label: 'User Feedback' },
    ],
  },
  {
    title: 'Explore',
    items: [
      { page: 'traces', label: 'Traces' },
      { page: 'logs', label: 'Logs' },
      { page: 'metrics', label: 'Metrics' },
      { page: 'profiles', label: 'Profiles' },
      { page: 'replays', label: 'Replays' },
      { page: 'discover', label: 'Discover' },
      { page: 'releases', label: 'Releases' },
      { page: 'crons', label: 'Crons' },
    ],
  },
  { title: 'Dashboards', items: [{ page: 'dashboards', label: 'Dashboards' }] },
  {
    title: 'Insights',
    items: [
      { page: 'performance', label: 'Performance' },
      { page: 'web-vitals', label: 'Web Vitals' },
      { page: 'assets', label: 'Assets' },
      { page: 'requests', label: 'Requests' },
      { page: 'queries', label: 'Queries' },
      { page: 'caches', label: 'Caches' },
      { page: 'queues', label: 'Queues' },
      { page: 'agents', label: 'AI Agents' },
    ],
  },
  {
    title: 'Faultline',
    items: [
      { page: 'console', label: 'Console' },
      { page: 'export', label: 'Export' },
      { page: 'outcomes', label: 'Outcomes' },
      { page: 'setup', label: 'Projects & Setup' },
      { page: 'settings', label: 'Settings' },
    ],
  },
];

function CurrentPage({ route }: { route: Route }) {
  switch (route.page) {
    case 'issues': {
      const [id] = route.segments;
      if (id === undefined) return <IssuesPage />;
      const groupId = Number(id);
      return /^\d+$/.test(id) && groupId > 0 ? (
        <IssuePage key={groupId} groupId={groupId} />
      ) : (
        <IssueNotFound id={id} />
      );
    }
    case 'not-found':
      return (
        <NotFound title="Page not found" testId="page-not-found" back={[hrefFor('issues'), '← Issues']}>
          There is no page <code>{window.location.hash}</code> in Faultline; the pages are listed on the left.
        </NotFound>
      );
    case 'traces':
      return <TracesPage />;
    case 'performance':
      return <PerformancePage />;
    case 'queries':
      return <QueriesPage />;
    case 'requests':
      return <RequestsPage />;
    case 'caches':
      return <CachesPage />;
    case 'queues':
      return <QueuesPage />;
    case 'web-vitals':
      return <WebVitalsPage />;
    case 'agents':
      return <AgentsPage />;
    case 'assets':
      return <AssetsPage />;
    case 'feedback':
      return <FeedbackPage />;
    case 'logs':
      return <LogsPage />;
    case 'metrics':
      return <MetricsPage />;
    case 'replays':
      return <ReplaysPage />;
    case 'profiles':
      return <ProfilesPage />;
    case 'crons':
      return <CronsPage />;
    case 'releases':
      return <ReleasesPage />;
    case 'outcomes':
      return <OutcomesPage />;
    case 'discover':
      return <DiscoverPage />;
    case 'dashboards':
      return <DashboardsPage />;
    case 'console':
      return <ConsolePage />;
    case 'export':
      return <ExportPage />;
    case 'setup':
      return <SetupPage />;
    case 'settings':
      return <SettingsPage />;
  }
}

export function App() {
  const route = useRoute();
  const { page } = route;
  const info = useApiQuery('app.info', {});
  useLiveUpdates();
  useBrowserNotifications();
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">Faultline</div>
        {NAV.map((group) => (
          <div key={group.title ?? ''} className="sidebar-group">
            {group.title && group.items.length > 1 && <h2 className="sidebar-title">{group.title}</h2>}
            <ul aria-label={group.title}>
              {group.items.map((item) => (
                <li key={item.page}>
                  <a href={hrefFor(item.page)} aria-current={item.page === page ? 'page' : undefined}>
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ))}
        <footer className="sidebar-footer">
          {info.data ? `v${info.data.version} · ${info.data.mode}` : ''}
        </footer>
      </nav>
      <main className="content">
        {info.error?.type === 'unauthorized' && (
          <p className="error-note" role="alert">
            unauthorized: this page has no access token. Open the URL that <code>faultline serve</code>{' '}
            printed (it ends with <code>#token=…</code>), or read it from <code>server.json</code> in the data
            folder.
          </p>
        )}
        <CurrentPage route={route} />
      </main>
    </div>
  );
}
