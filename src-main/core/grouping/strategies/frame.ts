// The frame strategy (`frame:v1`): module, filename, function and context line of one frame,
// each cleaned of values that change between builds, deploys or runtimes.
import { GroupingComponent } from '../component.ts';
import type { GroupingConfig } from '../config.ts';
import { type FrameData, getString, isObject, stringOf } from '../event-data.ts';
import { trimFunctionName } from '../functions.ts';
import { levelOf, type MemoLevel } from '../memo-levels.ts';
import { parameterize } from '../parameterization.ts';
import { behaviorFamilyForPlatform } from '../platform.ts';
import type { GroupingContext } from './context.ts';

const BASENAME_SPLIT = /[/\\]/;
const JAVA_REFLECT_ENHANCER = /(sun\.reflect\.Generated(?:Serialization)?ConstructorAccessor)\d+/g;
const JAVA_CGLIB_ENHANCER = /(\$\$[\w_]+?CGLIB\$\$)[a-fA-F0-9]+(_[0-9]+)?/g;
const JAVA_ASSIST_ENHANCER = /(\$\$_javassist)(?:_seam)?(?:_[0-9]+)?/g;
const CLOJURE_ENHANCER = /(\$fn__)\d+/g;
const JAVA_ENHANCER_BY = /(\$\$EnhancerBy[\w_]+?\$\$)[a-fA-F0-9]+(_[0-9]+)?/g;
const JAVA_FAST_CLASS_BY = /(\$\$FastClassBy[\w_]+?\$\$)[a-fA-F0-9]+(_[0-9]+)?/g;
const JAVA_HIBERNATE_PROXY = /(\$\$_jvst)[a-fA-F0-9]+(_[0-9]+)?/g;
const RUBY_ERB_FUNC = /__\d{4,}_\d{4,}$/;
const UNKNOWN_JS_FUNCTIONS = ['?', '<anonymous function>', '<anonymous>', 'Anonymous function'];
const LOW_QUALITY_JS_PATHS = ['[native code]', 'native code', 'eval code', '<anonymous>'];

/** Paths whose filename says nothing stable about the code (`has_url_origin`). */
export function hasUrlOrigin(path: string | null): boolean {
  if (!path) return false;
  return ['http:', 'https:', 'applewebdata:', 'blob:'].some((p) => path.startsWith(p));
}

/** `Frame.is_url`: like `hasUrlOrigin`, but `file:` counts too. */
export function frameIsUrl(absPath: string | null): boolean {
  if (!absPath) return false;
  return ['blob:', 'file:', 'http:', 'https:', 'applewebdata:'].some((p) => absPath.startsWith(p));
}

function filenameComponent(absPath: string | null, filename: string | null): GroupingComponent {
  if (filename === null) return new GroupingComponent('filename');
  const base = (filename.split(BASENAME_SPLIT).at(-1) ?? '').toLowerCase();
  const component = new GroupingComponent('filename', [base]);
  if (hasUrlOrigin(absPath)) {
    component.update({ contributes: false, hint: 'ignored because frame points to a URL' });
  } else if (base === '<anonymous>') {
    component.update({ contributes: false, hint: 'ignored because filename is anonymous' });
  } else if (base === '[native code]') {
    component.update({ contributes: false, hint: 'ignored because filename suggests native code' });
  } else {
    const cleaned = base.replace(JAVA_ASSIST_ENHANCER, '$1<auto>');
    if (cleaned !== base) component.update({ values: [cleaned], hint: 'cleaned javassist parts' });
  }
  return component;
}

