/**
 * One client key, as Sentry's Client Keys page shows it: its name (renamable), its DSN with a copy
 * button, enable/disable, and under "Credentials and endpoints" the public key, project id and the
 * URLs that take the key in the query string.
 */
import { useState } from 'react';
import type { ProjectKey } from '../../../src-shared/api.ts';
import { useApiMutation } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { keyEndpoints } from './key-endpoints.ts';
import { CopyButton } from './SdkSetup.tsx';

function RenameKeyForm({
  projectId,
  projectKey,
  onDone,
}: {
  projectId: number;
  projectKey: ProjectKey;
  onDone: () => void;
}) {
  const [label, setLabel] = useState(projectKey.label);
  const rename = useApiMutation('projects.renameKey', { onSuccess: onDone });
  return (
    <form
      className="inline-form"
      aria-label="Rename key"
      onSubmit={(event) => {
        event.preventDefault();
        rename.mutate({ projectId, keyId: projectKey.id, label });
      }}
    >
      <label>
        Key name <input value={label} maxLength={64} onChange={(event) => setLabel(event.target.value)} />
      </label>
      <button type="submit" disabled={rename.isPending}>
        Save
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      {rename.error && <ErrorNote error={rename.error} />}
    </form>
  );
}

function KeyEndpoints({ dsn }: { dsn: string }) {
  return (
    <details className="key-endpoints">
      <summary>Credentials and endpoints</summary>
      <dl>
        {keyEndpoints(dsn).map((endpoint) => (
          <div key={endpoint.label} data-testid="key-endpoint">
            <dt>{endpoint.label}</dt>
            <dd>
              <code>{endpoint.value}</code> <CopyButton text={endpoint.value} label="Copy" />
              <div className="muted">{endpoint.hint}</div>
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

export function KeyRow({ projectId, projectKey }: { projectId: number; projectKey: ProjectKey }) {
  const setActive = useApiMutation('projects.setKeyActive');
  const [renaming, setRenaming] = useState(false);
  return (
    <section className="dsn-row key-row" data-testid="key-row" aria-label={`Key ${projectKey.label}`}>
      {renaming && (
        <RenameKeyForm projectId={projectId} projectKey={projectKey} onDone={() => setRenaming(false)} />
      )}
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
      {!renaming && (
        <button type="button" onClick={() => setRenaming(true)}>
          Rename key
        </button>
      )}
      {setActive.error && <ErrorNote error={setActive.error} />}
      <KeyEndpoints dsn={projectKey.dsn} />
    </section>
  );
}
