/**
 * Sentry's environment page filter: the environments of the page's projects (those their events,
 * transactions, streamed spans and check-ins name, less the hidden ones), any of which narrow the
 * page to their events; none chosen is every environment. Kept in the URL as Sentry's repeatable
 * `environment`.
 */
import { useState } from 'react';
import { useApiQuery } from '../../api/hooks.ts';

export { environmentSearch, environmentsOf } from './environment-params.ts';

export function EnvironmentPicker({
  projectIds,
  value,
  onChange,
}: {
  /** The page's projects, whose environments together are listed; none is every project. */
  projectIds: readonly number[];
  value: readonly string[];
  onChange: (environments: string[]) => void;
}) {
  const [open, setOpen] = useState(false);
  const known = useApiQuery('environments.list', { projectIds: [...projectIds] });
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
