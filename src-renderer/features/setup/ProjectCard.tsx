/**
 * One project: its name (renamable), its keys (DSN, copy, disable/enable), a new key, its rate
 * limit, SDK snippets, a sample event.
 */
import { useState } from 'react';
import type { Project, ProjectKey } from '../../../src-shared/api.ts';
import { useApiMutation } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { hrefFor } from '../../app/router.ts';
import { InboundFiltersSection } from './InboundFilters.tsx';
import { RateLimitSection } from './RateLimitForm.tsx';
import { snippetsFor } from './snippets.ts';

function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = () => {
    navigator.clipboard.writeText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };
  return (
    <button type="button" onClick={copy}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select and copy' : label}
    </button>
  );
}

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

function KeyRow({ projectId, projectKey }: { projectId: number; projectKey: ProjectKey }) {
  const setActive = useApiMutation('projects.setKeyActive');
  return (
    <div className="dsn-row" data-testid="key-row">
      <label>
        DSN · {projectKey.label} {projectKey.isActive ? '' : '(disabled: events sent with it are refused)'}
        <input
          readOnly
          value={projectKey.dsn}
          data-testid="dsn"
          onFocus={(event) => event.currentTarget.select()}
        />
      </label>
      <CopyButton text={projectKey.dsn} label="Copy DSN" />
      <button
        type="button"
        disabled={setActive.isPending}
        onClick={() => setActive.mutate({ projectId, keyId: projectKey.id, active: !projectKey.isActive })}
      >
        {projectKey.isActive ? 'Disable' : 'Enable'}
      </button>
      {setActive.error && <ErrorNote error={setActive.error} />}
    </div>
  );
}

function Snippets({ dsn }: { dsn: string }) {
  const snippets = snippetsFor(dsn);
  const [chosen, setChosen] = useState(snippets[0]?.id ?? 'node');
  const snippet = snippets.find((s) => s.id === chosen) ?? snippets[0];
  return (
    <div className="snippets">
      <div role="tablist" aria-label="SDK">
        {snippets.map((s) => (
          <button
            key={s.id}
            type="button"
            role="tab"
            aria-selected={s.id === chosen}
            onClick={() => setChosen(s.id)}
          >
            {s.label}
          </button>
        ))}
      </div>
      {snippet && (
        <div role="tabpanel" aria-label={`${snippet.label} setup`}>
          <pre className="snippet">{snippet.install}</pre>
          <pre className="snippet" data-testid="snippet">
            {snippet.code}
          </pre>
          <CopyButton text={snippet.code} label="Copy snippet" />
        </div>
      )}
    </div>
  );
}

function SampleEvent({ projectId }: { projectId: number }) {
  const send = useApiMutation('projects.sendSampleEvent');
  return (
    <div className="sample-event">
      <button type="button" disabled={send.isPending} onClick={() => send.mutate({ projectId })}>
        Send a sample event
      </button>{' '}
      {send.data && (
        <span role="status">
          Sample event sent.{' '}
          <a href={hrefFor('issues', [], { project: String(projectId) })}>See it in Issues</a>
        </span>
      )}
      {send.error && <ErrorNote error={send.error} />}
    </div>
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
      <Snippets dsn={dsn} />
      <SampleEvent projectId={project.id} />
    </article>
  );
}
