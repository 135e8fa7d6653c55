/**
 * The Profiles tab of a transaction's summary, as Sentry's: the aggregate flame graph of its newest
 * profiles (`profiles.aggregate`: their main threads merged, each box as wide as its samples) with
 * the flame graph's hover, zoom and search, and the profiles it was made of, each opening its own.
 */
import { useQuery } from '@tanstack/react-query';
import { MAX_QUERY_ITEMS_SCANNED } from '../../../src-shared/insights-api.ts';
import type { StatsPeriod } from '../../../src-shared/issues-api.ts';
import { MAX_AGGREGATED_PROFILES, type ProfileSummary } from '../../../src-shared/profiles-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { formatDuration } from '../traces/TraceTimeline.tsx';
import { FlameGraph } from './FlameGraph.tsx';
import { profileHref } from './links.ts';
import './profiles.css';

function MergedProfiles({ profiles }: { profiles: ProfileSummary[] }) {
  return (
    <table className="profiles-table" aria-label="Profiles merged" data-testid="aggregate-profiles">
      <thead>
        <tr>
          <th>Profile</th>
          <th>Started</th>
          <th>Duration</th>
          <th>Samples</th>
          <th>Kind</th>
        </tr>
      </thead>
      <tbody>
        {profiles.map((profile) => (
          <tr key={profileHref(profile.projectId, profile.ref)}>
            <td>
              <a href={profileHref(profile.projectId, profile.ref)}>
                <code>{(profile.transactionId ?? profile.traceId ?? 'profile').slice(0, 8)}</code>
              </a>
            </td>
            <td title={profile.timestamp}>{new Date(profile.timestamp).toLocaleString()}</td>
            <td>{formatDuration(profile.durationMs)}</td>
            <td>{profile.samples}</td>
            <td className="muted">{profile.ref.kind === 'transaction' ? 'transaction' : 'continuous'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AggregateFlameGraph({
  projectId,
  period,
  transaction,
}: {
  projectId: number;
  period: StatsPeriod;
  transaction: string;
}) {
  const aggregate = useQuery({
    ...apiQueryOptions(useTransport(), 'profiles.aggregate', { projectId, period, transaction }),
    placeholderData: (previous) => previous,
  });
  const data = aggregate.data;
  return (
    <section aria-label={`Profiles of ${transaction}`} data-testid="aggregate-flame">
      {aggregate.error && <ErrorNote error={aggregate.error} />}
      {!data && !aggregate.error && <p className="muted">merging the profiles…</p>}
      {data && data.profiles.length === 0 && (
        <p className="empty" data-testid="aggregate-empty">
          No profiles of this transaction in the last {period}. Python's sentry-sdk profiles the transactions
          it samples with <code>profiles_sample_rate</code>, Node with <code>@sentry/profiling-node</code>.
        </p>
      )}
      {data && data.profiles.length > 0 && (
        <>
          <h3>Aggregate flame graph</h3>
          <p className="muted" data-testid="aggregate-bound">
            {data.partial
              ? `Older profiles left out: merges the newest ${MAX_AGGREGATED_PROFILES} profiles of the period's transactions among the newest ${MAX_QUERY_ITEMS_SCANNED} transactions and span items.`
              : `Merges the period's ${data.profiles.length === 1 ? 'profile' : `${data.profiles.length} profiles`} (at most the newest ${MAX_AGGREGATED_PROFILES}), each one's main thread; a frame is as wide as its samples.`}
          </p>
          <div className="card">
            <FlameGraph tree={data.tree} />
          </div>
          <h3>Profiles</h3>
          <MergedProfiles profiles={data.profiles} />
        </>
      )}
    </section>
  );
}
