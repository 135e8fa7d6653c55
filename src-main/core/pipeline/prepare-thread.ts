/**
 * A prepare thread: step 1 of the pipeline (prepare.ts: parse, normalize, group, compress, build
 * the `errors` row) for the pipeline worker, on another core. It touches no store; what it sends
 * back is plain data (prepare-pool.ts turns it back into a PreparedBatch).
 *
 * This module is its own worker entry, as queue-writer-thread.ts: the thread is started on
 * `prepareThreadEntry()` (prepare-entry.ts) with the prepare role, and nothing happens on import
 * otherwise. The thread starts before the worker has opened DuckDB, so the `errors` table's
 * columns come with the first request (and again if they change).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DEFAULT_GROUPING_CONFIG } from '../grouping/index.ts';
import { collectWhenIdle } from '../idle-gc.ts';
import { ErrorsLineEncoder, type ErrorsLineLayout } from '../store/duckdb/errors_line.ts';
import type { QueuedEnvelope } from '../store/queue.ts';
import {
  type FilteredEvent,
  type GroupingPolicy,
  type PreparedEvent,
  type PreparedItems,
  prepareEnvelope,
} from './prepare.ts';
import { PREPARE_ROLE, type PrepareThreadData } from './prepare-entry.ts';
import { groupingFor } from './project-options.ts';
import { lowerThreadPriority } from './thread-priority.ts';

export interface PrepareRequest {
  id: number;
  rows: QueuedEnvelope[];
  /** The grouping policy of each project among `rows`. */
  policies: Array<[number, GroupingPolicy]>;
  /**
   * The `errors` table's columns, which each prepared event's row is encoded for: in a thread's
   * first request, and whenever they change.
   */
  layout?: ErrorsLineLayout;
}

/** One row's outcome, in the order of the request's rows. */
export type PreparedOrInvalid =
  | { items: PreparedItems; prepared: PreparedEvent | undefined; filtered?: FilteredEvent }
  | { invalid: string };

export interface PrepareReply {
  id: number;
  results: PreparedOrInvalid[];
  /** Milliseconds this thread spent preparing. */
  ms: number;
}

/** A copy that owns exactly its bytes: a view into a larger buffer would be cloned whole. */
const own = (bytes: Uint8Array) => new Uint8Array(bytes) as Buffer;

function prepareRow(
  row: QueuedEnvelope,
  policy: GroupingPolicy | undefined,
  encoder: ErrorsLineEncoder,
): PreparedOrInvalid {
  const envelope = Buffer.from(row.envelope.buffer, row.envelope.byteOffset, row.envelope.byteLength);
  try {
    if (!policy) throw new Error(`no grouping policy for project ${row.projectId}`);
    const { items, prepared, filtered } = prepareEnvelope({ ...row, envelope }, grouping, policy, encoder);
    const copy = (list: PreparedItems['attachments']) =>
      list.map((item) => ({ ...item, payload: own(item.payload) }));
    return {
      items: { headers: items.headers, attachments: copy(items.attachments), others: copy(items.others) },
      prepared: prepared && { ...prepared, node: own(prepared.node) },
      ...(filtered ? { filtered } : {}),
    };
  } catch (error) {
    // As prepareBatch: what fails here is a payload (e.g. an event that is not JSON).
    return { invalid: (error as { reason?: string }).reason ?? 'payload' };
  }
}

const grouping = groupingFor();

/** The buffers of a reply's row that `prepareRow` copied for it, so that they can be transferred. */
function transferables(result: PreparedOrInvalid): ArrayBuffer[] {
  if ('invalid' in result) return [];
  const buffers = [...result.items.attachments, ...result.items.others].map(
    (item) => item.payload.buffer as ArrayBuffer,
  );
  if (result.prepared) buffers.push(result.prepared.node.buffer as ArrayBuffer);
  return buffers;
}

/**
 * A few made-up events through step 1 as the thread starts, so that the first real batch finds
 * the grouping rules of common platforms compiled and the hot code optimized (measured: the first
 * batch after start took twice as long per event, which showed in ack → visible latency). The
 * table's columns are not known yet: the lines are encoded for a stand-in layout and dropped.
 */
function warmUp(): void {
  const encoder = new ErrorsLineEncoder({ names: ['group_id'], encodings: ['value'] });
  for (let i = 0; i < 30; i++) {
    const platform = ['javascript', 'node', 'python'][i % 3] as string;
    const event = {
      event_id: (i + 1).toString(16).padStart(32, '0'),
      platform,
      message: `warm-up ${i}`,
      exception: {
        values: [
          {
            type: 'Error',
            value: `warm-up ${i} failed after ${i * 7} ms`,
            stacktrace: {
              frames: ['main', 'run', 'handle'].map((fn, n) => ({
                function: fn,
                filename: `app/${fn}.js`,
                module: `app.${fn}`,
                lineno: n + 10,
                in_app: n > 0,
                context_line: `  ${fn}(value);`,
              })),
            },
          },
        ],
      },
      tags: { warm: 'up' },
      user: { id: String(i) },
    };
    const envelope = Buffer.from(`{}\n{"type":"event"}\n${JSON.stringify(event)}\n`);
    prepareRow(
      {
        id: 0,
        projectId: 0,
        keyId: null,
        route: 'envelope',
        eventId: null,
        receivedAt: Date.now(),
        clientIp: null,
        userAgent: null,
        origin: null,
        sentryClient: null,
        envelope,
        attempts: 1,
      },
      { config: DEFAULT_GROUPING_CONFIG },
      encoder,
    );
  }
}

function serve(): void {
  const port = parentPort;
  if (!port) return;
  // Below the threads on the ack path (see thread-priority.ts).
  lowerThreadPriority();
  warmUp();
  collectWhenIdle();
  let encoder: ErrorsLineEncoder | undefined;
  port.on('message', (request: PrepareRequest) => {
    const started = performance.now();
    if (request.layout) encoder = new ErrorsLineEncoder(request.layout);
    const lines = encoder;
    // The pool sends the columns before any rows: a request without them is a bug, and the thread's
    // exit fails the batch (it is replayed).
    if (!lines) throw new Error("a prepare request came before the errors table's columns");
    const policies = new Map(request.policies);
    const results = request.rows.map((row) => prepareRow(row, policies.get(row.projectId), lines));
    const reply: PrepareReply = { id: request.id, results, ms: performance.now() - started };
    // The bytes are this thread's own copies (`own`): moved, not cloned a second time (about a
    // microsecond an event less between the two threads).
    port.postMessage(reply, results.flatMap(transferables));
  });
}

if ((workerData as PrepareThreadData | null)?.role === PREPARE_ROLE) serve();
