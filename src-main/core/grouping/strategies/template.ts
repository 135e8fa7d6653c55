// The template strategy (`template:v1`): Django template errors group on file and line.
import { GroupingComponent } from '../component.ts';
import { getObject, getString } from '../event-data.ts';
import type { ComponentsByVariant, GroupingContext } from './context.ts';

export function templateVariants(ctx: GroupingContext): ComponentsByVariant {
  const template = getObject(ctx.event, 'template');
  if (!template) return {};
  const filename = getString(template, 'filename');
  const contextLine = getString(template, 'context_line');
  return {
    default: new GroupingComponent('template', [
      new GroupingComponent('filename', filename !== null ? [filename.split('/').at(-1) ?? filename] : []),
      new GroupingComponent('context_line', contextLine !== null ? [contextLine] : []),
    ]),
  };
}
