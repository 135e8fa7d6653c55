/** The attachments of an event: download, and a preview of images and text. */
import { useState } from 'react';
import type { AttachmentInfo } from '../../../src-shared/issues-api.ts';
import { useTransport } from '../../api/transport.tsx';
import { downloadAttachment, fetchAttachmentBlob } from './attachment-file.ts';

function Attachment({ info }: { info: AttachmentInfo }) {
  const transport = useTransport();
  const [preview, setPreview] = useState<{ url?: string; text?: string } | null>(null);
  const show = async () => {
    const blob = await fetchAttachmentBlob(transport, info.id);
    if (info.contentType.startsWith('image/')) setPreview({ url: URL.createObjectURL(blob) });
    else setPreview({ text: (await blob.text()).slice(0, 100_000) });
  };
  const previewable =
    info.contentType.startsWith('image/') ||
    info.contentType.startsWith('text/') ||
    info.contentType.includes('json');
  return (
    <li>
      <code>{info.name}</code>{' '}
      <span className="muted">
        ({info.contentType}, {info.size} bytes, {info.attachmentType})
      </span>{' '}
      <button type="button" onClick={() => void downloadAttachment(transport, info)}>
        Download
      </button>
      {previewable && (
        <button type="button" onClick={() => void show()}>
          Preview
        </button>
      )}
      {preview?.url && <img src={preview.url} alt={info.name} className="attachment-preview" />}
      {preview?.text !== undefined && <pre className="attachment-preview">{preview.text}</pre>}
    </li>
  );
}

export function Attachments({ attachments }: { attachments: AttachmentInfo[] }) {
  if (attachments.length === 0) return null;
  return (
    <section className="card" aria-label="Attachments">
      <h2>Attachments</h2>
      <ul className="attachments">
        {attachments.map((info) => (
          <Attachment key={info.id} info={info} />
        ))}
      </ul>
    </section>
  );
}
