/** One release's sessions by status, as Sentry's release detail shows them: counts and bars. */
import type { SessionBreakdown as Breakdown, ReleaseHealth } from '../../../src-shared/releases-api.ts';
import { hrefFor } from '../../app/router.ts';
import { adoptionTitle, crashFreeClass, firstReleaseQuery, formatPercent } from './health.ts';

const STATUSES: { key: Exclude<keyof Breakdown, 'total'>; label: string }[] = [
  { key: 'healthy', label: 'Healthy' },
  { key: 'errored', label: 'Errored' },
  { key: 'crashed', label: 'Crashed' },
  { key: 'abnormal', label: 'Abnormal' },
];

export function SessionBreakdown({ release, projectId }: { release: ReleaseHealth; projectId: number }) {
  const { sessions } = release;
  return (
    <section className="release-detail" aria-label={`Release ${release.version}`}>
      <h2>{release.version}</h2>
      <p>
        Crash-free sessions{' '}
        <strong className={crashFreeClass(release.crashFreeSessions)}>
          {formatPercent(release.crashFreeSessions)}
        </strong>
        {' · '}crash-free users{' '}
        <strong className={crashFreeClass(release.crashFreeUsers)}>
          {formatPercent(release.crashFreeUsers)}
        </strong>
        {' · '}adoption{' '}
        <strong data-testid="release-adoption" title={adoptionTitle(release.adoption)}>
          {formatPercent(release.adoption.sessions)} of sessions, {formatPercent(release.adoption.users)} of
          users
        </strong>{' '}
        (24h){' · '}
        {release.users.total} users · {release.events ?? '—'} error events ·{' '}
        <a
          href={hrefFor('issues', [], {
            project: String(projectId),
            query: firstReleaseQuery(release.version),
          })}
        >
          {release.newIssues} new {release.newIssues === 1 ? 'issue' : 'issues'}
        </a>
      </p>
      {sessions.total === 0 ? (
        <p className="muted">No sessions for this release.</p>
      ) : (
        <table className="session-breakdown" aria-label="Session status breakdown">
          <tbody>
            {STATUSES.map(({ key, label }) => (
              <tr key={key} data-status={key}>
                <th>{label}</th>
                <td className="session-count">{sessions[key]}</td>
                <td className="session-bar-cell">
                  <span
                    className={`session-bar session-${key}`}
                    style={{ width: `${(sessions[key] / sessions.total) * 100}%` }}
                  />
                </td>
                <td className="muted">{formatPercent((sessions[key] / sessions.total) * 100)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
