/**
 * Alias handling from snuba/query/parser/__init__.py: `_expand_aliases` (references are replaced
 * inline by the aliased expression; a reference back into itself is a CyclicAliasException) and
 * `_validate_aliases` (one alias, two different expressions: AliasShadowingException).
 */
import type { Expression } from './ast.ts';
import { SnqlError } from './errors.ts';
import { exprKey } from './exprKey.ts';
import { mapParts, type QueryParts, rootsOf } from './queryParts.ts';
import { forEachExpression } from './walk.ts';

/** The first expression declared under each alias. */
function collectAliases(parts: QueryParts): Map<string, Expression> {
  const aliases = new Map<string, Expression>();
  for (const root of rootsOf(parts)) {
    forEachExpression(root, (e) => {
      if (e.alias && !aliases.has(e.alias)) aliases.set(e.alias, e);
    });
  }
  return aliases;
}

/**
 * `_validate_aliases`: one alias may name only one expression. Snuba runs it with the validators,
 * after the entity validators, so it sees the query after alias expansion.
 */
export function validateAliases(parts: QueryParts): void {
  const keys = new Map<string, string>();
  for (const root of rootsOf(parts)) {
    forEachExpression(root, (e) => {
      if (!e.alias) return;
      const key = exprKey(e);
      const seen = keys.get(e.alias);
      if (seen === undefined) keys.set(e.alias, key);
      else if (seen !== key) {
        throw new SnqlError(
          'AliasShadowingException',
          'alias_shadowing',
          `Shadowing aliases detected for alias: ${e.alias}`,
          e.span,
        );
      }
    });
  }
}

/**
 * Replaces column references that name an alias with the aliased expression. Inside `f(x) AS x`
 * the `x` is the column itself (the innermost enclosing alias); anywhere else a reference to an
 * alias that is being expanded is a cycle.
 */
export function expandAliases(parts: QueryParts): QueryParts {
  const aliases = collectAliases(parts);
  if (aliases.size === 0) return parts;
  const expand = (e: Expression, stack: readonly string[], innermost: string | undefined): Expression => {
    if (e.kind === 'column' && e.alias === undefined) {
      const target = aliases.get(e.name);
      if (target === undefined || e.name === innermost) return e;
      if (stack.includes(e.name)) {
        throw new SnqlError(
          'CyclicAliasException',
          'cyclic_alias',
          `Cyclic aliases detected for alias: ${e.name}`,
          e.span,
        );
      }
      return expand(target, [...stack, e.name], e.name);
    }
    const inner = e.alias ? e.alias : innermost;
    const nextStack = e.alias && !stack.includes(e.alias) ? [...stack, e.alias] : stack;
    return rebuild(e, (child) => expand(child, nextStack, inner));
  };
  return mapParts(parts, (root) => expand(root, [], undefined));
}

/** A shallow copy of `e` with `fn` applied to each direct child. */
function rebuild(e: Expression, fn: (child: Expression) => Expression): Expression {
  switch (e.kind) {
    case 'literal':
    case 'column':
    case 'argument':
      return e;
    case 'subscript':
      return e;
    case 'function':
      return { ...e, args: e.args.map(fn) };
    case 'curried':
      return { ...e, initArgs: e.initArgs.map(fn), args: e.args.map(fn) };
    case 'lambda': {
      const body = fn(e.body);
      return body.kind === 'function' || body.kind === 'curried' ? { ...e, body } : e;
    }
  }
}
