/**
 * A Node app written in TypeScript, compiled by the real `tsc --sourceMap` (each `dist/*.js` with its
 * `//# sourceMappingURL=*.js.map` beside it) and run with the real @sentry/node SDK: the event as served
 * shows the `.ts` file, line, function and source of the app's frames; Node's own frames
 * (`node:internal/…`) and those of node_modules (which ship maps of their own) stay as the SDK sent them,
 * with no processing error.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { startCore } from '../../support/core.ts';
import { REPO_ROOT, tempDir } from '../../support/serve.ts';
import { exceptionOf, framesIn, getEvent, type Json } from '../../support/sourcemap-events.ts';

const run = promisify(execFile);

const CART_TS = `export class Cart {
  private readonly prices: number[] = [];

  add(price: number): this {
    if (price < 0) {
      throw new RangeError(\`negative price: \${price}\`);
    }
    this.prices.push(price);
    return this;
  }
}
`;

const MAIN_TS = `import * as Sentry from '@sentry/node';
import { Cart } from './cart';

function checkout(prices: number[]): Cart {
  const cart = new Cart();
  for (const price of prices) cart.add(price);
  return cart;
}

async function main(dsn: string): Promise<void> {
  Sentry.init({ dsn, tracesSampleRate: 0 });
  // Through a dependency's code (node_modules frames between the app's).
  Sentry.withScope(() => {
    try {
      checkout([3, -5]);
    } catch (error) {
      console.log(Sentry.captureException(error));
    }
  });
  await Sentry.flush(5000);
}

void main(process.argv[2] ?? '');
`;

let core: Core;
let dir = '';
let eventId = '';

beforeAll(async () => {
  dir = tempDir('faultline-maps-node-');
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'src/cart.ts'), CART_TS);
  fs.writeFileSync(path.join(dir, 'src/main.ts'), MAIN_TS);
  // The SDK is resolved at run time (NODE_PATH); its and Node's types are not needed here.
  fs.writeFileSync(
    path.join(dir, 'src/ambient.d.ts'),
    "declare module '@sentry/node';\ndeclare const process: { argv: string[] };\n",
  );
  const tsc = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
  const options = ['--sourceMap', '--outDir', 'dist', '--rootDir', 'src', '--module', 'commonjs'];
  const files = ['src/main.ts', 'src/cart.ts', 'src/ambient.d.ts'];
  await run(process.execPath, [tsc, ...options, '--target', 'es2022', ...files], { cwd: dir }).catch(
    (error: { stdout?: string }) => {
      throw new Error(`tsc failed: ${error.stdout}`);
    },
  );
  expect(fs.readFileSync(path.join(dir, 'dist/cart.js'), 'utf8')).toContain(
    '//# sourceMappingURL=cart.js.map',
  );
  core = await startCore();
  const { stdout } = await run(
    process.execPath,
    [path.join(dir, 'dist/main.js'), core.ctx.projects.defaultDsn(1) ?? ''],
    { cwd: dir, timeout: 30_000, env: { ...process.env, NODE_PATH: path.join(REPO_ROOT, 'node_modules') } },
  );
  eventId = stdout.trim();
  await core.ctx.pipeline.call('pipeline.drain', {});
}, 60_000);

afterAll(async () => {
  await core?.close();
});

describe('a Node app compiled by tsc with its source maps, reported by @sentry/node', () => {
  it("the app's frames show the .ts file, line, function and source", async () => {
    const detail = await getEvent(core, eventId);
    const frames = framesIn(exceptionOf(detail).stacktrace);
    const app = frames.filter((frame) => String(frame.abs_path).startsWith(dir));
    expect(app.map((f) => [f.abs_path, f.function, f.lineno, f.in_app]).slice(-2)).toEqual([
      [path.join(dir, 'src/main.ts'), 'checkout', 6, true],
      [path.join(dir, 'src/cart.ts'), 'Cart.add', 6, true],
    ]);
    const top = app.at(-1) ?? {};
    expect(top.context_line).toBe(CART_TS.split('\n')[5]);
    expect((top.data as Json).sourcemap).toBe(path.join(dir, 'dist/cart.js.map'));
    expect(detail.event.errors ?? []).toEqual([]);
  });

  it("Node's own frames and node_modules frames stay as the SDK sent them", async () => {
    const detail = await getEvent(core, eventId);
    const exception = exceptionOf(detail);
    const sent = framesIn(exception.raw_stacktrace);
    const shown = framesIn(exception.stacktrace);
    const untouched = (frame: Json) => /^node:|\/node_modules\//.test(String(frame.abs_path));
    expect(sent.some((frame) => String(frame.abs_path).startsWith('node:'))).toBe(true);
    expect(sent.some((frame) => String(frame.abs_path).includes('/node_modules/'))).toBe(true);
    expect(shown.filter(untouched)).toEqual(sent.filter(untouched));
  });
});
