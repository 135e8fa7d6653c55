/**
 * A project's Inbound Filters, as Sentry's project settings show them: toggles for the built-in
 * filters, the legacy browsers to drop, and custom filters (IP addresses, releases, error
 * messages; one per line, globs as Relay reads them). Dropped events are counted under Outcomes as
 * filtered, with the filter's reason. A change applies to the next event.
 */
import { useState } from 'react';
import {
  CURRENT_LEGACY_BROWSERS,
  filterLines,
  type InboundFilters,
  type LegacyBrowser,
} from '../../../src-shared/inbound-filters-api.ts';
import './inbound-filters.css';
import { useQueryClient } from '@tanstack/react-query';
import { apiKeys, useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';

type Toggle = 'browserExtensions' | 'localhost' | 'webCrawlers' | 'healthCheck';

/** Sentry's labels and help texts, in its order. */
const TOGGLES: Array<{ key: Toggle; label: string; help: string }> = [
  {
    key: 'browserExtensions',
    label: 'Filter out errors known to be caused by browser extensions',
    help: 'Certain browser extensions will inject inline scripts and are known to cause errors.',
  },
  {
    key: 'localhost',
    label: 'Filter out events coming from localhost',
    help: 'This applies to both IPv4 (127.0.0.1) and IPv6 (::1) addresses. Off by default here: Faultline usually receives events from this machine.',
  },
  {
    key: 'healthCheck',
    label: 'Filter out health check transactions',
    help: 'Filter transactions that match most common naming patterns for health checks.',
  },
  {
    key: 'webCrawlers',
    label: 'Filter out known web crawlers',
    help: 'Some crawlers may execute pages in incompatible ways which then cause errors that are unlikely to be seen by a normal user.',
  },
];

/** Sentry's legacy browser choices: title and the versions each drops. */
const BROWSERS: Record<Exclude<LegacyBrowser, 'default'>, { title: string; help: string }> = {
  chrome: { title: 'Chrome', help: 'Version 63 and lower' },
  safari: { title: 'Safari', help: 'Version 11 and lower' },
  firefox: { title: 'Firefox', help: 'Version 66 and lower' },
  android: { title: 'Android', help: 'Version 3 and lower' },
  edge: { title: 'Edge', help: 'Version 78 and lower' },
  ie: { title: 'Internet Explorer', help: 'Version 11 and lower' },
  opera: { title: 'Opera', help: 'Version 50 and lower' },
  opera_mini: { title: 'Opera Mini', help: 'Version 34 and lower' },
  safari_pre_6: { title: 'Safari', help: '(Deprecated) Version 5 and lower' },
  android_pre_4: { title: 'Android', help: '(Deprecated) Version 3 and lower' },
  edge_pre_79: { title: 'Edge (Legacy)', help: '(Deprecated) Version 18 and lower' },
  ie_pre_9: { title: 'Internet Explorer', help: '(Deprecated) Version 8 and lower' },
  ie9: { title: 'Internet Explorer', help: '(Deprecated) Version 9' },
  ie10: { title: 'Internet Explorer', help: '(Deprecated) Version 10' },
  ie11: { title: 'Internet Explorer', help: '(Deprecated) Version 11' },
  opera_pre_15: { title: 'Opera', help: '(Deprecated) Version 14 and lower' },
  opera_mini_pre_8: { title: 'Opera Mini', help: '(Deprecated) Version 8 and lower' },
};

type Save = (filters: Partial<InboundFilters>) => void;

function LegacyBrowsers({ current, save, busy }: { current: LegacyBrowser[]; save: Save; busy: boolean }) {
  // As in Sentry, a deprecated choice is shown only while it is on.
  const shown = (Object.keys(BROWSERS) as Array<keyof typeof BROWSERS>).filter(
    (key) => CURRENT_LEGACY_BROWSERS.includes(key) || current.includes(key),
  );
  const set = (key: LegacyBrowser, on: boolean) =>
    save({ legacyBrowsers: on ? [...current, key] : current.filter((browser) => browser !== key) });
  return (
    <fieldset className="legacy-browsers" aria-label="Legacy browsers">
      <legend>Filter out known errors from legacy browsers</legend>
      <p className="muted">
        Older browsers often give less accurate information, and while they may report valid issues, the
        context to understand them is incorrect or missing.
        {current.includes('default') &&
          ' (Stored as Relay’s “default”: every family below its minimum version.)'}
      </p>
      <p>
        <button
          type="button"
          className="link-button"
          disabled={busy}
          onClick={() => save({ legacyBrowsers: [...CURRENT_LEGACY_BROWSERS] })}
        >
          All
        </button>{' '}
        <button
          type="button"
          className="link-button"
          disabled={busy}
          onClick={() => save({ legacyBrowsers: [] })}
        >
          None
        </button>
      </p>
      <div className="legacy-browser-grid">
        {shown.map((key) => (
          <label key={key}>
            <input
              type="checkbox"
              disabled={busy}
              checked={current.includes(key)}
              onChange={(event) => set(key, event.target.checked)}
            />
            <span>
              {BROWSERS[key].title} <span className="muted">{BROWSERS[key].help}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

const CUSTOM: Array<{
  key: 'clientIps' | 'releases' | 'errorMessages';
  label: string;
  help: string;
  placeholder: string;
}> = [
  {
    key: 'clientIps',
    label: 'IP Addresses',
    help: 'Filter events from these IP addresses (the address an event is sent from). Separate multiple entries with a newline.',
    placeholder: 'e.g. 127.0.0.1 or 10.0.0.0/8',
  },
  {
    key: 'releases',
    label: 'Releases',
    help: 'Filter events from these releases. Separate multiple entries with a newline. Allows glob pattern matching.',
    placeholder: 'e.g. 1.* or [!3].[0-9].*',
  },
  {
    key: 'errorMessages',
    label: 'Error Message',
    help: 'Filter events by error messages. Separate multiple entries with a newline. Allows glob pattern matching.',
    placeholder: 'e.g. TypeError* or *: integer division or modulo by zero',
  },
];

function CustomFilters({ current, save, busy }: { current: InboundFilters; save: Save; busy: boolean }) {
  const [text, setText] = useState(() =>
    Object.fromEntries(CUSTOM.map(({ key }) => [key, current[key].join('\n')])),
  );
  return (
    <form
      className="custom-filters"
      aria-label="Custom filters"
      onSubmit={(event) => {
        event.preventDefault();
        save(Object.fromEntries(CUSTOM.map(({ key }) => [key, filterLines(text[key] ?? '')])));
      }}
    >
      {CUSTOM.map(({ key, label, help, placeholder }) => (
        <label key={key}>
          {label}
          <textarea
            rows={3}
            value={text[key]}
            placeholder={placeholder}
            onChange={(event) => setText((all) => ({ ...all, [key]: event.target.value }))}
          />
          <span className="muted">{help}</span>
        </label>
      ))}
      {current.errorMessages.length > 0 && (
        <p className="muted">
          Minidumps, obfuscated or minified exceptions (ProGuard, errors in the minified production build of
          React), and Internet Explorer's i18n errors cannot be filtered by message.
        </p>
      )}
      <button type="submit" disabled={busy}>
        Save custom filters
      </button>
    </form>
  );
}

export function InboundFiltersSection({ projectId }: { projectId: number }) {
  const filters = useApiQuery('projects.getInboundFilters', { projectId });
  const queryClient = useQueryClient();
  // While a change is saved, the switches show it (as Sentry's do); a refused change goes back.
  const [pending, setPending] = useState<Partial<InboundFilters>>();
  // The stored filters come back with the answer: shown at once, not after a refetch.
  const update = useApiMutation('projects.setInboundFilters', {
    onSuccess: (stored) =>
      queryClient.setQueryData(apiKeys.call('projects.getInboundFilters', { projectId }), stored),
    onSettled: () => setPending(undefined),
  });
  const save: Save = (change) => {
    setPending(change);
    update.mutate({ projectId, filters: change });
  };
  const stored = filters.data;
  const current = stored && { ...stored, ...pending };
  return (
    <section className="inbound-filters" aria-label="Inbound Filters">
      <h3>Inbound Filters</h3>
      <p className="muted">
        Events these filters match are dropped before they are stored and counted under Outcomes as filtered,
        with the filter’s reason. A change applies to the next event.
      </p>
      {filters.error && <ErrorNote error={filters.error} />}
      {current && (
        <>
          {TOGGLES.map(({ key, label, help }) => (
            <label key={key} className="filter-toggle">
              <input
                type="checkbox"
                role="switch"
                aria-checked={current[key]}
                disabled={update.isPending}
                checked={current[key]}
                onChange={(event) => save({ [key]: event.target.checked })}
              />
              <span>
                {label}
                <span className="muted"> {help}</span>
              </span>
            </label>
          ))}
          <LegacyBrowsers current={current.legacyBrowsers} save={save} busy={update.isPending} />
          {/* Keyed by the stored lists: the text areas start from them again after a saved change, and
              keep what was typed when a change is refused. */}
          <CustomFilters
            key={JSON.stringify([stored?.clientIps, stored?.releases, stored?.errorMessages])}
            current={current}
            save={save}
            busy={update.isPending}
          />
        </>
      )}
      {update.error && <ErrorNote error={update.error} />}
    </section>
  );
}
