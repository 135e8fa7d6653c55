// Runs every strategy in score order and builds one root component per variant
// (`_get_component_trees_for_variants`). The first strategy with a contributing component wins;
// contributing components of later strategies are switched off with a precedence hint.
import { GroupingComponent } from '../component.ts';
import { getObject } from '../event-data.ts';
import { chainedExceptionVariants } from './chained-exception.ts';
import type { ComponentsByVariant, GroupingContext, Variant } from './context.ts';
import { messageVariants } from './message.ts';
import { securityVariants } from './security.ts';
import { stacktraceVariants } from './stacktrace.ts';
import { templateVariants } from './template.ts';
import { threadsVariants } from './threads.ts';

interface Strategy {
  /** The name used in precedence hints. */
  name: string;
  /** Applies `remove_non_stacktrace_variants` to the result. */
  prunesNonStacktraceVariants: boolean;
  run: (ctx: GroupingContext) => ComponentsByVariant;
}

function topLevelStacktrace(ctx: GroupingContext): ComponentsByVariant {
  const stacktrace = getObject(ctx.event, 'stacktrace');
  return stacktrace ? stacktraceVariants(stacktrace, ctx) : {};
}

/** In score order: chained-exception 2000, threads 1900, stacktrace 1800, template, security, message 0. */
const STRATEGIES: readonly Strategy[] = [
  { name: 'exception', prunesNonStacktraceVariants: true, run: chainedExceptionVariants },
  { name: 'threads', prunesNonStacktraceVariants: true, run: threadsVariants },
  { name: 'stacktrace', prunesNonStacktraceVariants: false, run: topLevelStacktrace },
  { name: 'template', prunesNonStacktraceVariants: false, run: templateVariants },
  { name: 'csp', prunesNonStacktraceVariants: false, run: (ctx) => securityVariants('csp', ctx) },
  { name: 'hpkp', prunesNonStacktraceVariants: false, run: (ctx) => securityVariants('hpkp', ctx) },
  { name: 'expect-ct', prunesNonStacktraceVariants: false, run: (ctx) => securityVariants('expect-ct', ctx) },
  {
    name: 'expect-staple',
    prunesNonStacktraceVariants: false,
    run: (ctx) => securityVariants('expect-staple', ctx),
  },
  { name: 'message', prunesNonStacktraceVariants: false, run: messageVariants },
];

function entries(byVariant: ComponentsByVariant): Array<[Variant, GroupingComponent]> {
  return (Object.entries(byVariant) as Array<[Variant, GroupingComponent | undefined]>).filter(
    (e): e is [Variant, GroupingComponent] => e[1] !== undefined,
  );
}

/** A system component that hashes exactly like the app one adds nothing. */
function pruneDuplicateSystemVariant(byVariant: ComponentsByVariant): void {
  const { app, system } = byVariant;
  if (!app?.contributes || !system?.contributes) return;
  if (app.hashText() === system.hashText()) {
    system.update({ contributes: false, hint: 'ignored because hash matches app variant' });
  }
}

/** Is any sub-component with this id contributing (`iterSubcomponents(id).some(contributes)`)? */
function hasContributingSubcomponent(component: GroupingComponent, id: string): boolean {
  for (const value of component.values) {
    if (!(value instanceof GroupingComponent)) continue;
    if (value.id === id && value.contributes) return true;
    if (hasContributingSubcomponent(value, id)) return true;
  }
  return false;
}

/** `remove_non_stacktrace_variants`: a variant without a contributing stacktrace yields to one with. */
function removeNonStacktraceVariants(byVariant: ComponentsByVariant): void {
  const withStacktrace: Variant[] = [];
  const without: GroupingComponent[] = [];
  for (const [name, component] of entries(byVariant)) {
    const hasStack = hasContributingSubcomponent(component, 'stacktrace');
    if (hasStack) withStacktrace.push(name);
    else without.push(component);
  }
  if (withStacktrace.length === 0) return;
  const suffix = withStacktrace.length === 1 ? `but the ${withStacktrace[0]} variant does` : 'others do';
  for (const component of without) {
    component.update({
      contributes: false,
      hint: `ignored because this variant does not have a contributing stacktrace, ${suffix}`,
    });
  }
}

function precedenceHint(strategy: string, contributingVariants: Variant[]): string {
  const verb = strategy === 'threads' ? 'take' : 'takes';
  const descriptor = contributingVariants
    .filter((v) => v !== 'default')
    .sort()
    .join('/');
  return `ignored because ${descriptor ? `${descriptor} ` : ''}${strategy} ${verb} precedence`;
}

export function buildComponentTrees(ctx: GroupingContext): Map<Variant, GroupingComponent> {
  let winner: string | null = null;
  let hint: string | null = null;
  const byVariant = new Map<Variant, GroupingComponent[]>();
  for (const strategy of STRATEGIES) {
    const result = strategy.run(ctx);
    pruneDuplicateSystemVariant(result);
    if (strategy.prunesNonStacktraceVariants) removeNonStacktraceVariants(result);
    const produced = entries(result);
    for (const [variant, component] of produced) {
      const list = byVariant.get(variant) ?? [];
      list.push(component);
      byVariant.set(variant, list);
      if (!component.contributes) continue;
      if (winner === null) {
        winner = strategy.name;
        hint = precedenceHint(
          strategy.name,
          produced.filter(([, c]) => c.contributes).map(([v]) => v),
        );
      } else if (winner !== strategy.name) {
        component.update({ contributes: false, hint });
      }
    }
  }
  const roots = new Map<Variant, GroupingComponent>();
  for (const [variant, components] of byVariant) {
    const root = new GroupingComponent(variant, components);
    if (!root.contributes && hint) root.update({ hint });
    roots.set(variant, root);
  }
  return roots;
}
