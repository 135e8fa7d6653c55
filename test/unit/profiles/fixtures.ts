/** The captured profile payloads of fixtures/ (see its README), parsed afresh for each use. */
import fs from 'node:fs';
import path from 'node:path';
import type { Json } from '../../../src-main/core/store/item-json.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const read = (name: string): Json => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));

export const pythonProfile = (): Json => read('python-sdk-1.9.10-wsgi.profile.json');
export const nodeChunk = (): Json => read('profiling-node-11.1.0.profile-chunk.json');
