/**
 * A project's Auto Resolve setting, Sentry's `sentry:resolve_age` (Project Settings > General >
 * "Auto Resolve": automatically resolve an issue if it hasn't been seen for this amount of time).
 * Hours; 0 turns it off (the default). Stored as `projects.options.resolveAge`.
 */
import { z } from 'zod';

/** The longest age Sentry's settings page offers: 30 days. */
export const MAX_RESOLVE_AGE_HOURS = 720;

/**
 * The ages Sentry's settings page offers, in hours: every hour up to 12, then every 3 up to 24,
 * every 6 up to 36, every 12 up to 48, then whole days up to 30.
 */
export const RESOLVE_AGE_CHOICES: readonly number[] = (() => {
  const values: number[] = [];
  for (let hours = 0; hours <= MAX_RESOLVE_AGE_HOURS; ) {
    values.push(hours);
    hours += hours < 12 ? 1 : hours < 24 ? 3 : hours < 36 ? 6 : hours < 48 ? 12 : 24;
  }
  return values;
})();

/** As Sentry's page names an age: "Disabled", "N hours", or "N days" for whole days from a day on. */
export function resolveAgeLabel(hours: number): string {
  if (hours === 0) return 'Disabled';
  if (hours > 23 && hours % 24 === 0) return hours === 24 ? '1 day' : `${hours / 24} days`;
  return hours === 1 ? '1 hour' : `${hours} hours`;
}

export interface AutoResolve {
  /** Hours an issue may go unseen before it is resolved; 0 when off. */
  resolveAge: number;
}

const projectId = z.number().int().positive();

export const autoResolveParams = {
  get: z.object({ projectId }).strict(),
  set: z
    .object({
      projectId,
      resolveAge: z
        .number({ error: 'the age must be a number of hours' })
        .int('the age must be a whole number of hours')
        .min(0, 'the age must be 0 (off) or more hours')
        .max(
          MAX_RESOLVE_AGE_HOURS,
          `the age must be at most ${MAX_RESOLVE_AGE_HOURS} hours (30 days), as in Sentry`,
        ),
    })
    .strict(),
};
