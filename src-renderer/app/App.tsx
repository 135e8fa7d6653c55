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

const NAV: { page: Page; label: string }[] = [
  { page: 'issues', label: 'Issues' },
  { page: 'feedback', label: 'User Feedback' },
  { page: 'traces', label: 'Traces' },
  { page: 'performance', label: 'Performance' },
  { page: 'queries', label: 'Queries' },
  { page: 'requests', label: 'Requests' },
  { page: 'caches', label: 'Caches' },
  { page: 'queues', label: 'Queues' },
  { page: 'web-vitals', label: 'Web Vitals' },
  { page: 'agents', label: 'AI Agents' },
  { page: 'assets', label: 'Assets' },
  { page: 'logs', label: 'Logs' },
  { page: 'metrics', label: 'Metrics' },
  { page: 'replays', label: 'Replays' },
  { page: 'profiles', label: 'Profiles' },
  { page: 'crons', label: 'Crons' },
  { page: 'releases', label: 'Releases' },
  { page: 'discover', label: 'Discover' },
  { page: 'dashboards', label: 'Dashboards' },
  { page: 'console', label: 'Console' },
  { page: 'export', label: 'Export' },
  { page: 'outcomes', label: 'Outcomes' },
  { page: 'setup', label: 'Projects & Setup' },
  { page: 'settings', label: 'Settings' },
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
        <ul>
          {NAV.map((item) => (
            <li key={item.page}>
              <a href={hrefFor(item.page)} aria-current={item.page === page ? 'page' : undefined}>
                {item.label}
              </a>
            </li>
          ))}
        </ul>
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
