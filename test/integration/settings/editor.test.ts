/**
 * "Open in editor" with the configured command, against a real core: the "editor" is a small Node
 * script that writes the arguments it was started with to a file. The file opened is the one the
 * stored event names, one argument however odd its path (spaces, `;`, `$(…)`, quotes), and nothing
 * runs when the setting is empty, the file is gone or the command cannot start.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../src-main/core/api/dispatch.ts';
import type { Core } from '../../../src-main/core/core.ts';
import type { ErrorPayload } from '../../../src-shared/errors.ts';
import { coreForEachTest } from '../../support/core.ts';
import { tempDir } from '../../support/serve.ts';
import { call } from '../retention/send.ts';

const start = coreForEachTest();

interface Frame {
  function: string;
  abs_path: string;
  lineno?: number;
  colno?: number;
}

/** Sends one error whose stack trace has the given frames (oldest call first) and waits for it. */
async function sendError(c: Core, frames: Frame[]): Promise<string> {
  const eventId = crypto.randomUUID().replaceAll('-', '');
  const payload = JSON.stringify({
    event_id: eventId,
    timestamp: Date.now() / 1000,
    platform: 'node',
    level: 'error',
    exception: {
      values: [
        {
          type: 'TypeError',
          value: `boom ${eventId}`,
          stacktrace: {
            frames: frames.map((frame) => ({ ...frame, filename: frame.abs_path, in_app: true })),
          },
        },
      ],
    },
  });
  const body = `${JSON.stringify({ event_id: eventId })}\n${JSON.stringify({ type: 'event', length: Buffer.byteLength(payload) })}\n${payload}\n`;
  const key = c.ctx.projects.get(1)?.keys[0]?.publicKey;
  const response = await fetch(`${c.url}/api/1/envelope/?sentry_key=${key}&sentry_version=7`, {
    method: 'POST',
    body,
  });
  expect(response.status).toBe(200);
  await c.ctx.pipeline.call('pipeline.drain', {});
  return eventId;
}

/** A Node script standing in for an editor: records its argv (after the script) as JSON. */
function fakeEditor(dir: string): { template: (args: string) => string; output: string } {
  const script = path.join(dir, 'fake editor.mjs');
  const output = path.join(dir, 'argv.json');
  fs.writeFileSync(
    script,
    "import fs from 'node:fs';\nfs.writeFileSync(process.argv[2], JSON.stringify(process.argv.slice(3)));\n",
  );
  const quoted = (word: string) => `"${word.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  return {
    template: (args) => `${quoted(process.execPath)} ${quoted(script)} ${quoted(output)} ${args}`,
    output,
  };
}

async function recordedArgv(file: string): Promise<string[]> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    if (fs.existsSync(file)) {
      const text = fs.readFileSync(file, 'utf8');
      if (text !== '') return JSON.parse(text) as string[];
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the editor never wrote ${file}`);
}

async function errorOf(c: Core, method: string, params: unknown): Promise<ErrorPayload> {
  const response = await dispatch(c.ctx, method, params);
  if (!('error' in response)) throw new Error(`${method} succeeded: ${JSON.stringify(response.result)}`);
  return response.error;
}