function javaModule(module: string, component: GroupingComponent): void {
  if (module.includes('$$Lambda$')) {
    component.update({ contributes: false, hint: 'ignored java lambda' });
  }
  for (const prefix of [
    'sun.reflect.GeneratedMethodAccessor',
    'jdk.internal.reflect.GeneratedMethodAccessor',
  ]) {
    if (module.startsWith(prefix)) {
      component.update({ values: [prefix], hint: 'removed reflection marker' });
      return;
    }
  }
  const cleaned = module
    .replace(JAVA_REFLECT_ENHANCER, '$1<auto>')
    .replace(JAVA_CGLIB_ENHANCER, '$1<auto>')
    .replace(JAVA_ASSIST_ENHANCER, '$1<auto>')
    .replace(CLOJURE_ENHANCER, '$1<auto>')
    .replace(JAVA_ENHANCER_BY, '$1<auto>')
    .replace(JAVA_FAST_CLASS_BY, '$1<auto>')
    .replace(JAVA_HIBERNATE_PROXY, '$1<auto>');
  if (cleaned !== module) component.update({ values: [cleaned], hint: 'removed codegen marker' });
}

function moduleComponent(absPath: string | null, module: string | null, platform: string): GroupingComponent {
  if (module === null) return new GroupingComponent('module');
  const component = new GroupingComponent('module', [module]);
  if (
    behaviorFamilyForPlatform(platform) === 'javascript' &&
    module.includes('/') &&
    absPath?.endsWith(module)
  ) {
    component.update({ contributes: false, hint: 'ignored bad javascript module' });
  } else if (platform === 'java') {
    javaModule(module, component);
  }
  return component;
}

function contextLineComponent(
  frame: FrameData,
  platform: string,
  fn: string | null,
  ctx: GroupingContext,
): GroupingComponent {
  const raw = getString(frame, 'context_line') ?? '';
  let line = raw.replaceAll('\t', '  ').split(/\s+/).filter(Boolean).join(' ');
  if (!line) return new GroupingComponent('context_line');
  // Python multiprocessing bootstraps embed pids and file descriptors in the executed source.
  if (
    platform === 'python' &&
    !ctx.config.preventPythonMultiprocessingContextLineParameterization &&
    line.includes('multiprocessing')
  ) {
    line = parameterize(line);
  }
  const component = new GroupingComponent('context_line', [line]);
  if (raw.length > 120) {
    component.update({ contributes: false, hint: 'ignored because line is too long' });
  } else if (
    behaviorFamilyForPlatform(platform) === 'javascript' &&
    !fn &&
    frameIsUrl(getString(frame, 'abs_path'))
  ) {
    component.update({ contributes: false, hint: 'ignored because file is a URL' });
  }
  return component;
}

function functionComponent(
  frame: FrameData,
  platform: string,
  sourcemapUsed: boolean,
  contextLineAvailable: boolean,
): GroupingComponent {
  const fnName = getString(frame, 'function');
  const rawFunction = getString(frame, 'raw_function');
  let fn: string | null;
  if (platform === 'csharp') {
    fn = rawFunction || fnName;
  } else {
    fn = fnName || rawFunction;
    if (!rawFunction && fn) fn = trimFunctionName(fn, platform);
  }
  if (!fn) return new GroupingComponent('function');
  const component = new GroupingComponent('function', [fn]);
  const family = behaviorFamilyForPlatform(platform);
  if (platform === 'ruby') {
    if (fn.startsWith('block ')) component.update({ values: ['block'], hint: 'ruby block' });
    else if (RUBY_ERB_FUNC.test(fn)) {
      component.update({
        values: [fn.replace(RUBY_ERB_FUNC, '')],
        hint: 'removed generated erb template suffix',
      });
    }
  } else if (platform === 'php') {
    if (fn.startsWith('[Anonymous') || fn.startsWith('class@anonymous\x00')) {
      component.update({ contributes: false, hint: 'ignored anonymous function' });
    }
    if (fn.startsWith('class@anonymous')) {
      const method = fn.split('::').at(-1) ?? fn;
      if (method !== fn) component.update({ values: [method], hint: 'anonymous class method' });
    }
  } else if (platform === 'java') {
    if (fn.startsWith('lambda$')) component.update({ contributes: false, hint: 'ignored lambda function' });
  } else if (family === 'native') {
    if (fn === '<redacted>' || fn === '<unknown>') {
      component.update({ contributes: false, hint: 'ignored unknown function' });
    }
  } else if (family === 'javascript') {
    const trimmed = fn.split('.').at(-1) ?? fn;
    if (trimmed !== fn) component.update({ values: [trimmed], hint: 'trimmed javascript function' });
    if (sourcemapUsed && contextLineAvailable) {
      component.update({
        contributes: false,
        hint: 'ignored because sourcemap used and context line available',
      });
    }
  }
  return component;
}

