// The built-in stack-trace rules of `all-platforms:2026-01-20`, reconstructed from Sentry's
// documented behaviour and its grouping snapshots. Order matters: a later rule overrides an
// earlier one for the same frame, so the category actions at the end of the common rules must
// stay last.
import { COMMON_RULES, categoryActions } from './base-common.ts';

// New in Sentry's 2025-11-21 rules, kept in 2026-01-20 (getsentry/sentry#103334):
// - The Unix locations of installed code are out of app on every platform, no longer native
//   only, so that Python's frames use them too: a Python built from source or in Docker's
//   `python` images keeps its standard library in /usr/local/lib/pythonX.Y, Homebrew's in
//   /usr/local/Cellar, and uv's managed interpreters and pipx's tools live in ~/.local/share.
//   (Debian's /usr/lib/python3 is matched by no path rule: its frames stay as the SDK marks them.)
// - The module that Python's multiprocessing `spawn` runs from a string to call `spawn_main`
//   carries pids and file descriptors and says nothing about the error: internal (so out of app
//   and not grouped). Only that frame: other code run with `python -c` is left alone.
const NEW_IN_2026 = `
package:/lib/**                     -app
package:/usr/lib/**                 -app
path:/usr/local/lib/**              -app
path:/usr/local/Cellar/**           -app
path:**/.local/share/**             -app
function:<module> | [ function:spawn_main ]  category=internals
`;

export const ALL_PLATFORMS_2026_01_20 = COMMON_RULES + NEW_IN_2026 + categoryActions('^-group -group');
