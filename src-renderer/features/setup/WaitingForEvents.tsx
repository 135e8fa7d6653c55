/**
 * What the issue list shows when it is empty. A project that never received an error event waits
 * for one, as Sentry's issue stream does for a project without `firstEvent`: its DSN, the SDK
 * snippets and a sample event, right where the first issue will appear. Otherwise the search
 * simply found nothing.
 */
import { useApiQuery } from '../../api/hooks.ts';
import { hrefFor } from '../../app/router.ts';
import { CopyButton, SampleEvent, Snippets } from './SdkSetup.tsx';

export function EmptyIssueList({ projectId }: { projectId: number }) {
  const projects = useApiQuery('projects.list', {});
  const project = projects.data?.find((p) => p.id === projectId);
  if (!project || project.firstEvent !== null)
    return (
      <p className="empty">
        No issues match this search. Events sent to a project DSN appear here as they arrive.
      </p>
    );
  const dsn = project.keys.find((key) => key.isActive)?.dsn;
  return (
    <section className="card waiting-for-events" aria-label="Waiting for events">
      <h2>Waiting for events…</h2>
      <p>
        Project <strong>{project.name}</strong> has not received an error yet. Set up an SDK with its DSN and
        the first issue appears here as it arrives.
      </p>
      {dsn ? (
        <>
          <div className="dsn-row inline-form">
            <label>
              DSN
              <input readOnly size={dsn.length} value={dsn} data-testid="waiting-dsn" />
            </label>
            <CopyButton text={dsn} label="Copy DSN" />
          </div>
          <Snippets dsn={dsn} />
        </>
      ) : (
        <p>
          Every key of this project is disabled: enable one under{' '}
          <a href={hrefFor('setup')}>Projects &amp; Setup</a>.
        </p>
      )}
      <SampleEvent projectId={project.id} />
      <p className="muted">
        Keys, rate limits and more projects: <a href={hrefFor('setup')}>Projects &amp; Setup</a>.
      </p>
    </section>
  );
}
