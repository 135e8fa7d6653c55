/**
 * `validate_identifiers_in_lambda`: a backticked identifier must be bound by its lambda or an
 * enclosing one, else InvalidExpressionException "identifier(s) `y` not defined".
 */
import type { Expression } from './ast.ts';
import { SnqlError } from './errors.ts';
import { type QueryParts, rootsOf } from './queryParts.ts';
import { children } from './walk.ts';

export function validateLambdaIdentifiers(parts: QueryParts): void {
  for (const root of rootsOf(parts)) checkScope(root, new Set());
}

function checkScope(e: Expression, bound: ReadonlySet<string>): void {
  if (e.kind === 'lambda') {
    const scope = new Set([...bound, ...e.params]);
    const unbound = new Set<string>();
    collectUnbound(e.body, scope, unbound);
    if (unbound.size > 0) {
      const names = [...unbound].sort().map((n) => `\`${n}\``);
      throw new SnqlError(
        'InvalidExpressionException',
        'undefined_lambda_identifier',
        `identifier(s) ${names.join(', ')} not defined`,
        e.span,
      );
    }
    checkScope(e.body, scope);
    return;
  }
  if (e.kind === 'argument' && !bound.has(e.name)) {
    throw new SnqlError(
      'InvalidExpressionException',
      'undefined_lambda_identifier',
      `identifier(s) \`${e.name}\` not defined`,
      e.span,
    );
  }
  for (const child of children(e)) checkScope(child, bound);
}

/** Identifiers used in a lambda body (outside nested lambdas' own parameters) that nothing binds. */
function collectUnbound(e: Expression, bound: ReadonlySet<string>, out: Set<string>): void {
  if (e.kind === 'argument') {
    if (!bound.has(e.name)) out.add(e.name);
    return;
  }
  const scope = e.kind === 'lambda' ? new Set([...bound, ...e.params]) : bound;
  for (const child of children(e)) collectUnbound(child, scope, out);
}
