/**
 * Sentry's JS source processing at display time, for local work: each JavaScript frame whose file is
 * on this machine or on a loopback dev server gets the original file, line, column and function its
 * source map gives, context lines from `sourcesContent` (or the original file), in-app by Sentry's rule
 * and `data.sourcemap`; the minified frames stay as the exception's (or thread's) `raw_stacktrace`
 * (Sentry's "Minified" view). What fails leaves the frame as it was and is added to the event's `errors` as the
 * processing error Sentry records. The stored event is not changed: grouping keeps the minified frames.
 */
import { trimLine } from '../issues/queries/source-context.ts';
import { type FetchFailure, filePath, isFailure, SourceFetcher } from './fetch.ts';
import { foldFunctionName, functionForToken, scopeName } from './function-name.ts';
import { isLoadedMap, type JsModule, type LoadedMap, loadModule } from './module.ts';
import { fixupWebpackFilename, generateModule, isInApp, joinPaths } from './paths.ts';
import { lookup, sourceContentLines } from './sourcemap.ts';

type Frame = Record<string, unknown>;
export type ProcessingError = { type: string } & Record<string, unknown>;

const CONTEXT_LINES = 5;
const JS_PLATFORMS = new Set(['javascript', 'node']);

class Problems {
  readonly list: ProcessingError[] = [];
  private readonly seen = new Set<string>();
  add(error: ProcessingError): void {
    const key = JSON.stringify(error);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(error);
  }
  failure(
    failure: FetchFailure | { type: string; url: string; value?: string },
    symbolicatorType?: string,
  ): void {
    // Sentry does not report missing files of dependencies or browser extensions.
    if (failure.type === 'js_no_source' && /node_modules|^chrome-extension:/.test(failure.url)) return;
    this.add({
      type: failure.type,
      url: failure.url,
      ...(symbolicatorType ? { symbolicator_type: symbolicatorType } : {}),
      ...(failure.value ? { value: failure.value } : {}),
    });
  }
  /** A position the map has no mapping for (or no line at all). */
  invalidLocation(source: string, row: number, column: number): void {
    this.add({ type: 'js_invalid_sourcemap_location', row, column, source });
  }
  /** A file the frame's mapping relies on changed after the event: the map may not fit it anymore. */
  changed(url: string, modified: number | undefined, eventTime: number): void {
    if (modified !== undefined && modified > eventTime)
      this.add({ type: 'js_file_changed', url, value: new Date(modified).toISOString() });
  }
}

/** Lines around `lineno` (1-based), cut as Sentry cuts long lines; null when the line does not exist. */
function contextAt(lines: string[], lineno: number, colno: number): Frame | null {
  const line = lines[lineno - 1];
  if (line === undefined) return null;
  return {
    pre_context: lines
      .slice(Math.max(0, lineno - 1 - CONTEXT_LINES), lineno - 1)
      .map((text) => trimLine(text)),
    context_line: trimLine(line, colno),
    post_context: lines.slice(lineno, lineno + CONTEXT_LINES).map((text) => trimLine(text)),
  };
}

function isCandidate(frame: Frame, platform: string): frame is Frame & { abs_path: string } {
  if (!JS_PLATFORMS.has(typeof frame.platform === 'string' ? frame.platform : platform)) return false;
  const absPath = frame.abs_path;
  if (typeof absPath !== 'string') return false;
  const file = filePath(absPath);
  // A dependency's file on this machine (a Node app's node_modules) is left as the SDK sent it, though
  // it may ship a map of its own: Sentry maps only what was uploaded with the app.
  if (file !== null) return !file.split(/[\\/]/).includes('node_modules');
  return /^https?:\/\//i.test(absPath);
}

interface Mapped {
  frame: Frame;
  /** The name the map gives the call site: the callee's, for the next frame. */
  tokenName: string | undefined;
}

class Symbolicator {
  private readonly modules = new Map<string, Promise<JsModule>>();
  readonly problems = new Problems();

  private readonly fetcher: SourceFetcher;
  private readonly eventTime: number;

  constructor(fetcher: SourceFetcher, eventTime: number) {
    this.fetcher = fetcher;
    this.eventTime = eventTime;
  }

  private module(absPath: string): Promise<JsModule> {
    let found = this.modules.get(absPath);
    if (!found) {
      found = loadModule(this.fetcher, absPath).then((module) => {
        if (!isFailure(module.minified))
          this.problems.changed(absPath, module.minified.modified, this.eventTime);
        if (isLoadedMap(module.map))
          this.problems.changed(module.map.label, module.map.modified, this.eventTime);
        return module;
      });
      this.modules.set(absPath, found);
    }
    return found;
  }

