/**
 * FunctionCallsValidator (snuba/query/parser/validation/functions.py): function names must be on
 * the allow-list, and a few functions check their argument types.
 */
import type { Expression } from './ast.ts';
import { isArrayType, isDateTimeType, isStringType } from './entities/schema.ts';
import { SnqlError } from './errors.ts';
import { isKnownFunction } from './functions.ts';
import { entityFor } from './process.ts';
import { rootsOf } from './queryParts.ts';
import type { BoundEntity, ValidatedQuery } from './validatedQuery.ts';
import { forEachExpression } from './walk.ts';

const NEEDS_DATETIME = /^(toStartOf\w+|toUnixTimestamp)$/;

export function validateFunctionCalls(q: ValidatedQuery, entities: readonly BoundEntity[]): void {
  for (const root of rootsOf(q)) {
    forEachExpression(root, (e) => {
      if (e.kind !== 'function' && e.kind !== 'curried') return;
      if (!isKnownFunction(e.name)) {
        throw new SnqlError(
          'InvalidExpressionException',
          'invalid_function',
          `Invalid function name: ${e.name}`,
          e.span,
        );
      }
      if (e.kind === 'function') checkSignature(e.name, e.args, entities, e);
    });
  }
}

function checkSignature(
  name: string,
  args: readonly Expression[],
  entities: readonly BoundEntity[],
  at: Expression,
): void {
  const first = args[0];
  if (first?.kind !== 'column') return;
  const type = entityFor(entities, first)?.schema.columns.get(first.name)?.type;
  if (type === undefined) return;
  const illegal = (required: string): SnqlError =>
    new SnqlError(
      'InvalidExpressionException',
      'invalid_function',
      `Illegal call to function ${name}: Illegal type ${type} of argument \`${first.name}\`. Required types [${required}]`,
      at.span,
    );
  if ((name === 'like' || name === 'notLike') && !isStringType(type) && !isArrayType(type))
    throw illegal('String, Array');
  if (NEEDS_DATETIME.test(name) && !isDateTimeType(type)) throw illegal('DateTime');
}
