/**
 * Runs before every test file (vitest.config.ts `setupFiles`): once the file's own hooks have
 * stopped its servers, the temp directories it made with `tempDir` are removed.
 */
import { afterAll } from 'vitest';
import { removeTempDirs } from './serve.ts';

afterAll(() => removeTempDirs());