  /** Maps one frame; fills the raw frame's context from the minified file. null: left as it is. */
  async frame(raw: Frame & { abs_path: string }, callsite: string | undefined): Promise<Mapped | null> {
    const lineno = typeof raw.lineno === 'number' ? raw.lineno : 0;
    const colno = typeof raw.colno === 'number' ? raw.colno : 0;
    if (lineno < 1) {
      this.problems.invalidLocation(raw.abs_path, lineno, colno);
      return null;
    }
    const module = await this.module(raw.abs_path);
    if (isFailure(module.minified)) {
      // A file of this machine that is not here (an event from a container or another machine):
      // nothing to map and nothing to report; the SDK sent its own source context.
      const absent = module.minified.type === 'js_no_source' && filePath(raw.abs_path) !== null;
      if (!absent) this.problems.failure(module.minified, 'missing_source');
      return null;
    }
    if (typeof raw.context_line !== 'string')
      Object.assign(raw, contextAt(module.lines, lineno, colno) ?? {});
    if (module.map === null) return null;
    if (!isLoadedMap(module.map)) {
      this.problems.failure(
        module.map,
        module.map.type === 'js_invalid_sourcemap' ? 'malformed_sourcemap' : 'missing_sourcemap',
      );
      return null;
    }
    const { map } = module.map;
    const token = lookup(map, lineno - 1, Math.max(colno - 1, 0));
    if (!token) {
      this.problems.invalidLocation(raw.abs_path, lineno, colno);
      return null;
    }
    const rawFunction = typeof raw.function === 'string' ? raw.function : undefined;
    const scope = scopeName(map, module.lines, lineno - 1, Math.max(colno - 1, 0), rawFunction);
    const name = scope ?? rawFunction ?? callsite;
    const frame: Frame = { ...raw };
    delete frame.pre_context;
    delete frame.context_line;
    delete frame.post_context;
    if (name !== undefined) frame.function = foldFunctionName(functionForToken(rawFunction, name, callsite));
    await this.place(frame, module.map, map.sources[token.source] ?? '', token);
    frame.data = {
      ...(raw.data as Frame | undefined),
      sourcemap: module.map.label,
      resolved_with: 'scraping',
      symbolicated: true,
    };
    return { frame, tokenName: token.name ?? undefined };
  }

  /** The original file, position, module, in-app and source context of a mapped frame. */
  private async place(
    frame: Frame,
    loaded: LoadedMap,
    source: string,
    token: { source: number; line: number; column: number },
  ) {
    const absPath = joinPaths(loaded.url, source);
    let filename = source;
    frame.abs_path = absPath;
    delete frame.module;
    if (filename.startsWith('webpack:')) {
      filename = fixupWebpackFilename(filename);
      frame.module = generateModule(filename);
    }
    if (frame.module === undefined && /^(https?|webpack|app):/.test(absPath))
      frame.module = generateModule(absPath);
    frame.filename = filename;
    frame.lineno = token.line + 1;
    frame.colno = token.column + 1;
    const inApp = isInApp(absPath, filename);
    if (inApp !== undefined) frame.in_app = inApp;
    let lines = sourceContentLines(loaded.map, token.source);
    if (lines === null) {
      const file = await this.fetcher.get(absPath);
      if (isFailure(file))
        this.problems.add({ type: 'js_missing_sources_content', source: absPath, sourcemap: loaded.label });
      else {
        this.problems.changed(absPath, file.modified, this.eventTime);
        lines = file.text.split(/\r?\n/);
      }
    }
    if (lines !== null) Object.assign(frame, contextAt(lines, token.line + 1, token.column + 1) ?? {});
  }
}

/**
 * The objects whose `stacktrace` Sentry processes: each exception, each thread (`attachStacktrace`) and
 * the event itself when it has a stack trace of its own (older SDKs).
 */
function stackContainers(event: Record<string, unknown>): Frame[] {
  const own = event.stacktrace && typeof event.stacktrace === 'object' ? [event] : [];
  return own.concat(
    ['exception', 'threads'].flatMap((key) => {
      const list = (event[key] as { values?: unknown } | undefined)?.values;
      return Array.isArray(list)
        ? list.filter((item): item is Frame => !!item && typeof item === 'object' && !Array.isArray(item))
        : [];
    }),
  );
}

/** Maps one stack trace; true when a frame was mapped (the frames as sent become `raw_stacktrace`). */
async function applyToContainer(container: Frame, symbolicator: Symbolicator, platform: string) {
  const frames = (container.stacktrace as { frames?: unknown } | undefined)?.frames;
  // Processed before (an event Sentry already symbolicated keeps its own).
  if (container.raw_stacktrace || !Array.isArray(frames)) return false;
  const raw = structuredClone(frames) as Frame[];
  const out: Frame[] = [];
  let callsite: string | undefined;
  let mapped = false;
  for (const frame of raw) {
    const result =
      frame && typeof frame === 'object' && isCandidate(frame, platform)
        ? await symbolicator.frame(frame, callsite)
        : null;
    callsite = result?.tokenName;
    out.push(result ? result.frame : structuredClone(frame));
    mapped ||= result !== null;
  }
  if (!mapped) return false;
  container.raw_stacktrace = { ...(container.stacktrace as Frame), frames: raw };
  container.stacktrace = { ...(container.stacktrace as Frame), frames: out };
  return true;
}

/**
 * Applies source maps in place to the stack traces of the event's exceptions and threads. `eventTime`
 * (ms) is when the event happened: a file changed since is noted. Returns whether any frame was mapped.
 */
export async function applySourceMaps(
  event: Record<string, unknown>,
  eventTime: number,
  fetcher: SourceFetcher = new SourceFetcher(),
): Promise<boolean> {
  const platform = typeof event.platform === 'string' ? event.platform : '';
  const symbolicator = new Symbolicator(fetcher, eventTime);
  let any = false;
  for (const container of stackContainers(event))
    any = (await applyToContainer(container, symbolicator, platform)) || any;
  if (symbolicator.problems.list.length > 0)
    event.errors = [...(Array.isArray(event.errors) ? event.errors : []), ...symbolicator.problems.list];
  return any;
}
