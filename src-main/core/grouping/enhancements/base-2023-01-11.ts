// The built-in stack-trace rules of `all-platforms:2023-01-11` (grouping config
// newstyle:2023-01-11), in the order of Sentry's all-platforms@2023-01-11.txt.
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

/** Installed code in the Unix system locations is out of app, for native frames only here. */
const UNIX_INSTALLED = `
family:native package:/lib/**         -app
family:native package:/usr/lib/**     -app
family:native path:/usr/local/lib/**  -app
family:native path:/usr/local/Cellar/**  -app
family:native package:linux-gate.so*  -app
`;

/**
 * A throw frame's callers do not group (the throw frame itself still does); these come before the
 * later internals rules, so a frame those make internal keeps grouping and its in-app flag.
 */
const THROW_CALLEES = `
category:throw ^-group
`;

/**
 * What each category means for grouping and in-app: system is out of app; thread bases and what
 * called them, handlers and what they called, crash reporters, indirections and internals do not group.
 */
const CATEGORY_ACTIONS = `
category:system -app
category:threadbase -group v-group
category:handler ^-group -group
category:telemetry -group
category:indirection -group
category:internals -group
category:threadbase v-group -group
`;

export const ALL_PLATFORMS_2023_01_11 = [
  NATIVE_APP_LOCATIONS,
  UNREAL,
  UNIX_INSTALLED,
  NATIVE_RUNTIMES_AND_REPORTERS,
  DART_APP,
  DART_PACKAGES,
  categories(''),
  THROW_CALLEES,
  NESTED_THROWS,
  CATEGORY_ACTIONS,
  MORE_INTERNALS,
  SDK_PACKAGES,
  JAVA_FRAMEWORKS,
  FRAMEWORK_OUT_OF_APP,
  KOTLIN_AND_OTHER_TELEMETRY,
].join('');
