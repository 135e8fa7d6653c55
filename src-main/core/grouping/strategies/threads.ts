// The threads strategy (`threads:v1`): the stacktrace of the one crashed thread, else of the one
// current thread, else of the only thread.
import { GroupingComponent } from '../component.ts';
import { getArray, getObject, type JsonObject, objects } from '../event-data.ts';
import type { ComponentsByVariant, GroupingContext, Variant } from './context.ts';
import { stacktraceVariants } from './stacktrace.ts';

function filteredThreads(threads: readonly JsonObject[], ctx: GroupingContext): ComponentsByVariant | null {
  if (threads.length !== 1) return null;
  const stacktrace = getObject(threads[0], 'stacktrace');
  if (!stacktrace) {
    return {
      app: new GroupingComponent('threads', [], { contributes: false, hint: 'thread has no stacktrace' }),
    };
  }
  const result: ComponentsByVariant = {};
  const variants = stacktraceVariants(stacktrace, ctx);
  for (const name of Object.keys(variants) as Variant[]) {
    result[name] = new GroupingComponent('threads', [variants[name]!]);
  }
  return result;
}

export function threadsVariants(ctx: GroupingContext): ComponentsByVariant {
  const threads = objects(getArray(ctx.event, 'threads', 'values'));
  if (threads.length === 0) return {};
  return (
    filteredThreads(
      threads.filter((t) => t.crashed === true),
      ctx,
    ) ??
    filteredThreads(
      threads.filter((t) => t.current === true),
      ctx,
    ) ??
    filteredThreads(threads, ctx) ?? {
      app: new GroupingComponent('threads', [], {
        contributes: false,
        hint: 'ignored because does not contain exactly one thread',
      }),
    }
  );
}
