/**
 * A stack trace as plain text, in the way its platform prints one (Sentry's "Raw" stack trace view):
 * `    at fn (file:line:col)` for JavaScript, Python's `Traceback (most recent call last):`, Java's
 * `    at module.fn(File.java:12)` and so on, with the exception's `Type: value` as the platform puts it.
 */
import { type Json, str } from './data.ts';

interface RawFrame {
  function?: string;
  filename?: string;
  module?: string;
  absPath?: string;
  package?: string;
  instructionAddr?: string;
  symbolAddr?: string;
  lineno?: number;
  colno?: number;
  contextLine?: string;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && value >= 0 ? value : undefined;
}

function rawFrame(frame: Json): RawFrame {
  return {
    function: str(frame.function),
    filename: str(frame.filename),
    module: str(frame.module),
    absPath: str(frame.abs_path),
    package: str(frame.package),
    instructionAddr: str(frame.instruction_addr),
    symbolAddr: str(frame.symbol_addr),
    lineno: num(frame.lineno),
    colno: num(frame.colno),
    contextLine: str(frame.context_line),
  };
}

/** `:12:5`, `:12` or nothing. */
function position(frame: RawFrame, separator = ':'): string {
  if (frame.lineno === undefined) return '';
  return `${separator}${frame.lineno}${frame.colno !== undefined ? `:${frame.colno}` : ''}`;
}

function javascriptFrame(frame: RawFrame): string {
  return `    at ${frame.function ?? '?'} (${frame.filename ?? frame.module ?? ''}${position(frame)})`;
}

function pythonFrame(frame: RawFrame, withColumn: boolean): string {
  let line =
    frame.filename !== undefined
      ? `  File "${frame.filename}"`
      : frame.module !== undefined
        ? `  Module "${frame.module}"`
        : '  ?';
  if (frame.lineno !== undefined) line += `, line ${frame.lineno}`;
  if (withColumn && frame.colno !== undefined) line += `, col ${frame.colno}`;
  if (frame.function !== undefined) line += `, in ${frame.function}`;
  if (!withColumn && frame.contextLine !== undefined) line += `\n    ${frame.contextLine.trim()}`;
  return line;
}

function rubyFrame(frame: RawFrame): string {
  const where = frame.filename ?? (frame.module !== undefined ? `(${frame.module})` : '?');
  const line = frame.lineno !== undefined ? `:${frame.lineno}` : '';
  return `    from ${where}${line}${frame.function !== undefined ? `:in '${frame.function}'` : ''}`;
}

function phpFrame(frame: RawFrame, fromEnd: number): string {
  const name = frame.function === 'null' ? '{main}' : frame.function;
  const line = frame.lineno !== undefined ? `(${frame.lineno})` : '';
  return `#${fromEnd} ${frame.filename || frame.module}${line}${name !== undefined ? `: ${name}` : ''}`;
}

function javaFrame(frame: RawFrame): string {
  let line = `    at ${frame.module !== undefined ? `${frame.module}.` : ''}${frame.function ?? ''}`;
  const lineno = frame.lineno !== undefined ? `:${frame.lineno}` : '';
  if (frame.filename !== undefined) line += `(${frame.filename}${lineno})`;
  else if (lineno) line += `(${lineno})`;
  return line;
}

function goFrame(frame: RawFrame): string {
  const where = frame.filename ?? frame.module ?? '?';
  return `${frame.function ?? '?'}()\n    ${where}${frame.lineno !== undefined ? `:${frame.lineno}` : ''}`;
}

function csharpFrame(frame: RawFrame): string {
  let line = `  at ${frame.module !== undefined ? `${frame.module}.` : ''}${frame.function ?? '?'}()`;
  if (frame.filename !== undefined) line += ` in ${frame.filename}`;
  if (frame.lineno !== undefined) line += `:line ${frame.lineno}`;
  return line;
}

function elixirFrame(frame: RawFrame): string {
  const where = `${frame.filename ?? '?'}${frame.lineno !== undefined ? `:${frame.lineno}: ` : ''}`;
  return `    ${where}${frame.module !== undefined ? `${frame.module}.` : ''}${frame.function ?? '?'}`;
}

function dartFrame(frame: RawFrame, fromEnd: number): string {
  if (frame.function === '<asynchronous suspension>') return `#${fromEnd}      ${frame.function}`;
  let line = `#${fromEnd}`;
  if (frame.function !== undefined) line += `      ${frame.function}`;
  if (frame.absPath !== undefined) line += ` (${frame.absPath}${position(frame)})`;
  return line;
}

/** A package path's last component, as Sentry trims `/usr/lib/libc.so.6` to `libc.so.6`. */
function trimPackage(pkg: string): string {
  return (
    pkg
      .split(/[/\\]/)
      .at(-1)
      ?.replace(/\.(dylib|so|a|dll|exe)$/, '') ?? pkg
  );
}

function nativeFrame(frame: RawFrame): string {
  let line = '  ';
  if (frame.package !== undefined) line += trimPackage(frame.package).padEnd(20);
  if (frame.instructionAddr !== undefined) line += frame.instructionAddr.padEnd(12);
  line += ` ${frame.function || frame.symbolAddr}`;
  if (frame.filename !== undefined)
    line += ` (${frame.filename}${frame.lineno !== undefined ? `:${frame.lineno}` : ''})`;
  return line;
}

function frameLine(frame: RawFrame, platform: string, fromEnd: number): string {
  switch (platform) {
    case 'javascript':
    case 'node':
      return javascriptFrame(frame);
    case 'python':
      return pythonFrame(frame, false);
    case 'ruby':
      return rubyFrame(frame);
    case 'php':
      return phpFrame(frame, fromEnd);
    case 'java':
      return javaFrame(frame);
    case 'go':
      return goFrame(frame);
    case 'csharp':
      return csharpFrame(frame);
    case 'elixir':
      return elixirFrame(frame);
    case 'dart':
      return dartFrame(frame, fromEnd);
    case 'objc':
    case 'cocoa':
    case 'native':
      return nativeFrame(frame);
    default:
      return pythonFrame(frame, true);
  }
}

/** `Type: value`, with the module before the type for Java. */
function summary(exception: Json, platform: string): string {
  const line = `${str(exception.type)}: ${str(exception.value)}`;
  const module = str(exception.module);
  return platform === 'java' && module ? `${module}.${line}` : line;
}

/**
 * The raw text of one stack trace: frames (oldest first, as stored) in the platform's format, most
 * recent call first except in Python, whose traceback puts it last.
 */
export function rawStacktrace(frames: Json[], platform: string, exception?: Json): string {
  const lines = frames.map((frame, index) =>
    frameLine(rawFrame(frame), str(frame.platform) ?? platform, frames.length - index - 1),
  );
  if (exception) lines.push(summary(exception, platform));
  if (platform === 'python') return ['Traceback (most recent call last):', ...lines].join('\n');
  return lines.reverse().join('\n');
}
