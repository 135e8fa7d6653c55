import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// One build for all three layers. The main bundle has five entries: the Electron app, the
// `faultline` CLI (run by bin/faultline under plain Node), the pipeline worker thread, its prepare
// threads and the ingest queue's writer thread. Native modules stay external (better-sqlite3 and
// DuckDB's bindings); zod and DuckDB's JavaScript client are bundled: loaded from node_modules file
// by file they took 60–80 ms of each thread's start (the server listened ~60 ms later, the pipeline
// was ready ~90 ms later).
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: { exclude: ['zod', '@duckdb/node-api'] },
      rollupOptions: {
        input: {
          main: path.resolve('src-main/main.ts'),
          cli: path.resolve('src-main/cli/main.ts'),
          'pipeline-worker': path.resolve('src-main/core/pipeline/worker.ts'),
          'queue-writer': path.resolve('src-main/core/store/queue-writer-thread.ts'),
          'prepare-thread': path.resolve('src-main/core/pipeline/prepare-thread.ts'),
        },
        external: ['better-sqlite3', '@duckdb/node-bindings'],
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { preload: path.resolve('src-main/preload.ts') },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    build: {
      outDir: path.resolve('out/renderer'),
      rollupOptions: { input: path.resolve('src-renderer/index.html') },
    },
    plugins: [react()],
  },
});
