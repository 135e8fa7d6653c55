import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// One build for all three layers. The main bundle has five entries: the Electron app, the
// `faultline` CLI (run by bin/faultline under plain Node), the pipeline worker thread, its prepare
// threads and the ingest queue's writer thread; native
// modules stay external.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          main: path.resolve('src-main/main.ts'),
          cli: path.resolve('src-main/cli/main.ts'),
          'pipeline-worker': path.resolve('src-main/core/pipeline/worker.ts'),
          'queue-writer': path.resolve('src-main/core/store/queue-writer-thread.ts'),
          'prepare-thread': path.resolve('src-main/core/pipeline/prepare-thread.ts'),
        },
        external: ['better-sqlite3', '@duckdb/node-api'],
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
