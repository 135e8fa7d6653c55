/** Generic traversal and rewriting of SnQL expressions (exhaustive over the node union). */
import type { Expression } from './ast.ts';

/** Pre-order visit with an explicit stack, so deep trees cannot overflow the call stack. */
export function forEachExpression(root: Expression, visit: (e: Expression) => void): void {
  const stack: Expression[] = [root];
  while (stack.length > 0) {
    const e = stack.pop() as Expression;
    visit(e);
    const kids = children(e);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as Expression);
  }
}

export function children(e: Expression): readonly Expression[] {
  switch (e.kind) {
    case 'literal':
    case 'column':
    case 'argument':
      return [];
    case 'subscript':
      return [e.column];
    case 'function':
      return e.args;
    case 'curried':
      return [...e.initArgs, ...e.args];
    case 'lambda':
      return [e.body];
  }
}

/**
 * Bottom-up rewrite: `fn` sees each node after its children were rewritten and returns a
 * replacement (or the node itself). Unchanged subtrees keep their identity.
 */
export function transformExpression(e: Expression, fn: (e: Expression) => Expression): Expression {
  switch (e.kind) {
    case 'literal':
    case 'column':
    case 'argument':
      return fn(e);
    case 'subscript': {
      const column = transformExpression(e.column, fn);
      const next = column === e.column || column.kind !== 'column' ? e : { ...e, column };
      return fn(next);
    }
    case 'function': {
      const args = mapSame(e.args, (a) => transformExpression(a, fn));
      return fn(args === e.args ? e : { ...e, args });
    }
    case 'curried': {
      const initArgs = mapSame(e.initArgs, (a) => transformExpression(a, fn));
      const args = mapSame(e.args, (a) => transformExpression(a, fn));
      return fn(initArgs === e.initArgs && args === e.args ? e : { ...e, initArgs, args });
    }
    case 'lambda': {
      const body = transformExpression(e.body, fn);
      const ok = body.kind === 'function' || body.kind === 'curried';
      return fn(body === e.body || !ok ? e : { ...e, body });
    }
  }
}

function mapSame<T>(items: readonly T[], fn: (t: T) => T): readonly T[] {
  let changed = false;
  const out = items.map((t) => {
    const u = fn(t);
    if (u !== t) changed = true;
    return u;
  });
  return changed ? out : items;
}
