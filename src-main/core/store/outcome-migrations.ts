/**
 * Indexes of the outcome counters for reads that must not grow with them: outcomes are kept for
 * as long as the data dir lives (one row per project, hour, category, outcome and reason).
 */
import type { Migration } from './migrations.ts';

export const OUTCOME_MIGRATIONS: readonly Migration[] = [
  {
    name: '0112_outcomes_first_event_index',
    sql: `
      -- A project's first event (Sentry's Project.first_event, on every projects.list, which the UI
      -- asks for again after each batch of events) is its earliest hour with accepted errors: found
      -- with this index by one seek per project instead of reading every outcome ever counted
      -- (~40-130 ms over a year of counters for 3 projects).
      CREATE INDEX outcomes_first_event ON outcomes(project_id, outcome, category, hour);
    `,
  },
];
