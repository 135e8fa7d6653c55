/**
 * Sentry's Profiling page: a project's recent profiles newest first — the transaction profiled, how
 * long it ran, its samples, platform and time —, each opening its flame graph (`#/profiles/<id>`, or
 * `#/profiles/profiler/<id>?start=…&end=…` for a continuous profiler over a transaction) and linking the
 * aggregate flame graph of its transaction (the Profiles tab of its summary). New profiles
 * come as live events (`items.changed` naming `profile` or `profile_chunk`).
 */
import { useQuery } from '@tanstack/react-query';
import { MAX_PROFILES_SCANNED, type ProfileSummary } from '../../../src-shared/profiles-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ListHeader, ListTable } from '../../app/ListPage.tsx';
import { hrefFor, navigate, useRoute } from '../../app/router.ts';
import { timeAgo } from '../issues/format.ts';
import { formatDuration } from '../traces/TraceTimeline.tsx';
import { aggregateHref, profileHref } from './links.ts';
import { ProfileDetailPage } from './ProfileDetailPage.tsx';
import './profiles.css';

function EmptyProfiles() {
  return (
    <div className="empty" data-testid="profiles-empty">
      <p>
        No profiles yet. The browser SDK profiles the transactions it traces (the page needs the
        `Document-Policy: js-profiling` header), Node with `@sentry/profiling-node`:
      </p>
      <pre>{`Sentry.init({
  dsn,
  integrations: [Sentry.browserTracingIntegration(), Sentry.browserProfilingIntegration()],
  tracesSampleRate: 1.0,
  profileSessionSampleRate: 1.0,
  profileLifecycle: 'trace',
});`}</pre>
    </div>
  );
}

const rowKey = (profile: ProfileSummary) =>
  profile.ref.kind === 'transaction'
    ? profile.ref.profileId
    : `${profile.ref.profilerId}:${profile.ref.start}:${profile.ref.end}`;

function ProfileRow({ profile }: { profile: ProfileSummary }) {
  return (
    <tr data-testid="profile-row">
      <td>
        <a href={profileHref(profile.projectId, profile.ref)} className="user-text">
          {profile.transactionName ?? <span className="muted">unknown transaction</span>}
        </a>
      </td>
      <td>{formatDuration(profile.durationMs)}</td>
      <td data-testid="profile-samples">{profile.samples}</td>
      <td>{profile.platform ?? ''}</td>
      <td title={profile.timestamp}>{timeAgo(profile.timestamp)}</td>
      <td>
        {profile.transactionName !== null && (
          <a
            href={aggregateHref(profile.projectId, profile.transactionName, profile.timestamp)}
            aria-label={`Aggregate flame graph of ${profile.transactionName}`}
          >
            aggregate
          </a>
        )}
      </td>
    </tr>
  );
}

function ProfileList({ projectId }: { projectId: number }) {
  const profiles = useQuery({
    ...apiQueryOptions(useTransport(), 'profiles.list', { projectId }),
    placeholderData: (previous) => previous,
  });
  const list = profiles.data?.profiles ?? [];
  return (
    <section>
      <ListHeader
        title="Profiles"
        projectId={projectId}
        onProject={(project) =>
          navigate(hrefFor('profiles', [], { project: String(project) }), { replace: true })
        }
      />
      <ListTable
        read={profiles}
        rows={list}
        empty={<EmptyProfiles />}
        className="profiles-table"
        label="Profiles"
        testId="profiles-list"
        head={
          <>
            <th>Transaction</th>
            <th>Duration</th>
            <th>Samples</th>
            <th>Platform</th>
            <th>Time</th>
            <th title="The flame graph of all of the transaction's profiles">All of it</th>
          </>
        }
        row={(profile) => <ProfileRow key={rowKey(profile)} profile={profile} />}
        partial={{
          testId: 'profiles-partial',
          text: `Older profiles not read (the page reads the newest ${MAX_PROFILES_SCANNED} profiles and profile chunks).`,
        }}
      />
    </section>
  );
}

export function ProfilesPage() {
  const { params, segments } = useRoute();
  const projectId = Number(params.get('project') ?? 1) || 1;
  const [first, second] = segments;
  if (first === 'profiler' && second !== undefined)
    return (
      <ProfileDetailPage
        key={`${second}:${params.get('start')}:${params.get('end')}`}
        projectId={projectId}
        which={{ profilerId: second, start: params.get('start') ?? '', end: params.get('end') ?? '' }}
      />
    );
  if (first !== undefined)
    return <ProfileDetailPage key={first} projectId={projectId} which={{ profileId: first }} />;
  return <ProfileList projectId={projectId} />;
}
