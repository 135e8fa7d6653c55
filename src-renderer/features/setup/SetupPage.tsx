import { useState } from 'react';
import type { Project } from '../../../src-shared/api.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';

function CopyButton({ text }: { text: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = () => {
    navigator.clipboard.writeText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };
  return (
    <button type="button" onClick={copy}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select and copy' : 'Copy DSN'}
    </button>
  );
}

function ProjectCard({ project }: { project: Project }) {
  return (
    <article className="card">
      <h2>
        {project.name}{' '}
        <span className="muted">
          ({project.slug}, id {project.id})
        </span>
      </h2>
      {project.keys.map((key) => (
        <div key={key.id} className="dsn-row">
          <label>
            DSN {key.isActive ? '' : '(disabled)'}
            <input
              readOnly
              value={key.dsn}
              data-testid="dsn"
              onFocus={(event) => event.currentTarget.select()}
            />
          </label>
          <CopyButton text={key.dsn} />
        </div>
      ))}
      <pre className="snippet">{`Sentry.init({ dsn: '${project.keys[0]?.dsn ?? ''}' });`}</pre>
    </article>
  );
}

export function SetupPage() {
  const projects = useApiQuery('projects.list', {});
  return (
    <section>
      <h1>Projects &amp; Setup</h1>
      <p>
        Point any Sentry SDK at a DSN below, or use <code>spotlight: true</code>. Events stay on this machine.
      </p>
      {projects.error && <ErrorNote error={projects.error} />}
      {projects.data?.map((project) => (
        <ProjectCard key={project.id} project={project} />
      ))}
    </section>
  );
}
