// The message strategy (`message:v1`): the log message template, parameterized.
import { GroupingComponent } from '../component.ts';
import { getObject, getString } from '../event-data.ts';
import { normalizeMessageForGrouping } from '../parameterization.ts';
import type { ComponentsByVariant, GroupingContext } from './context.ts';

export function messageVariants(ctx: GroupingContext): ComponentsByVariant {
  const logentry = getObject(ctx.event, 'logentry');
  if (!logentry) return {};
  const raw = getString(logentry, 'message') || getString(logentry, 'formatted') || '';
  const normalized = ctx.config.normalizeMessage ? normalizeMessageForGrouping(raw) : raw;
  return {
    default: new GroupingComponent('message', [normalized], {
      hint: normalized !== raw ? 'stripped event-specific values' : null,
    }),
  };
}
