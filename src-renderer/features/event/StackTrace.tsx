/**
 * One exception's stack trace, most recent call first: in-app only or full, runs of system frames
 * folded, source context with the error line marked, local variables, "open in editor".
 */
import { useState } from 'react';
import { useApiMutation } from '../../api/hooks.ts';
import { type Json, obj, str } from './data.ts';
import { KvTable } from './KeyValues.tsx';

/** The stored event the frames belong to, when an editor command is set (Settings). */
export interface EditorTarget {
  projectId: number;
  eventId: string;
}

function editorUrl(frame: Json): string | null {
  const file = str(frame.abs_path);
  if (!file || !(file.startsWith('/') || /^[A-Za-z]:\\/.test(file) || file.startsWith('file://')))
    return null;
  const path = file.startsWith('file://') ? decodeURIComponent(new URL(file).pathname) : file;
  return `vscode://file${path.startsWith('/') ? '' : '/'}${path}:${str(frame.lineno) ?? 1}:${str(frame.colno) ?? 1}`;
}

function Context({ frame, fromDisk }: { frame: Json; fromDisk: boolean }) {
  const lineno = typeof frame.lineno === 'number' ? frame.lineno : null;
  const pre = Array.isArray(frame.pre_context) ? frame.pre_context.map(String) : [];
  const post = Array.isArray(frame.post_context) ? frame.post_context.map(String) : [];
  const line = str(frame.context_line);
  if (line === undefined) return null;
  const first = lineno === null ? null : lineno - pre.length;
  const rows = [...pre, line, ...post];
  return (
    <ol className="source" start={first ?? 1} data-testid="source-context">
      {rows.map((text, index) => (
        <li
          // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional
          key={index}
          className={index === pre.length ? 'error-line' : undefined}
          value={first === null ? undefined : first + index}
        >
          <code>{text}</code>
        </li>
      ))}
      {fromDisk && <li className="muted from-disk">source read from the file on this machine</li>}
    </ol>
  );
}

/** Asks the core to run the configured editor on this frame; the core reads the path from the event. */
function OpenInEditorButton({
  target,
  exceptionIndex,
  frameIndex,
}: {
  target: EditorTarget;
  exceptionIndex: number;
  frameIndex: number;
}) {
  const open = useApiMutation('events.openInEditor');
  return (
    <>
      <button
        type="button"
        className="open-editor"
        disabled={open.isPending}
        onClick={(event) => {
          // Inside <summary>: a click would also fold the frame.
          event.preventDefault();
          event.stopPropagation();
          open.mutate({ ...target, exceptionIndex, frameIndex });
        }}
      >
        Open in editor
      </button>
      {open.error && (
        <span className="editor-error" role="alert">
          {open.error.message}
        </span>
      )}
    </>
  );
}

interface FrameProps {
  frame: Json;
  open: boolean;
  fromDisk: boolean;
  exceptionIndex: number;
  frameIndex: number;
  editorTarget: EditorTarget | null;
}

function Frame({ frame, open, fromDisk, exceptionIndex, frameIndex, editorTarget }: FrameProps) {
  const vars = obj(frame.vars);
  const editor = editorUrl(frame);
  const where = str(frame.filename) ?? str(frame.abs_path) ?? str(frame.module) ?? '?';
  return (
    <details className={`frame${frame.in_app ? ' in-app' : ''}`} open={open} data-testid="frame">
      <summary>
        <code className="frame-fn">{str(frame.function) ?? '?'}</code> <span className="muted">in</span>{' '}
        <code>{where}</code>
        {frame.lineno !== undefined && (
          <span className="muted">
            {' '}
            at line {str(frame.lineno)}
            {frame.colno !== undefined ? `:${str(frame.colno)}` : ''}
          </span>
        )}
        {frame.in_app === true && <span className="in-app-badge">in app</span>}
        {editor && (
          <a className="open-editor" href={editor} onClick={(event) => event.stopPropagation()}>
            open in VS Code
          </a>
        )}
        {editor && editorTarget && (
          <OpenInEditorButton target={editorTarget} exceptionIndex={exceptionIndex} frameIndex={frameIndex} />
        )}
      </summary>
      <Context frame={frame} fromDisk={fromDisk} />
      {vars && Object.keys(vars).length > 0 && <KvTable data={vars} className="vars" />}
    </details>
  );
}

type Row =
  | { kind: 'frame'; frame: Json; index: number }
  | { kind: 'folded'; frames: Array<{ frame: Json; index: number }> };

/** Consecutive system frames fold into one row, as Sentry's "Show N more frames". */
function rowsOf(frames: Json[], full: boolean): Row[] {
  const rows: Row[] = [];
  const ordered = frames.map((frame, index) => ({ frame, index })).reverse();
  for (const entry of ordered) {
    if (full || entry.frame.in_app === true) {
      rows.push({ kind: 'frame', ...entry });
      continue;
    }
    const last = rows.at(-1);
    if (last?.kind === 'folded') last.frames.push(entry);
    else rows.push({ kind: 'folded', frames: [entry] });
  }
  return rows;
}

export function StackTrace({
  frames,
  exceptionIndex,
  fromDisk,
  editorTarget,
}: {
  frames: Json[];
  exceptionIndex: number;
  fromDisk: string[];
  editorTarget: EditorTarget | null;
}) {
  const hasInApp = frames.some((frame) => frame.in_app === true);
  const [full, setFull] = useState(!hasInApp);
  const [unfolded, setUnfolded] = useState<ReadonlySet<number>>(new Set());
  const rows = rowsOf(frames, full);
  let firstOpen = true;
  return (
    <div className="stacktrace">
      {hasInApp && (
        <fieldset className="trace-toggle" aria-label="Frames">
          <button type="button" aria-pressed={!full} onClick={() => setFull(false)}>
            In app
          </button>
          <button type="button" aria-pressed={full} onClick={() => setFull(true)}>
            Full
          </button>
        </fieldset>
      )}
      {rows.map((row, rowIndex) => {
        if (row.kind === 'frame') {
          const open = firstOpen && (row.frame.in_app === true || !hasInApp);
          if (open) firstOpen = false;
          return (
            <Frame
              key={row.index}
              frame={row.frame}
              open={open}
              fromDisk={fromDisk.includes(`${exceptionIndex}:${row.index}`)}
              exceptionIndex={exceptionIndex}
              frameIndex={row.index}
              editorTarget={editorTarget}
            />
          );
        }
        if (unfolded.has(rowIndex))
          return row.frames.map((entry) => (
            <Frame
              key={entry.index}
              frame={entry.frame}
              open={false}
              fromDisk={false}
              exceptionIndex={exceptionIndex}
              frameIndex={entry.index}
              editorTarget={editorTarget}
            />
          ));
        return (
          <button
            key={`fold-${row.frames[0]?.index}`}
            type="button"
            className="folded"
            onClick={() => setUnfolded(new Set([...unfolded, rowIndex]))}
          >
            {row.frames.length} system frame{row.frames.length === 1 ? '' : 's'} hidden
          </button>
        );
      })}
    </div>
  );
}
