/**
 * A project's rate limit, where a Sentry user looks for it (a Client Key's "Rate Limit": N events
 * per window). In Faultline it is the project's and covers all its keys; ingest obeys a change at
 * its next request.
 */
import { useState } from 'react';
import {
  isRateLimitCategory,
  type ProjectRateLimit,
  RATE_LIMIT_BOUNDS,
  RATE_LIMIT_CATEGORIES,
  RATE_LIMIT_WINDOWS,
  type RateLimitCategory,
} from '../../../src-shared/rate-limit-api.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';

const UNITS: Array<[seconds: number, name: string]> = [
  [86_400, 'day'],
  [3600, 'hour'],
  [60, 'minute'],
  [1, 'second'],
];

/** `3600` → "1 hour", `7200` → "2 hours", `90` → "90 seconds". */
function formatWindow(seconds: number): string {
  const [size, name] = UNITS.find(([size]) => seconds % size === 0) ?? [1, 'second'];
  const count = seconds / size;
  return `${count} ${name}${count === 1 ? '' : 's'}`;
}

function describe(rateLimit: ProjectRateLimit): string {
  const what =
    rateLimit.categories.length === 0
      ? 'of each data category'
      : `counting ${rateLimit.categories.join(', ')} together (bytes apart from items)`;
  return `At most ${rateLimit.limit} per ${formatWindow(rateLimit.window)} ${what}, as Relay counts them (an event 1, a container of logs its logs, a transaction its spans, an attachment its bytes); more are refused with 429 and counted as rate_limited under Outcomes.`;
}

function LimitForm({ projectId, current }: { projectId: number; current: ProjectRateLimit | null }) {
  const [limit, setLimit] = useState(current ? String(current.limit) : '');
  const [windowSeconds, setWindowSeconds] = useState(current?.window ?? 60);
  const [categories, setCategories] = useState<RateLimitCategory[]>(
    current?.categories.filter(isRateLimitCategory) ?? [],
  );
  const save = useApiMutation('projects.setRateLimit');
  const windows: number[] = [...RATE_LIMIT_WINDOWS];
  if (!windows.includes(windowSeconds)) windows.push(windowSeconds);
  const toggle = (category: RateLimitCategory, on: boolean) =>
    setCategories((list) => (on ? [...list, category] : list.filter((c) => c !== category)));
  return (
    <form
      className="rate-limit-form"
      aria-label="Rate limit"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate({ projectId, rateLimit: { limit: Number(limit), window: windowSeconds, categories } });
      }}
    >
      <div className="inline-form">
        <label>
          Events
          <input
            type="number"
            min={RATE_LIMIT_BOUNDS.minLimit}
            max={RATE_LIMIT_BOUNDS.maxLimit}
            step={1}
            required
            value={limit}
            onChange={(event) => setLimit(event.target.value)}
          />
        </label>
        <label>
          per
          <select value={windowSeconds} onChange={(event) => setWindowSeconds(Number(event.target.value))}>
            {windows.map((seconds) => (
              <option key={seconds} value={seconds}>
                {formatWindow(seconds)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={save.isPending}>
          Save rate limit
        </button>
        {current && (
          <button
            type="button"
            disabled={save.isPending}
            onClick={() => save.mutate({ projectId, rateLimit: null })}
          >
            Remove rate limit
          </button>
        )}
      </div>
      <details>
        <summary>Counts {categories.length === 0 ? 'every data category' : categories.join(', ')}</summary>
        <fieldset className="rate-limit-categories">
          <legend className="muted">Only these data categories (none checked: all)</legend>
          {RATE_LIMIT_CATEGORIES.map((category) => (
            <label key={category}>
              <input
                type="checkbox"
                checked={categories.includes(category)}
                onChange={(event) => toggle(category, event.target.checked)}
              />
              {category}
            </label>
          ))}
        </fieldset>
      </details>
      {save.error && <ErrorNote error={save.error} />}
    </form>
  );
}

export function RateLimitSection({ projectId }: { projectId: number }) {
  const rateLimit = useApiQuery('projects.getRateLimit', { projectId });
  return (
    <section className="rate-limit" aria-label="Rate limit">
      <h3>Rate limit</h3>
      {rateLimit.error && <ErrorNote error={rateLimit.error} />}
      {rateLimit.data !== undefined && (
        <>
          <p data-testid="rate-limit-status">
            {rateLimit.data ? describe(rateLimit.data) : 'No rate limit: every event is accepted.'}{' '}
            <span className="muted">It applies to all keys of this project.</span>
          </p>
          {/* Keyed by the stored limit, so the form starts from it again after every change. */}
          <LimitForm key={JSON.stringify(rateLimit.data)} projectId={projectId} current={rateLimit.data} />
        </>
      )}
    </section>
  );
}
