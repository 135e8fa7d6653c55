// The built-in stack-trace rules of `all-platforms:2026-01-20`, reconstructed from Sentry's
// documented behaviour and its grouping snapshots. Order matters: a later rule overrides an
// earlier one for the same frame, so the category actions at the end of the common rules must
// stay last.
import { COMMON_RULES, categoryActions } from './base-common.ts';

// New in 2026: the bootstrap frame that Python's multiprocessing `spawn` executes from a string
// carries pids and file descriptors and says nothing about the error.
const PYTHON_2026 = `
module:__main__ path:**/<string> function:<module>  category=internals
`;

export const ALL_PLATFORMS_2026_01_20 = COMMON_RULES + PYTHON_2026 + categoryActions('^-group -group');
