/**
 * Sentry's environment page filter: the project's environments (those its events name), any of
 * which narrow the issue list to their events; none chosen is every environment. Kept in the URL as
 * Sentry's repeatable `environment`.
 */
import { useState } from 'react';
import { useApiQuery } from '../../api/hooks.ts';

export { environmentSearch, environmentsOf } from './environment-params.ts';

export function EnvironmentPicker({
  projectId,
  value,
  onChange,
}: {
  projectId: number;
  value: readonly string[];
  onChange: (environments: string[]) => void;
}) {
  const [open, setOpen] = useState(false);
  const known = useApiQuery('issues.environments', { projectId });
  // A chosen environment stays listed (and can be cleared) even when the project has no event of it.
  const names = [...new Set([...(known.data ?? []), ...value])].sort();
  const toggle = (name: string) =>
    onChange(value.includes(name) ? value.filter((v) => v !== name) : [...value, name].sort());
  return (
    <span className="environment-picker">
      <button
        type="button"
        aria-expanded={open}
        aria-pressed={value.length > 0}
        onClick={() => setOpen(!open)}
      >
        {value.length > 0 ? value.join(', ') : 'All Envs'}
      </button>
      {open && (
        <fieldset className="environment-list" aria-label="Environments">
          <button type="button" aria-pressed={value.length === 0} onClick={() => onChange([])}>
            All Environments
          </button>
          {names.length === 0 && <span className="muted">No environments yet</span>}
          {names.map((name) => (
            <label key={name}>
              <input type="checkbox" checked={value.includes(name)} onChange={() => toggle(name)} /> {name}
            </label>
          ))}
        </fieldset>
      )}
    </span>
  );
}