describe('open in editor', () => {
  it('runs the configured command on the file of the frame, whose odd path stays one argument', async () => {
    const c = await start();
    const dir = tempDir();
    const sourceDir = path.join(dir, 'my project; touch INJECTED $(touch INJECTED2) `touch INJECTED3`');
    fs.mkdirSync(sourceDir, { recursive: true });
    const file = path.join(sourceDir, `it's "a" file; rm -rf x.js`);
    fs.writeFileSync(file, 'line 1\nline 2\n');
    const other = path.join(dir, 'other.js');
    fs.writeFileSync(other, 'x\n');
    const eventId = await sendError(c, [
      { function: 'main', abs_path: other, lineno: 1, colno: 1 },
      { function: 'crash', abs_path: file, lineno: 2, colno: 7 },
    ]);
    const editor = fakeEditor(dir);
    const updated = await call(c, 'settings.update', {
      editorCommand: editor.template('--goto {file}:{line}:{column} {file}'),
    });
    expect(updated.settings.editorCommand).toContain('{file}:{line}:{column}');

    const opened = await call(c, 'events.openInEditor', {
      projectId: 1,
      eventId,
      exceptionIndex: 0,
      frameIndex: 1,
    });
    expect(opened).toEqual({ file, line: 2, column: 7 });
    expect(await recordedArgv(editor.output)).toEqual(['--goto', `${file}:2:7`, file]);
    // Nothing in the path ran as a command (in the data dir, the source dir or the cwd).
    for (const where of [dir, sourceDir, process.cwd()])
      expect(fs.readdirSync(where).filter((name) => name.startsWith('INJECTED'))).toEqual([]);
  });

  it('appends the file when the command names no {file}, and opens the frame asked for', async () => {
    const c = await start();
    const dir = tempDir();
    const first = path.join(dir, 'first file.js');
    const second = path.join(dir, 'second file.js');
    fs.writeFileSync(first, 'a\n');
    fs.writeFileSync(second, 'b\n');
    const eventId = await sendError(c, [
      { function: 'a', abs_path: first, lineno: 1 },
      { function: 'b', abs_path: second, lineno: 1 },
    ]);
    const editor = fakeEditor(dir);
    await call(c, 'settings.update', { editorCommand: editor.template('--wait') });
    const opened = await call(c, 'events.openInEditor', {
      projectId: 1,
      eventId,
      exceptionIndex: 0,
      frameIndex: 0,
    });
    expect(opened).toEqual({ file: first, line: 1, column: 1 });
    expect(await recordedArgv(editor.output)).toEqual(['--wait', first]);
  });

  it('does nothing while the setting is empty, and takes no path from the page', async () => {
    const c = await start();
    const dir = tempDir();
    const file = path.join(dir, 'app.js');
    fs.writeFileSync(file, 'a\n');
    const eventId = await sendError(c, [{ function: 'a', abs_path: file, lineno: 1 }]);
    expect((await call(c, 'settings.get', {})).settings.editorCommand).toBe('');
    const ref = { projectId: 1, eventId, exceptionIndex: 0, frameIndex: 0 };
    expect((await errorOf(c, 'events.openInEditor', ref)).type).toBe('conflict');

    const editor = fakeEditor(dir);
    await call(c, 'settings.update', { editorCommand: editor.template('{file}') });
    const smuggled = await errorOf(c, 'events.openInEditor', { ...ref, file: '/etc/passwd' });
    expect(smuggled.type).toBe('invalid_params');
    expect(fs.existsSync(editor.output)).toBe(false);
  });

  it('refuses a frame whose file is not on this machine, or that the event does not have', async () => {
    const c = await start();
    const dir = tempDir();
    const gone = path.join(dir, 'deleted since.js');
    const eventId = await sendError(c, [
      { function: 'a', abs_path: gone, lineno: 1 },
      { function: 'b', abs_path: 'relative/app.js', lineno: 1 },
    ]);
    const editor = fakeEditor(dir);
    await call(c, 'settings.update', { editorCommand: editor.template('{file}') });
    const ref = { projectId: 1, eventId, exceptionIndex: 0 };
    expect(await errorOf(c, 'events.openInEditor', { ...ref, frameIndex: 0 })).toMatchObject({
      type: 'not_found',
      message: expect.stringContaining('does not exist'),
    });
    expect((await errorOf(c, 'events.openInEditor', { ...ref, frameIndex: 1 })).type).toBe('not_found');
    expect((await errorOf(c, 'events.openInEditor', { ...ref, frameIndex: 2 })).type).toBe('not_found');
    expect((await errorOf(c, 'events.openInEditor', { ...ref, exceptionIndex: 1, frameIndex: 0 })).type).toBe(
      'not_found',
    );
    expect(
      (await errorOf(c, 'events.openInEditor', { ...ref, eventId: 'f'.repeat(32), frameIndex: 0 })).type,
    ).toBe('not_found');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fs.existsSync(editor.output)).toBe(false);
  });

  it('reports an editor that cannot start, and refuses a command with an unclosed quote', async () => {
    const c = await start();
    const dir = tempDir();
    const file = path.join(dir, 'app.js');
    fs.writeFileSync(file, 'a\n');
    const eventId = await sendError(c, [{ function: 'a', abs_path: file, lineno: 1 }]);
    await call(c, 'settings.update', { editorCommand: `${path.join(dir, 'no-such-editor')} {file}` });
    const failed = await errorOf(c, 'events.openInEditor', {
      projectId: 1,
      eventId,
      exceptionIndex: 0,
      frameIndex: 0,
    });
    expect(failed).toMatchObject({ type: 'unavailable', message: expect.stringContaining('no-such-editor') });

    const refused = await errorOf(c, 'settings.update', { editorCommand: '"code -g {file}' });
    expect(refused.type).toBe('invalid_params');
    expect((await call(c, 'settings.get', {})).settings.editorCommand).toContain('no-such-editor');
  });
});
