import { isObject, valuesOf } from './json.ts';
import { parseLevel } from './level.ts';
import type { NormalizeStage } from './types.ts';

/**
 * Breadcrumbs become `{values: [...]}`; each gets `type: default` and `level: info` when missing
 * (an invalid level is replaced by `info` too). Relay caps no count: SDKs keep 100 by default.
 */
export const normalizeBreadcrumbs: NormalizeStage = (event) => {
  const values = valuesOf(event.breadcrumbs);
  if (values === undefined) {
    delete event.breadcrumbs;
    return;
  }
  const crumbs = values.filter(isObject);
  for (const crumb of crumbs) {
    if (typeof crumb.type !== 'string' || crumb.type === '') crumb.type = 'default';
    crumb.level = parseLevel(crumb.level) ?? 'info';
  }
  event.breadcrumbs = { values: crumbs };
};
