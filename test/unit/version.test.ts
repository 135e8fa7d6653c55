import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { FAULTLINE_VERSION } from '../../src-main/core/version.ts';

it('reports the version that package.json declares', () => {
  const manifest = JSON.parse(
    fs.readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8'),
  );
  expect(FAULTLINE_VERSION).toBe(manifest.version);
});
