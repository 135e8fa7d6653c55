/**
 * The pipeline's step for a stored transaction (a `transaction` item, or the segments of a span
 * container): its performance problems (`detect.ts`) become occurrences of performance issues, as
 * Sentry's issue platform saves them (`save_issue_occurrence`): the group found or created by the
 * problem's fingerprint (its MD5 the group hash, so a later transaction with the same problem
 * counts on the same issue), the occurrence counted on it as an event (times seen, users, first
 * and last seen, regression), its event kept in nodestore (the transaction with the occurrence's
 * evidence) and indexed in the event index, so the issue list, search and pages read it as any.
 * An occurrence's id is the MD5 of the fingerprint and the transaction's id (Sentry's
 * `EventPerformanceProblem` identifier): a replayed batch counts it once.
 */
import crypto from 'node:crypto';
import type { EvidenceSpan, PerformanceEvidence } from '../../../src-shared/performance-issues.ts';
import { assignGroup } from '../issues/assign.ts';
import type { EventRecorder, GroupChange } from '../issues/record.ts';
import { LEVELS } from '../issues/types.ts';
import type { JsonObject } from '../pipeline/normalize/json.ts';
import { userKey } from '../pipeline/prepare.ts';
import { eventToErrorsRow } from '../store/duckdb/errors_row.ts';
import { batchOf, type ErrorsLine } from '../store/duckdb/errors_writer.ts';
import type { EventIndex } from '../store/duckdb/open_event_index.ts';
import { type Json, obj, text } from '../store/item-json.ts';
import { encodeNode, type Nodestore } from '../store/nodestore.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { detectProblems } from './detect.ts';
import { type PerformanceProblem, spanEvidenceValue } from './problem.ts';
import { type DetectorSpan, durationMs, type TransactionTree, transactionTrees } from './spans.ts';

export interface OccurrenceStores {
  db: SqliteDb;
  nodestore: Nodestore;
  index: EventIndex;
}

export interface RecordedOccurrence {
  groupId: number;
  change: GroupChange | null;
  line: ErrorsLine;
}

const md5 = (text: string) => crypto.createHash('md5').update(text, 'utf8').digest('hex');

function evidenceSpan(span: DetectorSpan | undefined, start: number): EvidenceSpan[] {
  if (!span) return [];
  return [
    {
      spanId: span.spanId,
      op: span.op,
      description: span.description,
      durationMs: durationMs(span),
      offsetMs: span.start - start,
    },
  ];
}

function evidenceOf(tree: TransactionTree, problem: PerformanceProblem): PerformanceEvidence {
  const byId = new Map([tree.root, ...tree.spans].map((span) => [span.spanId, span]));
  const spans = (ids: readonly string[]) => ids.flatMap((id) => evidenceSpan(byId.get(id), tree.root.start));
  const example = byId.get(problem.exampleSpanId ?? problem.offenderSpanIds[0] ?? '');
  return {
    typeId: problem.type.typeId,
    fingerprint: problem.fingerprint,
    transactionEventId: tree.eventId ?? tree.root.spanId,
    transactionName: tree.name,
    traceId: tree.traceId,
    transactionDurationMs: durationMs(tree.root),
    op: problem.op,
    parentSpanIds: problem.parentSpanIds,
    causeSpanIds: problem.causeSpanIds,
    offenderSpanIds: problem.offenderSpanIds,
    repeatingSpans: spanEvidenceValue(example),
    numRepeatingSpans: problem.offenderSpanIds.length,
    parentSpan: spans(problem.parentSpanIds)[0] ?? null,
    causeSpans: spans(problem.causeSpanIds),
    offenderSpans: spans(problem.offenderSpanIds),
  };
}

/** Tags as normalized events keep them, pairs; an SDK's object of tags becomes them. */
function tagPairs(tags: unknown): Array<[string, string]> {
  if (Array.isArray(tags)) return tags.filter((pair): pair is [string, string] => Array.isArray(pair));
  const object = obj(tags);
  if (!object) return [];
  return Object.entries(object).flatMap(([key, value]) =>
    typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? [[key, String(value)]]
      : [],
  ) as Array<[string, string]>;
}

