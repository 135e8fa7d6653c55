/**
 * One profile's flame graph, as Sentry's profile view shows it: the profiled transaction (its name, a
 * link to its trace, when it started, how long it ran, platform and samples), a thread picker (the
 * active or main thread first shown) and the call tree of that thread.
 */
import { useState } from 'react';
import type { ApiParams } from '../../../src-shared/api.ts';
import type { ProfileDetail } from '../../../src-shared/profiles-api.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { hrefFor } from '../../app/router.ts';
import { formatDuration } from '../traces/TraceTimeline.tsx';
import { FlameGraph } from './FlameGraph.tsx';

function Header({ detail }: { detail: ProfileDetail }) {
  const { summary } = detail;
  return (
    <dl className="profile-facts" data-testid="profile-facts">
      <dt>Transaction</dt>
      <dd className="user-text" data-testid="profile-transaction">
        {summary.transactionName ?? <span className="muted">unknown</span>}
      </dd>
      {summary.traceId && (
        <>
          <dt>Trace</dt>
          <dd>
            <a
              href={hrefFor('traces', [summary.traceId], {
                project: String(summary.projectId),
                timestamp: summary.timestamp,
              })}
            >
              <code>{summary.traceId}</code>
            </a>
          </dd>
        </>
      )}
      <dt>Started</dt>
      <dd title={summary.timestamp}>{new Date(summary.timestamp).toLocaleString()}</dd>
      <dt>Duration</dt>
      <dd>{formatDuration(summary.durationMs)}</dd>
      <dt>Platform</dt>
      <dd>{summary.platform ?? ''}</dd>
      <dt>Samples</dt>
      <dd>{summary.samples}</dd>
      <dt>Profile</dt>
      <dd className="muted">
        {summary.ref.kind === 'transaction'
          ? "the transaction's own (sample format v1)"
          : `continuous profiler ${summary.ref.profilerId} over the transaction's span`}
      </dd>
    </dl>
  );
}

export function ProfileDetailPage({
  projectId,
  which,
}: {
  projectId: number;
  which: Omit<ApiParams<'profiles.get'>, 'projectId' | 'threadId'>;
}) {
  const [threadId, setThreadId] = useState<string | undefined>(undefined);
  const profile = useApiQuery('profiles.get', { projectId, ...which, ...(threadId ? { threadId } : {}) });
  const detail = profile.data;
  return (
    <section aria-label="Profile">
      <p>
        <a href={hrefFor('profiles', [], { project: String(projectId) })}>← Profiles</a>
      </p>
      <h1>Profile</h1>
      {profile.error && <ErrorNote error={profile.error} />}
      {!detail && !profile.error && <p className="muted">loading profile…</p>}
      {detail && (
        <>
          <Header detail={detail} />
          {detail.threads.length > 1 && (
            <label className="profile-thread">
              Thread{' '}
              <select value={detail.threadId} onChange={(event) => setThreadId(event.target.value)}>
                {detail.threads.map((thread) => (
                  <option key={thread.id} value={thread.id}>
                    {thread.name ? `${thread.name} (${thread.id})` : thread.id} · {thread.samples} samples
                  </option>
                ))}
              </select>
            </label>
          )}
          <div className="card">
            <FlameGraph key={detail.threadId} tree={detail.tree} />
          </div>
        </>
      )}
    </section>
  );
}
