import { useApiQuery } from '../../api/hooks.ts';

export function IssuesPage() {
  const projects = useApiQuery('projects.list', {});
  const dsn = projects.data?.[0]?.keys.find((key) => key.isActive)?.dsn;
  return (
    <section>
      <h1>Issues</h1>
      <p className="empty">
        No issues yet. Point a Sentry SDK at {dsn ? <code>{dsn}</code> : 'your DSN'} and errors appear here.
      </p>
    </section>
  );
}
