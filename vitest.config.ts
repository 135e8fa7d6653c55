import { defineConfig } from 'vitest/config';

// Unit and integration tests run on the sources; browser (e2e) tests start the built
// `bin/faultline serve`, so `npm test` builds before it runs them.
//
// The threads a test's core starts strip their TypeScript sources with Node's WebAssembly build of
// swc, and V8 13.6 (Node 24) crashes now and then when one thread frees tiered-up wasm-to-JS call
// wrappers while another compiles wasm (docs/ARCHITECTURE.md, Tests): with this flag no wrapper
// tiers up, so none is freed.
const NODE_FLAGS = ['--wasm-wrapper-tiering-budget=2147483647'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/cleanup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    execArgv: NODE_FLAGS,
    reporters: ['default'],
  },
});
