/**
 * One project: its name (renamable), its keys (DSN, copy, disable/enable), a new key, its rate
 * limit, inbound filters, Auto Resolve, grouping rules, SDK snippets, a sample event.
 */
import { useState } from 'react';
import type { Project } from '../../../src-shared/api.ts';
import { useApiMutation } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { AutoResolveSection } from './AutoResolve.tsx';
import { GroupingRulesSection } from './GroupingRules.tsx';
import { InboundFiltersSection } from './InboundFilters.tsx';
import { KeyRow } from './KeyRow.tsx';
import { RateLimitSection } from './RateLimitForm.tsx';
import { SampleEvent, Snippets } from './SdkSetup.tsx';

function RenameForm({ project }: { project: Project }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(project.name);
  const rename = useApiMutation('projects.rename', { onSuccess: () => setEditing(false) });
  if (!editing)
    return (
      <h2>
        {project.name}{' '}
        <span className="muted">
          ({project.slug}, id {project.id})
        </span>{' '}
        <button type="button" className="link-button" onClick={() => setEditing(true)}>
          Rename
        </button>
      </h2>
    );
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        rename.mutate({ projectId: project.id, name });
      }}
    >
      <label>
        Project name <input value={name} onChange={(event) => setName(event.target.value)} />
      </label>
      <button type="submit" disabled={rename.isPending}>
        Save
      </button>
      <button type="button" onClick={() => setEditing(false)}>
        Cancel
      </button>
      {rename.error && <ErrorNote error={rename.error} />}
    </form>
  );
}

export function ProjectCard({ project }: { project: Project }) {
  const createKey = useApiMutation('projects.createKey');
  const dsn = project.keys.find((key) => key.isActive)?.dsn ?? project.keys[0]?.dsn ?? '';
  return (
    <article className="card" data-testid="project-card" aria-label={`Project ${project.name}`}>
      <RenameForm project={project} />
      {project.keys.map((key) => (
        <KeyRow key={key.id} projectId={project.id} projectKey={key} />
      ))}
      <p>
        <button
          type="button"
          disabled={createKey.isPending}
          onClick={() => createKey.mutate({ projectId: project.id })}
        >
          Add a key
        </button>
      </p>
      {createKey.error && <ErrorNote error={createKey.error} />}
      <RateLimitSection projectId={project.id} />
      <InboundFiltersSection projectId={project.id} />
      <AutoResolveSection projectId={project.id} />
      <GroupingRulesSection projectId={project.id} />
      <Snippets dsn={dsn} />
      <SampleEvent projectId={project.id} />
    </article>
  );
}
