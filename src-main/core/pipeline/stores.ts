/** The stores a pipeline writes through, over one data dir's SQLite and DuckDB (the worker's, a bench's, a test's). */
import { AttachmentStore } from '../store/attachments.ts';
import type { EventIndex } from '../store/duckdb/open_event_index.ts';
import { Nodestore } from '../store/nodestore.ts';
import { OutcomeStore } from '../store/outcomes.ts';
import { IngestQueueConsumer } from '../store/queue.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import type { GroupingFn } from './prepare.ts';
import type { PipelineStores } from './process-batch.ts';
import { crashReportLimitFor, groupingFor, groupingPolicyFor } from './project-options.ts';

export function pipelineStores(
  db: SqliteDb,
  index: EventIndex,
  dataDir: string,
  group: GroupingFn = groupingFor(),
): PipelineStores {
  return {
    db,
    consumer: new IngestQueueConsumer(db),
    outcomes: new OutcomeStore(db),
    nodestore: new Nodestore(db),
    attachments: new AttachmentStore(db, dataDir),
    index,
    group,
    policyFor: (projectId) => groupingPolicyFor(db, projectId),
    crashReportLimit: (projectId) => crashReportLimitFor(db, projectId),
  };
}
