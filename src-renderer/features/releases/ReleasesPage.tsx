/**
 * Releases, as Sentry's Releases page lists them: a project's releases newest first, each with its
 * adoption (its share of the last 24 hours' sessions), crash-free sessions and users, sessions, new
 * issues (a link to the issue list searched `first_release:`) and when it was first and last seen; a
 * release clicked shows its session breakdown (`#/releases/<version>`). The page reads them again when the pipeline announces new
 * issues or sessions (api/live-updates.ts).
 */
import { useQuery } from '@tanstack/react-query';
import { MAX_SESSION_ITEMS_SCANNED } from '../../../src-shared/releases-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { PageSearch } from '../../app/PageSearch.tsx';
import { ProjectPicker } from '../../app/ProjectPicker.tsx';
import { hrefFor, navigate, useRoute } from '../../app/router.ts';
import { timeAgo } from '../issues/format.ts';
import { adoptionTitle, crashFreeClass, firstReleaseQuery, formatPercent } from './health.ts';
import { SessionBreakdown } from './SessionBreakdown.tsx';
import './releases.css';

function EmptyReleases() {
  return (
    <div className="empty" data-testid="releases-empty">
      <p>
        No releases yet. Events and sessions name their release once the SDK is told it; the browser and Node
        SDKs then track sessions by default:
      </p>
      <pre>{`Sentry.init({ dsn, release: 'my-app@1.0.0' });`}</pre>
      <p>
        In Python: <code>sentry_sdk.init(dsn=…, release="my-app@1.0.0")</code> (sessions are tracked with{' '}
        <code>auto_session_tracking</code>, on by default).
      </p>
    </div>
  );
}

export function ReleasesPage() {
  const { params, segments } = useRoute();
  const projectId = Number(params.get('project') ?? 1) || 1;
  const query = params.get('query') ?? '';
  const selected = segments[0];
  const transport = useTransport();
  const health = useQuery({
    ...apiQueryOptions(transport, 'releases.health', { projectId, query }),
    placeholderData: (previous) => previous,
  });
  const go = (change: { project?: number; query?: string; version?: string | null }) => {
    const version = change.version === undefined ? selected : change.version;
    navigate(
      hrefFor('releases', version ? [version] : [], {
        project: String(change.project ?? projectId),
        query: change.query ?? query,
      }),
      { replace: true },
    );
  };
  const releases = health.data?.releases ?? [];
  const listed = releases.find((release) => release.version === selected);
  // A release linked to that the list does not show (past its newest 50, or outside the search) is
  // looked up by its version; one that does not exist says so, as a missing issue does.
  const lookup = useQuery({
    ...apiQueryOptions(transport, 'releases.health', { projectId, query: selected ?? '' }),
    enabled: selected !== undefined && health.data !== undefined && listed === undefined,
  });
  const open = listed ?? lookup.data?.releases.find((release) => release.version === selected);
  const missing = selected !== undefined && listed === undefined && lookup.data !== undefined && !open;

  return (
    <section>
      <h1>Releases</h1>
      <div className="issues-toolbar">
        <ProjectPicker value={projectId} onChange={(project) => go({ project, version: null })} />
        <PageSearch
          className="releases-search"
          label="Search releases"
          placeholder="Search by version"
          value={query}
          onSubmit={(next) => go({ query: next })}
        />
      </div>
      {health.error && <ErrorNote error={health.error} />}
      {health.data && releases.length === 0 && query === '' && <EmptyReleases />}
      {health.data && releases.length === 0 && query !== '' && (
        <p className="empty">No releases match this search.</p>
      )}
      {missing && (
        <p className="error-note" data-testid="release-not-found">
          Release not found: there is no release <code>{selected}</code> in this project.
        </p>
      )}
      {releases.length > 0 && (
        <div className="releases-scroll">
          {/* The releases of the search before stay on screen while this one's load: busy until they come. */}
          <table
            className="releases-table"
            aria-label="Releases"
            data-testid="releases-table"
            aria-busy={health.isPlaceholderData}
          >
            <thead>
              <tr>
                <th>Release</th>
                <th>First seen</th>
                <th>Adoption (24h)</th>
                <th>Crash-free sessions</th>
                <th>Crash-free users</th>
                <th>Sessions</th>
                <th>New issues</th>
                <th>Last seen</th>
              </tr>
            </thead>
            <tbody>
              {releases.map((release) => (
                <tr
                  key={release.version}
                  className="release-row"
                  aria-selected={release.version === selected}
                  onClick={() => go({ version: release.version === selected ? null : release.version })}
                >
                  <td className="release-version">{release.version}</td>
                  <td title={release.firstSeen}>{timeAgo(release.firstSeen)}</td>
                  <td data-testid="adoption" title={adoptionTitle(release.adoption)}>
                    {formatPercent(release.adoption.sessions)}
                  </td>
                  <td className={crashFreeClass(release.crashFreeSessions)} data-testid="crash-free-sessions">
                    {formatPercent(release.crashFreeSessions)}
                  </td>
                  <td className={crashFreeClass(release.crashFreeUsers)}>
                    {formatPercent(release.crashFreeUsers)}
                  </td>
                  <td>{release.sessions.total}</td>
                  <td>
                    <a
                      href={hrefFor('issues', [], {
                        project: String(projectId),
                        query: firstReleaseQuery(release.version),
                      })}
                      onClick={(event) => event.stopPropagation()}
                    >
                      {release.newIssues}
                    </a>
                  </td>
                  <td title={release.lastSeen}>{timeAgo(release.lastSeen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {health.data?.partial && (
        <p className="muted" data-testid="releases-partial">
          Older sessions not counted (the page reads the newest {MAX_SESSION_ITEMS_SCANNED} session batches).
        </p>
      )}
      {open && <SessionBreakdown release={open} projectId={projectId} />}
    </section>
  );
}
