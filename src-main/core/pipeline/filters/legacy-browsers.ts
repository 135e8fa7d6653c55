/**
 * Relay's legacy browsers filter (`legacy-browsers`): the request's User-Agent is a browser
 * version the project chose to drop. `default` (the old "all") applies a minimum version per
 * family; any other choice is one family's versions up to a bound, as Sentry's settings describe
 * them ("Chrome: version 63 and lower"). IE Mobile counts as IE.
 */
import type { LegacyBrowser } from '../../../../src-shared/inbound-filters-api.ts';
import type { JsonObject } from '../normalize/json.ts';
import { browserFamily } from './browser-family.ts';
import { requestUserAgent } from './event-fields.ts';

type Choice = Exclude<LegacyBrowser, 'default'>;

/** Each choice: the family it applies to and which major versions it drops. */
const CHOICES: Record<Choice, { family: string; drops: (major: number) => boolean }> = {
  chrome: { family: 'Chrome', drops: (v) => v <= 63 },
  safari: { family: 'Safari', drops: (v) => v <= 11 },
  firefox: { family: 'Firefox', drops: (v) => v <= 66 },
  android: { family: 'Android', drops: (v) => v <= 3 },
  edge: { family: 'Edge', drops: (v) => v <= 78 },
  ie: { family: 'IE', drops: (v) => v <= 11 },
  opera: { family: 'Opera', drops: (v) => v <= 50 },
  opera_mini: { family: 'Opera Mini', drops: (v) => v <= 34 },
  safari_pre_6: { family: 'Safari', drops: (v) => v < 6 },
  android_pre_4: { family: 'Android', drops: (v) => v < 4 },
  edge_pre_79: { family: 'Edge', drops: (v) => v < 79 },
  ie_pre_9: { family: 'IE', drops: (v) => v <= 8 },
  ie9: { family: 'IE', drops: (v) => v === 9 },
  ie10: { family: 'IE', drops: (v) => v === 10 },
  ie11: { family: 'IE', drops: (v) => v === 11 },
  opera_pre_15: { family: 'Opera', drops: (v) => v < 15 },
  opera_mini_pre_8: { family: 'Opera Mini', drops: (v) => v < 8 },
};

/** `default`: the lowest version kept per family. */
const DEFAULT_MIN_VERSIONS: Record<string, number> = {
  Chrome: 0,
  IE: 10,
  Firefox: 0,
  Safari: 6,
  Edge: 0,
  Opera: 15,
  Android: 4,
  'Opera Mini': 8,
};

export function isFromLegacyBrowser(event: JsonObject, browsers: ReadonlySet<LegacyBrowser>): boolean {
  const userAgent = requestUserAgent(event);
  if (userAgent === undefined) return false;
  const parsed = browserFamily(userAgent);
  if (!parsed || parsed.major === undefined || Number.isNaN(parsed.major)) return false;
  const family = parsed.family === 'IE Mobile' ? 'IE' : parsed.family;
  const version = parsed.major;
  if (browsers.has('default')) {
    const min = DEFAULT_MIN_VERSIONS[family];
    return min !== undefined && version < min;
  }
  for (const browser of browsers) {
    if (browser === 'default') continue;
    const choice = CHOICES[browser];
    if (choice.family === family && choice.drops(version)) return true;
  }
  return false;
}
