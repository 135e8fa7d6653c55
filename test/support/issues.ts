/** What the issue tests start from: the attributes of a Node TypeError, as the pipeline derives them. */
import type { GroupSeed } from '../../src-main/core/issues/types.ts';

export const TYPE_ERROR_SEED: GroupSeed = {
  type: 'error',
  title: 'TypeError: x is undefined',
  culprit: 'handler(app.js)',
  message: 'x is undefined',
  metadata: { type: 'TypeError', value: 'x is undefined' },
  level: 40,
  platform: 'node',
  release: null,
};
