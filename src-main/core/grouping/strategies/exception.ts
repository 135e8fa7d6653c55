// The single-exception strategy (`single-exception:v1`): type, value, NSError info and the
// exception's own stacktrace, per variant.
import { GroupingComponent } from '../component.ts';
import { exceptionDataOf } from '../enhancements/match-frame.ts';
import { getObject, getPath, getString, type JsonObject } from '../event-data.ts';
import { normalizeMessageForGrouping } from '../parameterization.ts';
import type { ComponentsByVariant, GroupingContext, Variant } from './context.ts';
import { stacktraceVariants } from './stacktrace.ts';

function typeComponent(exception: JsonObject): GroupingComponent {
  const type = getString(exception, 'type');
  const component = new GroupingComponent('type', type ? [type] : []);
  if (getPath(exception, 'mechanism', 'synthetic') === true) {
    component.update({ contributes: false, hint: 'ignored because exception is synthetic' });
  }
  return component;
}

function nsErrorComponent(exception: JsonObject): GroupingComponent | null {
  const nsError = getObject(exception, 'mechanism', 'meta', 'ns_error');
  if (!nsError) return null;
  const children: GroupingComponent[] = [];
  for (const key of ['domain', 'code']) {
    const value = nsError[key];
    const values = typeof value === 'string' || typeof value === 'number' ? [value] : [];
    children.push(new GroupingComponent(key, values));
  }
  return new GroupingComponent('ns_error', children);
}

/** The exception value, parameterized once per exception (every variant builds its own component). */
function valueComponentFactory(exception: JsonObject, ctx: GroupingContext): () => GroupingComponent {
  const raw = getString(exception, 'value');
  if (raw === null) return () => new GroupingComponent('value');
  const normalized = ctx.config.normalizeMessage ? normalizeMessageForGrouping(raw) : raw;
  const hint = normalized !== raw ? 'stripped event-specific values' : null;
  return () => new GroupingComponent('value', [normalized], { hint });
}

export function singleExceptionVariants(exception: JsonObject, ctx: GroupingContext): ComponentsByVariant {
  const stacktrace = getObject(exception, 'stacktrace');
  let stacktraces: ComponentsByVariant = { app: undefined };
  if (stacktrace) {
    const inner: GroupingContext = { ...ctx, exceptionData: exceptionDataOf(exception) };
    stacktraces = stacktraceVariants(stacktrace, inner);
  }

  const valueComponent = valueComponentFactory(exception, ctx);
  const result: ComponentsByVariant = {};
  for (const variant of Object.keys(stacktraces) as Variant[]) {
    const stack = stacktraces[variant] ?? null;
    const type = typeComponent(exception);
    const nsError = nsErrorComponent(exception);
    const value = valueComponent();
    if (stack?.contributes && value.contributes) {
      value.update({ contributes: false, hint: 'ignored because stacktrace takes precedence' });
    }
    if (nsError?.contributes && value.contributes) {
      value.update({ contributes: false, hint: 'ignored because ns-error info takes precedence' });
    }
    const ordered = ctx.config.useLegacyExceptionSubcomponentOrder
      ? [stack, type, nsError, value]
      : [type, value, nsError, stack];
    result[variant] = new GroupingComponent(
      'exception',
      ordered.filter((c): c is GroupingComponent => c !== null),
    );
  }
  return result;
}
