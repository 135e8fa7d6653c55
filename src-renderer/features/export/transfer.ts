/**
 * Files through the API in slices (the RPC takes at most 1 MB of params): a finished export is
 * downloaded with `export.read`, a dropped file is imported with `import.begin/chunk/end`.
 */
import type { ApiTransport } from '../../../src-shared/api.ts';
import {
  type ExportProgress,
  type ImportReport,
  TRANSFER_CHUNK_BYTES,
} from '../../../src-shared/export-api.ts';

const CONTENT_TYPES: Record<ExportProgress['format'], string> = {
  jsonl: 'application/x-ndjson',
  csv: 'text/csv',
  parquet: 'application/vnd.apache.parquet',
};

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step)
    binary += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + step)));
  return btoa(binary);
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The whole file of a finished export, as a Blob. */
export async function downloadExport(
  transport: ApiTransport,
  progress: ExportProgress,
  onBytes?: (received: number, size: number) => void,
): Promise<Blob> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let offset = 0;
  for (;;) {
    const chunk = await transport.call('export.read', { exportId: progress.exportId, offset });
    const bytes = base64ToBytes(chunk.base64);
    parts.push(bytes);
    offset += bytes.length;
    onBytes?.(offset, chunk.size);
    if (chunk.eof || bytes.length === 0) break;
  }
  return new Blob(parts, { type: CONTENT_TYPES[progress.format] });
}

/** Sends a file to the import pipeline a slice at a time; resolves with the final report. */
export async function importFile(
  transport: ApiTransport,
  file: File,
  projectId: number | undefined,
  onBytes?: (sent: number) => void,
): Promise<ImportReport> {
  const { importId } = await transport.call('import.begin', {
    name: file.name,
    ...(projectId !== undefined ? { projectId } : {}),
  });
  for (let offset = 0; offset < file.size; offset += TRANSFER_CHUNK_BYTES) {
    const slice = new Uint8Array(await file.slice(offset, offset + TRANSFER_CHUNK_BYTES).arrayBuffer());
    await transport.call('import.chunk', { importId, base64: bytesToBase64(slice) });
    onBytes?.(Math.min(file.size, offset + TRANSFER_CHUNK_BYTES));
  }
  return transport.call('import.end', { importId });
}
