/**
 * A batch's attachments (step 3 of process-batch.ts): stored with their event, or counted as
 * dropped; crash reports beyond the project's per-issue limit are filtered, as Sentry's
 * `filter_attachments_for_group` does.
 */
import { itemQuantities } from '../ingest/item-types.ts';
import { CRASH_REPORT_TYPES } from '../store/attachments.ts';
import type { QueuedEnvelope } from '../store/queue.ts';
import type { OtherItem } from './items.ts';
import type { PreparedEnvelope } from './prepare.ts';
import type { PipelineStores } from './process-batch.ts';

function eventIdOf(prepared: PreparedEnvelope): string | undefined {
  const headerId = prepared.items.headers.event_id;
  return (
    prepared.prepared?.occurrence.eventId ??
    (typeof headerId === 'string' ? headerId.replaceAll('-', '').toLowerCase() : undefined)
  );
}

export function storeAttachments(
  stores: PipelineStores,
  row: QueuedEnvelope,
  prepared: PreparedEnvelope,
  groupId: number | null,
  now: number,
): void {
  const eventId = eventIdOf(prepared);
  if (!eventId) return;
  const limit = groupId === null ? null : stores.crashReportLimit(row.projectId);
  let crashReports = limit === null || groupId === null ? 0 : stores.attachments.crashReportCount(groupId);
  for (const [itemIndex, item] of prepared.items.attachments.entries()) {
    const attachmentType = String(item.headers.attachment_type ?? 'event.attachment');
    if (limit !== null && CRASH_REPORT_TYPES.has(attachmentType)) {
      if (crashReports >= limit) {
        recordAttachment(stores, row, item, 'filtered', 'crash_report_limit');
        continue;
      }
      crashReports++;
    }
    stores.attachments.put({
      projectId: row.projectId,
      eventId,
      groupId,
      name: String(item.headers.filename ?? 'attachment'),
      contentType: String(item.headers.content_type ?? 'application/octet-stream'),
      attachmentType,
      data: Buffer.from(item.payload),
      itemIndex,
      now,
    });
    recordAttachment(stores, row, item, 'accepted', '');
  }
}

export function dropAttachments(
  stores: PipelineStores,
  row: QueuedEnvelope,
  prepared: PreparedEnvelope,
  reason: string,
): void {
  for (const item of prepared.items.attachments) recordAttachment(stores, row, item, 'filtered', reason);
}

/** An attachment counts its bytes and itself (`attachment`, `attachment_item`), as ingest counts it. */
function recordAttachment(
  stores: PipelineStores,
  row: QueuedEnvelope,
  item: OtherItem,
  outcome: 'accepted' | 'filtered',
  reason: string,
): void {
  stores.outcomes.recordEach(
    { projectId: row.projectId, outcome, reason, timestamp: row.receivedAt },
    itemQuantities(item),
  );
}
