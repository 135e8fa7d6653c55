import type { Migration } from '../store/migrations.ts';

/**
 * Sentry's `Group.type`: the group type id of each issue (1, an error, for every issue before;
 * 1001, 1006 … for the performance issues detected in transactions), which `issue.category:` and
 * `issue.type:` search and the web API's `issueType`/`issueCategory` read. An occurrence's evidence
 * is kept with its event in nodestore (`occurrence`), as Sentry keeps it with the occurrence.
 */
export const PERFORMANCE_ISSUES_MIGRATION: Migration = {
  name: '0128_performance_issues',
  sql: `
    ALTER TABLE groups ADD COLUMN type_id INTEGER NOT NULL DEFAULT 1;
    CREATE INDEX groups_type ON groups(project_id, type_id) WHERE type_id <> 1;
  `,
};