const MAX_MEMO = 4096;
/** The frame fields `buildFrameComponent` reads, besides `data.sourcemap`. */
const MEMO_KEYS = ['platform', 'abs_path', 'filename', 'module', 'function', 'raw_function', 'context_line'];

interface FrameMemo {
  root: MemoLevel<GroupingComponent>;
  size: number;
}

const memos = new WeakMap<GroupingConfig, FrameMemo>();

/**
 * The `frame` component; `isRecursion` says it repeats the frame before it. It depends only on
 * the config, the event's platform and the frame fields the memo is keyed by, and an app's frames
 * recur in every event: built once, and each caller gets a node of its own over the built one's
 * children (measured: building was ~15% of grouping). Callers may update the frame node they get,
 * never its children: those are shared, and nothing changes a frame's children once built.
 */
export function frameComponent(
  frame: FrameData,
  ctx: GroupingContext,
  isRecursion: boolean,
): GroupingComponent {
  const data = frame.data;
  const sourcemapUsed = isObject(data) && data.sourcemap !== undefined && data.sourcemap !== null;
  let memo = memos.get(ctx.config);
  if (!memo || memo.size >= MAX_MEMO) {
    memo = { root: new Map(), size: 0 };
    memos.set(ctx.config, memo);
  }
  let level = levelOf(memo.root, ctx.platform);
  for (const key of MEMO_KEYS) level = levelOf(level, stringOf(frame[key]));
  const flags = sourcemapUsed ? (isRecursion ? 'sr' : 's-') : isRecursion ? '-r' : '--';
  let built = level.get(flags) as GroupingComponent | undefined;
  if (!built) {
    built = buildFrameComponent(frame, ctx, isRecursion);
    for (const child of built.values) if (child instanceof GroupingComponent) child.seal();
    memo.size++;
    level.set(flags, built);
  }
  return built.copyNode();
}

/** Reads only what `frameComponent`'s memo key holds. */
function buildFrameComponent(
  frame: FrameData,
  ctx: GroupingContext,
  isRecursion: boolean,
): GroupingComponent {
  const platform = getString(frame, 'platform') || ctx.platform;
  const absPath = getString(frame, 'abs_path');
  const filename = filenameComponent(absPath, getString(frame, 'filename'));
  const module = moduleComponent(absPath, getString(frame, 'module'), platform);
  if (module.contributes && filename.contributes) {
    filename.update({ contributes: false, hint: 'ignored because module takes precedence' });
  }
  let contextLine: GroupingComponent | null = null;
  if (ctx.config.contextLinePlatforms.includes(platform)) {
    contextLine = contextLineComponent(frame, platform, getString(frame, 'function'), ctx);
  }
  const data = frame.data;
  const sourcemapUsed = isObject(data) && data.sourcemap !== undefined && data.sourcemap !== null;
  const fn = functionComponent(frame, platform, sourcemapUsed, contextLine?.contributes ?? false);

  const values = [module, filename, fn];
  if (contextLine) values.push(contextLine);
  const component = new GroupingComponent('frame', values);

  if (behaviorFamilyForPlatform(platform) === 'javascript') {
    let func = getString(frame, 'raw_function') || getString(frame, 'function');
    if (func) func = func.split('.').at(-1) ?? func;
    if (!func) {
      fn.update({ contributes: false });
    } else if (UNKNOWN_JS_FUNCTIONS.includes(func) || func.endsWith('/<')) {
      fn.update({ contributes: false, hint: 'ignored unknown function name' });
    }
    if (func === 'eval' || (absPath !== null && LOW_QUALITY_JS_PATHS.includes(absPath))) {
      component.update({ contributes: false, hint: 'ignored low quality javascript frame' });
    }
  }
  if (isRecursion) component.update({ contributes: false, hint: 'ignored due to recursion' });
  return component;
}
