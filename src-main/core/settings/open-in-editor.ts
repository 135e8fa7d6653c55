/**
 * "Open in editor" with the configured command (setting `editorCommand`), something only a local
 * Sentry can do. The file comes from the stored event, never from the page, and the command runs
 * without a shell from an argument array: the template is split into words first and placeholders
 * are replaced inside each word afterwards, so a path with spaces, quotes or `;` stays one argument
 * and cannot add a command.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { FaultlineError } from '../../../src-shared/errors.ts';
import type { OpenInEditorResult } from '../../../src-shared/settings-api.ts';
import { localPath } from '../issues/queries/source-context.ts';
import { Nodestore } from '../store/nodestore.ts';
import type { SqliteDb } from '../store/sqlite.ts';

export interface FrameRef {
  projectId: number;
  eventId: string;
  exceptionIndex: number;
  frameIndex: number;
}

/**
 * Splits a command template into words as a POSIX shell would for plain words: whitespace
 * separates, single and double quotes group (and are removed), a backslash escapes the next
 * character outside single quotes. Nothing else (no variables, globs or operators) is special.
 */
export function splitCommand(template: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < template.length; i++) {
    const char = template.charAt(i);
    if (quote) {
      if (char === quote) quote = null;
      else if (char === '\\' && quote === '"' && i + 1 < template.length) word += template.charAt(++i);
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (char === '\\' && i + 1 < template.length) {
      word += template.charAt(++i);
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote) throw new FaultlineError('invalid_params', `editor command has an unclosed ${quote}`);
  if (inWord) words.push(word);
  return words;
}

/** The argv of the editor: placeholders replaced inside each word; the file appended if no word names it. */
export function editorArgv(template: string, target: OpenInEditorResult): string[] {
  const words = splitCommand(template);
  if (words.length === 0) throw new FaultlineError('invalid_params', 'editor command is empty');
  const values: Record<string, string> = {
    file: target.file,
    line: String(target.line),
    column: String(target.column),
  };
  // A replacer function, so a `$&` in a path is taken literally.
  const argv = words.map((word) =>
    word.replace(/\{(file|line|column)\}/g, (_m, key: string) => values[key] ?? ''),
  );
  if (!words.some((word) => word.includes('{file}'))) argv.push(target.file);
  return argv;
}

function positive(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : 1;
}

/** The file, line and column of one frame of a stored event, if that file exists on this machine. */
export function resolveFrame(db: SqliteDb, ref: FrameRef): OpenInEditorResult {
  const eventId = ref.eventId.replaceAll('-', '').toLowerCase();
  const event = new Nodestore(db).get(ref.projectId, eventId) as Record<string, unknown> | undefined;
  if (!event) throw new FaultlineError('not_found', `event ${ref.eventId} does not exist`);
  const exceptions = (event.exception as { values?: unknown } | undefined)?.values;
  const exception = Array.isArray(exceptions) ? (exceptions[ref.exceptionIndex] as unknown) : undefined;
  const frames = (exception as { stacktrace?: { frames?: unknown } } | undefined)?.stacktrace?.frames;
  const frame = Array.isArray(frames)
    ? (frames[ref.frameIndex] as Record<string, unknown> | undefined)
    : undefined;
  if (!frame || typeof frame !== 'object')
    throw new FaultlineError(
      'not_found',
      `event ${ref.eventId} has no frame ${ref.frameIndex} in exception ${ref.exceptionIndex}`,
    );
  const file = localPath(frame.abs_path);
  if (!file) throw new FaultlineError('not_found', 'the frame names no absolute path on this machine');
  let isFile = false;
  try {
    isFile = fs.statSync(file).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) throw new FaultlineError('not_found', `${file} does not exist on this machine`);
  return { file, line: positive(frame.lineno), column: positive(frame.colno) };
}

/**
 * Starts the editor, detached and with its output ignored (an editor outlives the request, and
 * its logs are not ours). Resolves once the process started; a command that cannot start (not
 * installed, not executable) is an error the page can show.
 */
export function launchEditor(argv: readonly string[]): Promise<void> {
  const [command, ...args] = argv;
  if (!command) return Promise.reject(new FaultlineError('invalid_params', 'editor command is empty'));
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { detached: true, stdio: 'ignore', shell: false, windowsHide: true });
    child.once('error', (error) =>
      reject(new FaultlineError('unavailable', `could not start the editor '${command}': ${error.message}`)),
    );
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

export async function openInEditor(
  db: SqliteDb,
  editorCommand: string,
  ref: FrameRef,
): Promise<OpenInEditorResult> {
  if (editorCommand.trim() === '')
    throw new FaultlineError('conflict', 'no editor command is set (Settings → Editor command)');
  const target = resolveFrame(db, ref);
  await launchEditor(editorArgv(editorCommand, target));
  return target;
}
