/** Exports of this session: a progress bar and Cancel while running, Download when done. */
import { useState } from 'react';
import type { ExportProgress } from '../../../src-shared/export-api.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { download } from '../../app/download.ts';
import { downloadExport } from './transfer.ts';

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function ExportRow({ progress }: { progress: ExportProgress }) {
  const transport = useTransport();
  const cancel = useApiMutation('export.cancel');
  const [downloading, setDownloading] = useState<string | null>(null);
  const total = progress.total ?? 0;
  const save = async () => {
    setDownloading('0%');
    try {
      const blob = await downloadExport(transport, progress, (received, size) =>
        setDownloading(`${Math.floor((received / Math.max(1, size)) * 100)}%`),
      );
      download(progress.file ?? `export.${progress.format}`, blob);
    } finally {
      setDownloading(null);
    }
  };
  return (
    <li className={`export-item export-${progress.state}`} data-export-id={progress.exportId}>
      <div className="export-item-head">
        <strong>{progress.format.toUpperCase()}</strong>
        <span className="export-state">{progress.state}</span>
        <span className="muted">
          {progress.rows.toLocaleString()}
          {progress.total !== null ? ` / ${progress.total.toLocaleString()}` : ''} rows
        </span>
        {progress.state === 'running' && (
          <button type="button" onClick={() => cancel.mutate({ exportId: progress.exportId })}>
            Cancel
          </button>
        )}
        {progress.state === 'done' && (
          <button type="button" onClick={() => void save()} disabled={downloading !== null}>
            {downloading === null ? 'Download' : `Downloading ${downloading}`}
          </button>
        )}
      </div>
      {progress.state === 'running' && (
        <progress
          value={progress.rows}
          max={total > 0 ? total : undefined}
          aria-label={`Export ${progress.format} progress`}
        />
      )}
      {progress.state === 'done' && (
        <p className="muted">
          {progress.file} · {sizeText(progress.bytes ?? 0)}
        </p>
      )}
      {progress.error && (
        <p className="error-note" role="alert">
          <strong>{progress.error.type}</strong>: {progress.error.message}
        </p>
      )}
    </li>
  );
}

export function ExportList() {
  const exports = useApiQuery('export.list', {});
  if (!exports.data || exports.data.length === 0) return <p className="empty">No exports yet.</p>;
  return (
    <ul className="export-list" aria-label="Exports">
      {exports.data.map((progress) => (
        <ExportRow key={progress.exportId} progress={progress} />
      ))}
    </ul>
  );
}
