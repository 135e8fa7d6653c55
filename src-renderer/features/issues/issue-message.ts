import type { IssueSummary } from '../../../src-shared/issues-api.ts';

/**
 * The line Sentry's issue list and issue page show under an error issue's title: the exception's
 * value (`metadata.value`, its `getMessage`). Faultline's title already reads "Type: value", except for a
 * synthetic exception (what `@sentry/browser` sends for `captureMessage` and captured console calls with
 * their stack trace, or a rejected plain object or a thrown string): it has no type, so its title is
 * the crash frame's function or `<unknown>`, as in Sentry, and this line is the only place its message shows.
 */
export function issueMessage(issue: Pick<IssueSummary, 'type' | 'metadata'>): string | undefined {
  if (issue.type !== 'error' || issue.metadata.type) return undefined;
  return issue.metadata.value || undefined;
}
