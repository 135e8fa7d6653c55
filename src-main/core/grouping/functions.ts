// Function-name trimming (Sentry's `stacktraces/functions.py::trim_function_name`): native symbols
// lose argument lists, template arguments, return types and compiler decorations so that the same
// function groups the same across builds and demanglers.
import { behaviorFamilyForPlatform } from './platform.ts';

const CPP_TRAILER = /(\bconst\b|&)$/;
const RUST_HASH = /::h[a-z0-9]{16}$/;
// IL2CPP appends the method's metadata hash to generated C++ method names.
const IL2CPP_METHOD_HASH = /_m[0-9A-F]{40}$/;
const WINDECL_HASH = /^@?(.*?)@[0-9]+$/;
const RUST_BLANKET = /^([A-Z] as )/;
const LAMBDA = /\{lambda\(.*?\)#\d+\}|\blambda_[a-f0-9]{32}\b|\$_\d+\b/g;
const LAMBDA_START = /^(?:\{lambda\(.*?\)#\d+\}|\blambda_[a-f0-9]{32}\b|\$_\d+\b)/;

type Replacement = (inner: string, start: number) => string;

/** Replaces every top-level `start…end` pair by `replacement(inner, index)`. */
export function replaceEnclosedString(
  s: string,
  start: string,
  end: string,
  replacement: Replacement,
): string {
  if (!s.includes(start)) return s;
  let depth = 0;
  let pairStart = 0;
  let out = '';
  for (let idx = 0; idx < s.length; idx++) {
    const char = s[idx]!;
    if (char === start) {
      if (depth === 0) pairStart = idx;
      depth += 1;
    } else if (char === end) {
      depth -= 1;
      if (depth === 0) out += replacement(s.slice(pairStart + 1, idx), pairStart);
    } else if (depth === 0) {
      out += char;
    }
  }
  return out;
}

const OPENERS: Record<string, string> = { '(': ')', '<': '>', '[': ']' };

/** Splits on spaces that are not inside brackets. */
export function splitFuncTokens(s: string): string[] {
  const tokens: string[] = [];
  const stack: string[] = [];
  let buf = '';
  for (const char of s) {
    if (char in OPENERS) {
      stack.push(OPENERS[char]!);
    } else if (stack.length > 0 && char === stack[stack.length - 1]) {
      stack.pop();
    } else if (char === ' ' && stack.length === 0) {
      if (buf) tokens.push(buf);
      buf = '';
      continue;
    }
    buf += char;
  }
  if (buf) tokens.push(buf);
  return tokens;
}

export function trimNativeFunctionName(original: string, normalizeLambdas = true): string {
  if (original === '<redacted>' || original === '<unknown>') return original;
  // MSVC names anonymous namespaces `?A0x<hash>`; the hash changes with every build.
  let fn = original.trim().replace(/\?A0x[0-9a-fA-F]+/g, "`anonymous namespace'");
  // Objective-C selectors are kept as they are.
  if (fn.startsWith('[') || fn.startsWith('+[') || fn.startsWith('-[')) return fn;

  for (;;) {
    const match = CPP_TRAILER.exec(fn);
    if (!match) break;
    fn = fn.slice(0, match.index).trimEnd();
  }

  // operator<< and friends would break the bracket balancing; park them on unused characters.
  fn = fn
    .replaceAll('operator<<', 'operator⟨⟨')
    .replaceAll('operator<', 'operator⟨')
    .replaceAll('operator()', 'operator◯')
    .replaceAll('operator->', 'operator⟿')
    .replaceAll(' -> ', ' ⟿ ')
    .replaceAll("`anonymous namespace'", '〔anonymousnamespace〕');

  if (normalizeLambdas) fn = fn.replace(LAMBDA, 'lambda');

  fn = replaceEnclosedString(fn, '(', ')', (inner) => {
    const value = inner.trim();
    return value === 'anonymous namespace' || value === 'operator' ? `(${value})` : '';
  });

  const processGenerics: Replacement = (inner, start) => {
    if (inner === 'lambda' || LAMBDA_START.test(inner)) return `<${inner}>`;
    if (start > 0) return '<T>';
    // Rust: `<Foo as Bar>::baz` keeps the type; blanket impls prefer the trait.
    const value = replaceEnclosedString(inner.replace(RUST_BLANKET, ''), '<', '>', processGenerics);
    return value.split(' as ')[0]!;
  };
  fn = replaceEnclosedString(fn, '<', '>', processGenerics);

  const tokens = splitFuncTokens(fn);
  // MSVC writes generic operators as `operator< <T>`; keep both parts.
  if (tokens.length > 1 && tokens[tokens.length - 1] === '<T>') {
    tokens.pop();
    tokens[tokens.length - 1] += ' <T>';
  }

  // The function is the token before a Swift `->` return marker, else the last token.
  const arrow = tokens.indexOf('⟿');
  const funcToken = arrow >= 0 ? tokens.at(arrow - 1) : tokens.at(-1);
  if (funcToken) {
    fn = funcToken
      .replaceAll('⟨', '<')
      .replaceAll('◯', '()')
      .replaceAll('⟿', '->')
      .replaceAll('〔anonymousnamespace〕', "`anonymous namespace'");
  } else {
    fn = original;
  }

  fn = fn.replace(RUST_HASH, '').replace(IL2CPP_METHOD_HASH, '');
  return fn.replace(WINDECL_HASH, '$1');
}

/** C# names are trimmed differently: only the argument list is dropped. */
export function trimCsharpFunctionName(fn: string): string {
  return fn;
}

export function trimFunctionName(fn: string, platform: string | null | undefined): string {
  if (platform === 'csharp') return trimCsharpFunctionName(fn);
  if (behaviorFamilyForPlatform(platform) === 'native') return trimNativeFunctionName(fn);
  return fn;
}
