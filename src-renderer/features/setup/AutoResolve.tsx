/**
 * A project's Auto Resolve, as Sentry's Project Settings > General offers it: resolve an issue
 * that has not been seen for the chosen time (off by default). A change resolves what is already
 * that old at once; then the app looks again every hour.
 */
import { useQueryClient } from '@tanstack/react-query';
import { RESOLVE_AGE_CHOICES, resolveAgeLabel } from '../../../src-shared/auto-resolve-api.ts';
import { apiKeys, useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';

export function AutoResolveSection({ projectId }: { projectId: number }) {
  const current = useApiQuery('projects.getAutoResolve', { projectId });
  const queryClient = useQueryClient();
  const save = useApiMutation('projects.setAutoResolve', {
    onSuccess: (stored) =>
      queryClient.setQueryData(apiKeys.call('projects.getAutoResolve', { projectId }), stored),
  });
  const age = current.data?.resolveAge;
  const choices =
    age === undefined || RESOLVE_AGE_CHOICES.includes(age)
      ? RESOLVE_AGE_CHOICES
      : [...RESOLVE_AGE_CHOICES, age];
  return (
    <section className="auto-resolve" aria-label="Auto Resolve">
      <h3>Auto Resolve</h3>
      {current.error && <ErrorNote error={current.error} />}
      {age !== undefined && (
        <label className="inline-form">
          Automatically resolve an issue if it hasn’t been seen for
          <select
            value={age}
            disabled={save.isPending}
            onChange={(event) => save.mutate({ projectId, resolveAge: Number(event.target.value) })}
          >
            {choices.map((hours) => (
              <option key={hours} value={hours}>
                {resolveAgeLabel(hours)}
              </option>
            ))}
          </select>
        </label>
      )}
      <p className="muted">
        Archived issues are left as they are. A resolved issue comes back (regressed) with its next event.
      </p>
      {save.error && <ErrorNote error={save.error} />}
    </section>
  );
}
