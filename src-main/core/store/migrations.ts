/**
 * Every schema change of the SQLite store, in order. Entries are never edited once released:
 * a change is a new entry. Names are unique and sort-independent (applied in list order).
 */
export interface Migration {
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    name: '0001_projects',
    sql: `
      CREATE TABLE projects (
        id INTEGER PRIMARY KEY,
        slug TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        options TEXT NOT NULL DEFAULT '{}'
      );
      CREATE TABLE project_keys (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id),
        public_key TEXT NOT NULL UNIQUE,
        label TEXT NOT NULL DEFAULT 'Default',
        is_active INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX project_keys_project ON project_keys(project_id);
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
];