/** The occurrence's event: the transaction as received, named as the issue, with its evidence. */
function occurrenceEvent(
  tree: TransactionTree,
  problem: PerformanceProblem,
  occurrenceId: string,
  user: string | null,
): Json {
  const { json } = tree;
  const evidence = evidenceOf(tree, problem);
  const givenUser = obj(json.user);
  return {
    ...json,
    event_id: occurrenceId,
    type: 'transaction',
    level: 'info',
    platform: text(json.platform) ?? 'other',
    transaction: tree.name,
    title: problem.type.title,
    culprit: tree.name,
    start_timestamp: tree.root.start / 1000,
    timestamp: tree.root.end / 1000,
    tags: tagPairs(json.tags),
    ...(givenUser || user ? { user: { ...givenUser, ...(user ? { sentry_user: user } : {}) } } : {}),
    metadata: { title: problem.type.title, value: problem.description },
    occurrence: {
      id: occurrenceId,
      fingerprint: [problem.fingerprint],
      issueTitle: problem.type.title,
      subtitle: problem.description,
      type: problem.type.typeId,
      evidenceData: evidence,
      evidenceDisplay: [
        { name: 'Offending Spans', value: `${problem.op} - ${problem.description}`, important: true },
      ],
    },
  };
}

function recordProblem(
  stores: OccurrenceStores,
  recorder: EventRecorder,
  projectId: number,
  tree: TransactionTree,
  problem: PerformanceProblem,
  now: number,
): RecordedOccurrence | null {
  const occurrenceId = md5(`${problem.fingerprint}:${tree.eventId ?? tree.root.spanId}`);
  const hash = md5(problem.fingerprint);
  const user = userKey(tree.json as JsonObject);
  const seed = {
    type: 'transaction',
    typeId: problem.type.typeId,
    title: problem.type.title,
    culprit: tree.name,
    message: tree.name,
    metadata: { title: problem.type.title, value: problem.description },
    // Sentry's performance occurrences are `info`: their issues start at low priority.
    level: LEVELS.info,
    platform: text(tree.json.platform),
    release: text(tree.json.release),
    logger: null,
  };
  const timestamp = Math.trunc(tree.root.end);
  const assignment = assignGroup(stores.db, {
    projectId,
    hashes: [hash],
    config: 'performance',
    seed,
    timestamp,
    now,
  });
  if (assignment.kind !== 'group') return null;
  const event = occurrenceEvent(tree, problem, occurrenceId, user);
  const recorded = recorder.record(
    projectId,
    assignment.groupId,
    {
      ...seed,
      eventId: occurrenceId,
      timestamp,
      received: now,
      primaryHash: hash,
      userKey: user,
      isSample: false,
      environment: text(tree.json.environment)?.slice(0, 64) ?? null,
    },
    now,
  );
  if (recorded.duplicate) return null;
  stores.nodestore.put(projectId, occurrenceId, encodeNode(event));
  const row = eventToErrorsRow(event as JsonObject, {
    projectId,
    groupId: assignment.groupId,
    primaryHash: hash,
    receivedAt: new Date(now),
    hierarchicalHashes: [],
    search: {
      title: problem.type.title,
      culprit: tree.name,
      location: null,
      message: `${problem.type.title} ${problem.description} ${tree.name}`,
    },
  });
  const line = {
    project_id: row.project_id,
    event_id: row.event_id,
    line: batchOf(stores.index).encoder.encode(row),
  };
  return { groupId: assignment.groupId, change: recorded.change, line };
}

/** Detects and records the performance issues of one stored item's transactions. */
export function recordPerformanceIssues(
  stores: OccurrenceStores,
  recorder: EventRecorder,
  projectId: number,
  item: { type: string; json: Json },
  now: number,
): RecordedOccurrence[] {
  const recorded: RecordedOccurrence[] = [];
  for (const tree of transactionTrees(item.type, item.json))
    for (const problem of detectProblems(tree)) {
      const occurrence = recordProblem(stores, recorder, projectId, tree, problem, now);
      if (occurrence) recorded.push(occurrence);
    }
  return recorded;
}
