// The built-in stack-trace rules of `all-platforms:2026-01-20` (grouping config
// newstyle:2026-01-20), in the order of Sentry's all-platforms@2026-01-20.txt: unlike 2023, every
// category is assigned first and the category actions come after all of them, so a frame made
// internal by a later rule is also out of app and ungrouped.
import {
  categories,
  DART_APP,
  DART_PACKAGES,
  FRAMEWORK_OUT_OF_APP,
  JAVA_FRAMEWORKS,
  KOTLIN_AND_OTHER_TELEMETRY,
  MORE_INTERNALS,
  NATIVE_APP_LOCATIONS,
  NATIVE_RUNTIMES_AND_REPORTERS,
  NESTED_THROWS,
  SDK_PACKAGES,
  UNREAL,
} from './base-common.ts';

/** Linux's gate and vDSO pages are system code. */
const LINUX_SYSTEM = `family:native package:linux-gate.so*  category=system
family:native package:linux-vdso.so*  category=system
`;

/**
 * The module Python's multiprocessing `spawn` runs from a string to call `spawn_main` carries
 * pids and file descriptors and says nothing about the error.
 */
const PYTHON_SPAWN = `
function:<module> | [ function:spawn_main ]  category=internals
`;

/**
 * Installed code in the Unix system locations is out of app on every platform (so Python's
 * standard library in Docker's, Homebrew's and uv's interpreters too; 2023 limits it to native).
 */
const UNIX_INSTALLED = `
package:/lib/**             -app
package:/usr/lib/**         -app
path:/usr/local/lib/**      -app
path:/usr/local/Cellar/**   -app
path:**/.local/share/**     -app
`;

/** Flutter's engine and the Dart SDK's own libraries, in every native packaging. */
const FLUTTER_ENGINE = `
family:native stack.abs_path:package:flutter/**  -app
family:native stack.abs_path:dart:**  -app
family:native stack.abs_path:dart:*/**  -app
family:native stack.abs_path:third_party/dart/sdk/**  -app
family:native package:**/Frameworks/FlutterMacOS.framework/**  -app
family:native package:**/Frameworks/Flutter.framework/**  -app
family:native function:"stub InvokeDartCode"  -app
family:native function:"stub CallBootstrapNative"  -app
`;

/**
 * What each category means: a throw frame and everything it called neither group nor are in app;
 * system is out of app; thread bases and their callers, handlers and what they called, crash
 * reporters, indirections and internals do not group; crash reporters and internals are out of app.
 */
const CATEGORY_ACTIONS = `
category:throw ^-group -group ^-app -app
category:system -app
category:threadbase -group v-group
category:handler ^-group -group
category:telemetry -app -group
category:indirection -group
category:internals -app -group
category:threadbase v-group -group
`;

export const ALL_PLATFORMS_2026_01_20 = [
  categories(LINUX_SYSTEM),
  PYTHON_SPAWN,
  NESTED_THROWS,
  MORE_INTERNALS,
  JAVA_FRAMEWORKS,
  NATIVE_APP_LOCATIONS,
  UNREAL,
  UNIX_INSTALLED,
  NATIVE_RUNTIMES_AND_REPORTERS,
  DART_APP,
  FLUTTER_ENGINE,
  DART_PACKAGES,
  CATEGORY_ACTIONS,
  SDK_PACKAGES,
  FRAMEWORK_OUT_OF_APP,
  KOTLIN_AND_OTHER_TELEMETRY,
].join('');
