/** What handlers and routes of the core can reach. Built once by createCore. */
import type { LiveBus } from './live.ts';
import type { Logger } from './log.ts';
import type { PipelineController } from './pipeline/controller.ts';
import type { OutcomeStore } from './store/outcomes.ts';
import type { ProjectStore } from './store/projects.ts';
import type { IngestQueue } from './store/queue.ts';
import type { SqliteDb } from './store/sqlite.ts';

export interface CoreContext {
  version: string;
  mode: 'desktop' | 'headless';
  dataDir: string;
  db: SqliteDb;
  projects: ProjectStore;
  /** The durable ingest queue (writer side; group commit). */
  ingestQueue: IngestQueue;
  /** Outcome counters (accepted, invalid, client_discard, …). */
  outcomes: OutcomeStore;
  live: LiveBus;
  /** The pipeline worker: drains the queue, owns the event index, runs group commands. */
  pipeline: PipelineController;
  log: Logger;
  /** `http://127.0.0.1:PORT`, known once the server listens. */
  ingestUrl(): string;
}
