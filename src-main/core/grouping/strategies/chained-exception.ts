// The chained-exception strategy (`chained-exception:v1`, also used for a single exception):
// every exception in payload order, after the exception-group filter, wrapped per variant.
import { GroupingComponent } from '../component.ts';
import { getArray, getString, type JsonObject, objects } from '../event-data.ts';
import type { ComponentsByVariant, GroupingContext, Variant } from './context.ts';
import { singleExceptionVariants } from './exception.ts';
import { filterExceptionsForExceptionGroups } from './exception-groups.ts';

/** Python SDK 3.x events skip the exception-group filter so their old hashes stay stable. */
function skipsExceptionGroupFilter(ctx: GroupingContext): boolean {
  return (
    getString(ctx.event, 'sdk', 'name') === 'sentry.python' &&
    (getString(ctx.event, 'sdk', 'version') ?? '').startsWith('3.')
  );
}

function componentKey(byVariant: ComponentsByVariant): string {
  return JSON.stringify(
    Object.entries(byVariant).map(([name, component]) => [name, component?.toJson() ?? null]),
  );
}

export function chainedExceptionVariants(ctx: GroupingContext): ComponentsByVariant {
  const all = objects(getArray(ctx.event, 'exception', 'values'));
  if (all.length === 0) return {};
  const byException = new Map<JsonObject, ComponentsByVariant>();
  for (const exception of all) byException.set(exception, singleExceptionVariants(exception, ctx));

  let exceptions = all;
  if (!skipsExceptionGroupFilter(ctx)) {
    const filtered = filterExceptionsForExceptionGroups(all, (e) => componentKey(byException.get(e)!));
    exceptions = filtered.exceptions;
    ctx.mainExceptionId = filtered.mainExceptionId;
  }

  if (exceptions.length === 1) return byException.get(exceptions[0]!)!;

  const byName = new Map<Variant, GroupingComponent[]>();
  for (const exception of exceptions) {
    for (const [name, component] of Object.entries(byException.get(exception)!) as Array<
      [Variant, GroupingComponent | undefined]
    >) {
      if (!component) continue;
      const list = byName.get(name) ?? [];
      list.push(component);
      byName.set(name, list);
    }
  }
  const result: ComponentsByVariant = {};
  for (const [name, components] of byName)
    result[name] = new GroupingComponent('chained_exception', components);
  return result;
}
