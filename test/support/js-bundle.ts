/**
 * A small TypeScript app bundled and minified by a real bundler (vite: rolldown and oxc's minifier),
 * with its source map, as a developer's build writes it: `src/*.ts` and `dist/shop.js` (+ `.map`).
 * `window.shop.buy()` throws `RangeError: negative price: -5` from `formatPrice` (src/util.ts, line 3)
 * called by `checkout` (src/app.ts, line 4).
 */
import fs from 'node:fs';
import path from 'node:path';

export const APP_SOURCES: Record<string, string> = {
  'src/util.ts': `export function formatPrice(cents: number): string {
  if (cents < 0) {
    throw new RangeError(\`negative price: \${cents}\`);
  }
  return (cents / 100).toFixed(2);
}
`,
  'src/app.ts': `import { formatPrice } from './util.ts';

function checkout(total: number) {
  const label = formatPrice(total);
  return \`Total: \${label}\`;
}

(window as unknown as { shop: unknown }).shop = { buy: () => checkout(-5) };
`,
};

export interface BuiltApp {
  dir: string;
  /** dist/shop.js and dist/shop.js.map on disk. */
  bundlePath: string;
  mapPath: string;
  code: string;
  map: string;
}

export interface BuildOptions {
  /** Put the map in a data: URL instead of a file. */
  inline?: boolean;
  /** How the map names each source (the bundler's `sourcemapPathTransform`), e.g. as webpack does. */
  sourceName?: (relative: string) => string;
}

/** Writes the sources into `dir` and bundles them. */
export async function buildApp(dir: string, options: BuildOptions = {}): Promise<BuiltApp> {
  for (const [name, text] of Object.entries(APP_SOURCES)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  const { build } = await import('vite');
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    root: dir,
    build: {
      write: false,
      minify: true,
      sourcemap: options.inline ? 'inline' : true,
      lib: {
        entry: path.join(dir, 'src/app.ts'),
        formats: ['iife'],
        name: 'Shop',
        fileName: () => 'shop.js',
      },
      ...(options.sourceName
        ? { rollupOptions: { output: { sourcemapPathTransform: options.sourceName } } }
        : {}),
    },
  });
  const output = (Array.isArray(result) ? result[0] : result) as {
    output: Array<{ type: string; fileName: string; code?: string; source?: string | Uint8Array }>;
  };
  const chunk = output.output.find((file) => file.type === 'chunk');
  const asset = output.output.find((file) => file.fileName.endsWith('.map'));
  if (!chunk?.code) throw new Error('vite produced no bundle');
  const map = asset ? String(asset.source) : '';
  const bundlePath = path.join(dir, 'dist/shop.js');
  fs.mkdirSync(path.dirname(bundlePath), { recursive: true });
  fs.writeFileSync(bundlePath, chunk.code);
  if (asset) fs.writeFileSync(`${bundlePath}.map`, map);
  return { dir, bundlePath, mapPath: `${bundlePath}.map`, code: chunk.code, map };
}

/** Runs the bundle in V8 (Node's vm) and returns the stack of the error `shop.buy()` throws. */
export async function throwFromBundle(app: BuiltApp, fileName: string): Promise<string> {
  const vm = await import('node:vm');
  const context = vm.createContext({ window: {} as Record<string, unknown> });
  vm.runInContext(app.code, context, { filename: fileName });
  try {
    vm.runInContext('window.shop.buy()', context, { filename: 'caller.js' });
  } catch (error) {
    return String((error as Error).stack);
  }
  throw new Error('shop.buy() did not throw');
}

/** Sentry's frames (oldest first) of the bundle's lines in a V8 stack: `at fn (file:line:col)`. */
export function framesOf(stack: string, fileName: string): Array<Record<string, unknown>> {
  const frames: Array<Record<string, unknown>> = [];
  for (const match of stack.matchAll(/^\s*at (?:(.+?) \()?(.+?):(\d+):(\d+)\)?$/gm)) {
    if (match[2] !== fileName) continue;
    frames.push({
      ...(match[1] ? { function: match[1] } : {}),
      abs_path: fileName,
      filename: fileName,
      lineno: Number(match[3]),
      colno: Number(match[4]),
      in_app: true,
    });
  }
  return frames.reverse();
}
