/** Projects & Setup: every project with its DSNs and SDK snippets, and a form for a new project. */
import { useState } from 'react';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { ProjectCard } from './ProjectCard.tsx';
import './setup.css';

function CreateProject() {
  const [name, setName] = useState('');
  const create = useApiMutation('projects.create', { onSuccess: () => setName('') });
  return (
    <form
      className="inline-form card"
      aria-label="New project"
      onSubmit={(event) => {
        event.preventDefault();
        if (name.trim() !== '') create.mutate({ name: name.trim() });
      }}
    >
      <label>
        New project name <input value={name} onChange={(event) => setName(event.target.value)} />
      </label>
      <button type="submit" disabled={create.isPending || name.trim() === ''}>
        Create project
      </button>
      {create.error && <ErrorNote error={create.error} />}
    </form>
  );
}

/**
 * The SDK option that sends to this Faultline without a DSN: `spotlight: true` reaches the default
 * port (8969) only; on another port the SDK needs the stream's URL.
 */
function spotlightOption(dsn: string | undefined): string {
  if (!dsn) return 'spotlight: true';
  const { hostname, port } = new URL(dsn);
  return port === '' || port === '8969'
    ? 'spotlight: true'
    : `spotlight: 'http://${hostname}:${port}/stream'`;
}

export function SetupPage() {
  const projects = useApiQuery('projects.list', {});
  const dsn = projects.data?.[0]?.keys[0]?.dsn;
  return (
    <section>
      <h1>Projects &amp; Setup</h1>
      <p>
        Point any Sentry SDK at a DSN below, or use{' '}
        <code data-testid="spotlight-option">{spotlightOption(dsn)}</code>. Events stay on this machine.
      </p>
      <CreateProject />
      {projects.error && <ErrorNote error={projects.error} />}
      {projects.data?.map((project) => (
        <ProjectCard key={project.id} project={project} />
      ))}
    </section>
  );
}
