/**
 * Sentry's environment page filter: the environments of the page's projects (those their events,
 * transactions, streamed spans and check-ins name, less the hidden ones), any of which narrow the
 * page to their events; none chosen is every environment. Kept in the URL as Sentry's repeatable
 * `environment`.
 */
import { useState } from 'react';
import { valuesFilter } from '../../../src-shared/issue-search/index.ts';
import { useApiQuery } from '../../api/hooks.ts';

/** Sentry's repeatable `environment` URL parameter, sorted; none is every environment. */
export function environmentsOf(params: URLSearchParams): string[] {
  return [...new Set(params.getAll('environment').filter((name) => name !== ''))].sort();
}

/** The environments as an issue event search's condition (`environment:["a", "b"]`); '' for all. */
export function environmentSearch(environments: readonly string[]): string {
  if (environments.length === 0) return '';
  return valuesFilter('environment', environments);
}

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
