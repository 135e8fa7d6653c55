/**
 * The issue's Attachments tab, as Sentry's: the attachments of its events, newest first, filtered to
 * all, screenshots or crash reports; each with its type, size, event and date, downloadable and
 * deletable. Screenshots show as thumbnails, as Sentry's screenshot gallery.
 */
import { useEffect, useState } from 'react';
import {
  ATTACHMENT_FILTERS,
  type AttachmentFilter,
  type IssueAttachment,
} from '../../../src-shared/issue-attachments-api.ts';
import { useApiMutation } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { hrefFor, navigate } from '../../app/router.ts';
import { downloadAttachment, fetchAttachmentBlob } from '../event/attachment-file.ts';
import { formatBytes } from '../event/readable.ts';
import { timeAgo } from '../issues/format.ts';
import { Pager } from './Pager.tsx';
import { eventParams, filterParams, type IssuePageFilter } from './page-filter.ts';
import { ATTACHMENTS_PAGE, useIssueAttachments } from './queries.ts';

const FILTER_LABELS: Record<AttachmentFilter, string> = {
  all: 'All Attachments',
  screenshot: 'Screenshots',
  onlyCrash: 'Only Crash Reports',
};

export function parseAttachmentFilter(text: string | null): AttachmentFilter {
  return (ATTACHMENT_FILTERS as readonly string[]).includes(text ?? '') ? (text as AttachmentFilter) : 'all';
}

/** An image attachment drawn from its bytes (they come through the API, never by URL). */
function Thumbnail({ attachment }: { attachment: IssueAttachment }) {
  const transport = useTransport();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let objectUrl: string | null = null;
    let live = true;
    void fetchAttachmentBlob(transport, attachment.id).then((blob) => {
      if (!live) return;
      objectUrl = URL.createObjectURL(blob);
      setUrl(objectUrl);
    });
    return () => {
      live = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [transport, attachment.id]);
  return url ? (
    <img src={url} alt={attachment.name} className="attachment-thumb" data-testid="attachment-thumbnail" />
  ) : (
    <span className="attachment-thumb muted">…</span>
  );
}

function Row({
  groupId,
  attachment,
  thumbnail,
  onDelete,
  linkParams,
}: {
  groupId: number;
  attachment: IssueAttachment;
  thumbnail: boolean;
  onDelete: () => void;
  linkParams: Record<string, string | string[]>;
}) {
  const transport = useTransport();
  return (
    <tr data-testid="attachment-row">
      <td>
        {thumbnail && <Thumbnail attachment={attachment} />}
        <code>{attachment.name}</code>
      </td>
      <td>
        {attachment.attachmentType} <span className="muted">{attachment.contentType}</span>
      </td>
      <td className="num">{formatBytes(attachment.size)}</td>
      <td>
        <a href={hrefFor('issues', [groupId, 'events', attachment.eventId], linkParams)} className="short-id">
          {attachment.eventId.slice(0, 8)}
        </a>
      </td>
      <td title={attachment.dateCreated}>{timeAgo(attachment.dateCreated)}</td>
      <td className="row-actions">
        <button type="button" onClick={() => void downloadAttachment(transport, attachment)}>
          Download
        </button>
        <button type="button" onClick={onDelete}>
          Delete
        </button>
      </td>
    </tr>
  );
}

/** `pageFilter`: the page's; the attachments of its environments' events of its time, as Sentry's tab. */
export function AttachmentsTab({
  groupId,
  filter,
  offset,
  pageFilter,
}: {
  groupId: number;
  filter: AttachmentFilter;
  offset: number;
  pageFilter: IssuePageFilter;
}) {
  const list = useIssueAttachments(groupId, filter, offset, eventParams(pageFilter));
  const linkParams = filterParams(pageFilter);
  // The live `issues.changed` refetches it too; this spares the wait when the stream is slow.
  const remove = useApiMutation('attachments.delete', { onSuccess: () => void list.refetch() });
  const go = (next: { filter?: AttachmentFilter; offset?: number }) =>
    navigate(
      hrefFor('issues', [groupId, 'attachments'], {
        attachmentFilter: next.filter ?? filter,
        offset: String(next.offset ?? 0),
        ...linkParams,
      }),
      { replace: true },
    );
  const confirmDelete = (attachment: IssueAttachment) => {
    if (window.confirm(`Delete ${attachment.name}? This cannot be undone.`))
      remove.mutate({ attachmentId: attachment.id });
  };
  const data = list.data;
  return (
    <section aria-label="Attachments">
      <fieldset className="segmented" aria-label="Attachment filter">
        {ATTACHMENT_FILTERS.map((id) => (
          <button key={id} type="button" aria-pressed={filter === id} onClick={() => go({ filter: id })}>
            {FILTER_LABELS[id]}
          </button>
        ))}
      </fieldset>
      {list.error && <ErrorNote error={list.error} />}
      {remove.error && <ErrorNote error={remove.error} />}
      {data?.total === 0 && (
        <p className="muted" data-testid="no-attachments">
          {filter === 'screenshot'
            ? 'No screenshots found.'
            : filter === 'onlyCrash'
              ? 'No matching crash reports found.'
              : 'No matching attachments found.'}
        </p>
      )}
      {data && data.total > 0 && (
        <>
          <table className="events-table attachments-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Type</th>
                <th className="num">Size</th>
                <th>Event</th>
                <th>Date</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.attachments.map((attachment) => (
                <Row
                  key={attachment.id}
                  groupId={groupId}
                  attachment={attachment}
                  thumbnail={filter === 'screenshot' && attachment.contentType.startsWith('image/')}
                  onDelete={() => confirmDelete(attachment)}
                  linkParams={linkParams}
                />
              ))}
            </tbody>
          </table>
          <Pager
            offset={data.offset}
            shown={data.attachments.length}
            total={data.total}
            pageSize={ATTACHMENTS_PAGE}
            onPage={(offset) => go({ offset })}
          />
        </>
      )}
    </section>
  );
}
