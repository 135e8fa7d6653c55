/** An attachment's bytes as a Blob, and saving one as a file: the event page's and the Attachments tab. */
import type { ApiTransport } from '../../../src-shared/api.ts';
import type { AttachmentContent } from '../../../src-shared/issues-api.ts';
import { download } from '../../app/download.ts';

function toBlob(content: AttachmentContent): Blob {
  const bytes = Uint8Array.from(atob(content.base64), (char) => char.charCodeAt(0));
  return new Blob([bytes], { type: content.contentType });
}

export async function fetchAttachmentBlob(transport: ApiTransport, attachmentId: number): Promise<Blob> {
  return toBlob(await transport.call('attachments.get', { attachmentId }));
}

export async function downloadAttachment(
  transport: ApiTransport,
  attachment: { id: number; name: string },
): Promise<void> {
  download(attachment.name, await fetchAttachmentBlob(transport, attachment.id));
}
