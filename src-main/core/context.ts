/** What handlers and routes of the core can reach. Built once by createCore. */
import type { LiveBus } from './live.ts';
import type { Logger } from './log.ts';
import type { ProjectStore } from './store/projects.ts';
import type { SqliteDb } from './store/sqlite.ts';

export interface CoreContext {
  version: string;
  mode: 'desktop' | 'headless';
  dataDir: string;
  db: SqliteDb;
  projects: ProjectStore;
  live: LiveBus;
  log: Logger;
  /** `http://127.0.0.1:PORT`, known once the server listens. */
  ingestUrl(): string;
}
