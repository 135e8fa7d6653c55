/**
 * Sentry's Resolve control: the button resolves now; its menu ("Resolved In") resolves in the next
 * release, in the current release (the project's newest) or in another existing release, picked from
 * the project's releases. Without releases those choices are off, as in Sentry.
 */
import { type FormEvent, type MouseEvent, type ReactNode, useId, useState } from 'react';
import type { IssueStatusUpdate } from '../../../src-shared/issues-api.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { closeMenu, Menu } from '../../app/Menu.tsx';

const NO_RELEASES = 'Set up release tracking in order to use this feature.';

/** "Another existing release…": a version typed or picked from the project's releases. */
function ReleasePicker({
  projectId,
  onPick,
}: {
  projectId: number;
  onPick: (version: string, event: FormEvent<HTMLFormElement>) => void;
}) {
  const [version, setVersion] = useState('');
  const listId = useId();
  const matching = useApiQuery('releases.list', { projectId, query: version.trim(), limit: 50 });
  return (
    <form
      className="release-picker"
      onSubmit={(event) => {
        event.preventDefault();
        if (version.trim() !== '') onPick(version.trim(), event);
      }}
    >
      <input
        // biome-ignore lint/a11y/noAutofocus: the picker opens on request, to type in
        autoFocus
        aria-label="Release to resolve in"
        placeholder="e.g. 1.2.3"
        list={listId}
        value={version}
        onChange={(event) => setVersion(event.currentTarget.value)}
      />
      <datalist id={listId}>
        {(matching.data ?? []).map((release) => (
          <option key={release.version} value={release.version} />
        ))}
      </datalist>
      <button type="submit" disabled={version.trim() === ''}>
        Resolve in release
      </button>
    </form>
  );
}

/** A "Resolved In" choice: off without releases, saying why. */
function ReleaseChoice({
  enabled,
  onClick,
  children,
}: {
  enabled: boolean;
  onClick: (event: MouseEvent<HTMLElement>) => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      role="menuitem"
      disabled={!enabled}
      title={enabled ? undefined : NO_RELEASES}
      onClick={onClick}
    >
      {children}
    </button>
  );
}

export function ResolveControl({
  projectId,
  disabled = false,
  onResolve,
}: {
  projectId: number;
  disabled?: boolean;
  onResolve: (update: IssueStatusUpdate) => void;
}) {
  const [picking, setPicking] = useState(false);
  const releases = useApiQuery('releases.list', { projectId, limit: 1 });
  const latest = releases.data?.[0]?.version;
  const hasRelease = latest !== undefined;
  const pick = (update: IssueStatusUpdate) => (event: MouseEvent<HTMLElement> | FormEvent<HTMLElement>) => {
    closeMenu(event);
    setPicking(false);
    onResolve(update);
  };
  return (
    <span className="resolve-control">
      <button type="button" disabled={disabled} onClick={() => onResolve({ status: 'resolved' })}>
        Resolve
      </button>
      {disabled ? (
        <button type="button" disabled aria-label="More resolve options">
          ▾
        </button>
      ) : (
        <Menu summary="▾" label="More resolve options" onClose={() => setPicking(false)}>
          <div className="menu-items" role="menu" aria-label="Resolved In">
            <span className="menu-title muted">Resolved In</span>
            <ReleaseChoice enabled={hasRelease} onClick={pick({ status: 'resolvedInNextRelease' })}>
              The next release
            </ReleaseChoice>
            <ReleaseChoice
              enabled={hasRelease}
              onClick={pick({ status: 'resolved', inRelease: latest ?? 'latest' })}
            >
              {latest ? `The current release (${latest})` : 'The current release'}
            </ReleaseChoice>
            <ReleaseChoice enabled={hasRelease} onClick={() => setPicking(true)}>
              Another existing release…
            </ReleaseChoice>
            {!hasRelease && releases.data && <span className="muted menu-note">{NO_RELEASES}</span>}
            {picking && (
              <ReleasePicker
                projectId={projectId}
                onPick={(version, event) => pick({ status: 'resolved', inRelease: version })(event)}
              />
            )}
          </div>
        </Menu>
      )}
    </span>
  );
}
