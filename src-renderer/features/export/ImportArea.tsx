/**
 * Drop files here (or pick them) to import: Sentry event JSON or JSONL, `.envelope` files, Snuba
 * stream-loader messages, Faultline's JSONL export. The file's content goes through the API.
 */
import { type DragEvent, useState } from 'react';
import type { ImportReport } from '../../../src-shared/export-api.ts';
import { useTransport } from '../../api/transport.tsx';
import { ProjectSelect } from './ProjectSelect.tsx';
import { importFile } from './transfer.ts';

interface FileState {
  name: string;
  sent: number;
  size: number;
  report: ImportReport | null;
  error: string | null;
}

function ImportResult({ file }: { file: FileState }) {
  const { report } = file;
  return (
    <li className="import-item" data-file={file.name}>
      <strong>{file.name}</strong>{' '}
      {file.error ? (
        <span className="error-note" role="alert">
          {file.error}
        </span>
      ) : report ? (
        <span className="import-summary">
          {report.queued} imported, {report.skippedCount} skipped
        </span>
      ) : (
        <progress
          value={file.sent}
          max={Math.max(1, file.size)}
          aria-label={`Import ${file.name} progress`}
        />
      )}
      {report && report.skipped.length > 0 && (
        <ul className="import-skips">
          {report.skipped.map((skip) => (
            <li key={skip.line}>
              line {skip.line}: {skip.reason}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

export function ImportArea() {
  const transport = useTransport();
  const [projectId, setProjectId] = useState('');
  const [over, setOver] = useState(false);
  const [files, setFiles] = useState<FileState[]>([]);

  const update = (name: string, change: Partial<FileState>) =>
    setFiles((list) => list.map((f) => (f.name === name ? { ...f, ...change } : f)));

  const run = async (picked: File[]) => {
    setFiles((list) => [
      ...picked.map((f) => ({ name: f.name, sent: 0, size: f.size, report: null, error: null })),
      ...list.filter((f) => !picked.some((p) => p.name === f.name)),
    ]);
    for (const file of picked) {
      try {
        const report = await importFile(
          transport,
          file,
          projectId === '' ? undefined : Number(projectId),
          (sent) => update(file.name, { sent }),
        );
        update(file.name, { report });
      } catch (error) {
        update(file.name, { error: (error as Error).message });
      }
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    void run([...event.dataTransfer.files]);
  };

  return (
    <section aria-label="Import">
      <h2>Import</h2>
      <ProjectSelect
        label="Into project"
        value={projectId}
        onChange={setProjectId}
        emptyLabel="The project each event names (else the default)"
      />
      <section
        className={`drop-zone${over ? ' drop-over' : ''}`}
        aria-label="Drop files to import"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        data-testid="import-drop-zone"
      >
        <p>
          Drop event files here: Sentry event JSON or JSONL, .envelope files, Snuba messages, Faultline
          exports.
        </p>
        <label>
          or choose files{' '}
          <input
            type="file"
            multiple
            aria-label="Files to import"
            onChange={(e) => {
              void run([...(e.target.files ?? [])]);
              e.target.value = '';
            }}
          />
        </label>
      </section>
      {files.length > 0 && (
        <ul className="import-list">
          {files.map((f) => (
            <ImportResult key={f.name} file={f} />
          ))}
        </ul>
      )}
    </section>
  );
}
