/**
 * Relay's browser extensions filter (`browser-extensions`): the first exception's value names a
 * script injected by a known extension or toolbar, or the last frame with a real path (not
 * `<anonymous>` / `[native code]`) comes from an extension or a known injected host.
 */
import { asArray, asObject, asString, type JsonObject } from '../normalize/json.ts';
import { exceptions } from './event-fields.ts';

const EXTENSION_VALUES = new RegExp(
  [
    'top\\.GLOBALS',
    'originalCreateNotification',
    'canvas.contentDocument',
    'MyApp_RemoveAllHighlights',
    'http://tt\\.epicplay\\.com',
    "Can't\\sfind\\svariable:\\sZiteReader",
    'jigsaw\\sis\\snot\\sdefined',
    'ComboSearch\\sis\\snot\\sdefined',
    'http://loading\\.retry\\.widdit\\.com/',
    'atomicFindClose',
    'fb_xd_fragment',
    'bmi_SafeAddOnload',
    'EBCallBackMessageReceived',
    '_gCrWeb',
    'conduitPage',
    "null\\sis\\snot\\san\\sobject\\s\\(evaluating\\s'elt.parentNode'\\)",
    'plugin\\.setSuspendState\\sis\\snot\\sa\\sfunction',
    'Extension\\scontext\\sinvalidated',
    'webkit-masked-url:',
    "can't\\saccess\\sdead\\sobject",
  ].join('|'),
  'i',
);

const EXTENSION_SOURCES = new RegExp(
  [
    'graph\\.facebook\\.com',
    'connect\\.facebook\\.net',
    'eatdifferent\\.com\\.woopra-ns\\.com',
    'static\\.woopra\\.com/js/woopra\\.js',
    '^chrome(-extension)?://',
    '^moz-extension://',
    '^safari(-web)?-extension://',
    'webkit-masked-url',
    '127\\.0\\.0\\.1:4001/isrunning',
    'webappstoolbarba\\.texthelp\\.com/',
    'metrics\\.itunes\\.apple\\.com\\.edgesuite\\.net/',
    'kaspersky-labs\\.com',
  ].join('|'),
  'i',
);

const ANONYMOUS_PATHS = new Set(['<anonymous>', '[native code]']);

/**
 * The source of the first exception: the `abs_path` of its innermost frame that has a real one.
 * As in Relay, a frame without any `abs_path` ends the search with no source.
 */
function exceptionSource(exception: JsonObject): string | undefined {
  const frames = asArray(asObject(exception.stacktrace)?.frames) ?? [];
  for (let i = frames.length - 1; i >= 0; i--) {
    const path = asString(asObject(frames[i])?.abs_path);
    if (path === undefined) return undefined;
    if (!ANONYMOUS_PATHS.has(path)) return path;
  }
  return undefined;
}

export function isFromBrowserExtension(event: JsonObject): boolean {
  const first = exceptions(event)[0];
  if (!first) return false;
  const value = asString(first.value);
  if (value !== undefined && EXTENSION_VALUES.test(value)) return true;
  const source = exceptionSource(first);
  return source !== undefined && EXTENSION_SOURCES.test(source);
}
