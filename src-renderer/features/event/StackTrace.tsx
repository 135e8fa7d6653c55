/**
 * One exception's stack trace, most recent call first: in-app only or full, runs of system frames
 * folded, source context with the error line marked, local variables, "open in editor".
 */
import { useState } from 'react';
import { useApiMutation } from '../../api/hooks.ts';
import { type Json, obj, str } from './data.ts';
import { frameVariables } from './frame-variables.ts';
import { KvTable } from './KeyValues.tsx';

/** The stored event the frames belong to, when an editor command is set (Settings). */
export interface EditorTarget {
  projectId: number;
  eventId: string;
}

/** The path a `file:` URL names; null when it is no URL or its escapes decode to no text (`%E0%A4%A`). */
function pathOfFileUrl(url: string): string | null {
  try {
    return decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
}

function editorUrl(frame: Json): string | null {
  const file = str(frame.abs_path);
  if (!file || !(file.startsWith('/') || /^[A-Za-z]:\\/.test(file) || file.startsWith('file://')))
    return null;
  const path = file.startsWith('file://') ? pathOfFileUrl(file) : file;
  if (path === null) return null;
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
      <SourceMapNote frame={frame} />
    </ol>
  );
}

/** Which source map gave a mapped frame (Sentry's `frame.data.sourcemap`). */
function SourceMapNote({ frame }: { frame: Json }) {
  const sourcemap = str(obj(frame.data)?.sourcemap);
  if (sourcemap === undefined) return null;
  return (
    <li className="muted from-disk" data-testid="frame-sourcemap">
      Source Map: <code>{sourcemap}</code>
    </li>
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
  platform: string;
  open: boolean;
  fromDisk: boolean;
  exceptionIndex: number;
  frameIndex: number;
  editorTarget: EditorTarget | null;
}

/**
 * A frame's title as Sentry writes it: `file in function at line 12:5` (the module first for Java,
 * whose filename is only a basename), the absolute path in a tooltip when the file is shown otherwise.
 */
function FrameTitle({ frame, platform }: { frame: Json; platform: string }) {
  const file = str(frame.filename);
  const module = str(frame.module);
  const where = platform === 'java' ? (module ?? file) : (file ?? module);
  const absPath = str(frame.abs_path);
  const fn = str(frame.function) ?? str(frame.raw_function);
  const lineno = typeof frame.lineno === 'number' && frame.lineno !== 0 ? frame.lineno : undefined;
  return (
    <>
      {where !== undefined && (
        <code className="frame-file" title={absPath !== where ? absPath : undefined}>
          {where}
        </code>
      )}
      {where !== undefined && fn !== undefined && <span className="muted"> in </span>}
      {fn !== undefined && <code className="frame-fn">{fn}</code>}
      {lineno !== undefined && (
        <span className="muted">
          {' '}
          at line{' '}
          <code>
            {lineno}
            {typeof frame.colno === 'number' ? `:${frame.colno}` : ''}
          </code>
        </span>
      )}
      {str(frame.package) !== undefined && platform !== 'csharp' && (
        <span className="muted">
          {' '}
          within <code title={str(frame.package)}>{str(frame.package)?.split(/[/\\]/).at(-1)}</code>
        </span>
      )}
    </>
  );
}

function Frame({ frame, platform, open, fromDisk, exceptionIndex, frameIndex, editorTarget }: FrameProps) {
  const vars = obj(frame.vars);
  const editor = editorUrl(frame);
  const framePlatform = str(frame.platform) ?? platform;
  return (
    <details className={`frame${frame.in_app ? ' in-app' : ''}`} open={open} data-testid="frame">
      <summary>
        <FrameTitle frame={frame} platform={framePlatform} />
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
      {vars && Object.keys(vars).length > 0 && (
        <KvTable data={frameVariables(vars, framePlatform)} className="vars" label="Variables" />
      )}
    </details>
  );
}

type Row =
  | { kind: 'frame'; frame: Json; index: number }
  | { kind: 'folded'; frames: Array<{ frame: Json; index: number }> };

/** Consecutive system frames fold into one row, as Sentry's "Show N more frames". */
function rowsOf(frames: Json[], full: boolean, newestFirst: boolean): Row[] {
  const rows: Row[] = [];
  const indexed = frames.map((frame, index) => ({ frame, index }));
  const ordered = newestFirst ? indexed.reverse() : indexed;
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
  platform,
  newestFirst,
  expandFirstFrame,
  exceptionIndex,
  fromDisk,
  editorTarget,
}: {
  frames: Json[];
  /** The event's platform; a frame's own `platform` wins. */
  platform: string;
  /** Most recent call first (Sentry's default), else last. */
  newestFirst: boolean;
  /** Opens the frame that raised (the last in-app one, else the last): Sentry does so in the newest exception only. */
  expandFirstFrame: boolean;
  exceptionIndex: number;
  fromDisk: string[];
  editorTarget: EditorTarget | null;
}) {
  const hasInApp = frames.some((frame) => frame.in_app === true);
  const [full, setFull] = useState(!hasInApp);
  const [unfolded, setUnfolded] = useState<ReadonlySet<number>>(new Set());
  const rows = rowsOf(frames, full, newestFirst);
  const crashed = frames.findLastIndex((frame) => frame.in_app === true || !hasInApp);
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
          return (
            <Frame
              key={row.index}
              frame={row.frame}
              platform={platform}
              open={expandFirstFrame && row.index === crashed}
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
              platform={platform}
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
