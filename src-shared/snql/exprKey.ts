/** A canonical text for an expression, ignoring positions: equal keys mean the same expression. */
import type { Expression, LiteralValue } from './ast.ts';

function literalKey(l: LiteralValue): string {
  switch (l.type) {
    case 'string':
      return JSON.stringify(l.value);
    case 'int':
      return l.value.toString();
    case 'float':
      return `${l.value}f`;
    case 'bool':
      return l.value ? 'true' : 'false';
    case 'null':
      return 'null';
    case 'datetime':
      return `datetime(${l.value})`;
  }
}

export function exprKey(e: Expression): string {
  const alias = e.alias === undefined ? '' : ` AS ${JSON.stringify(e.alias)}`;
  const list = (xs: readonly Expression[]): string => xs.map(exprKey).join(',');
  switch (e.kind) {
    case 'literal':
      return literalKey(e.literal) + alias;
    case 'column':
      return (e.entityAlias ? `${e.entityAlias}.` : '') + e.name + alias;
    case 'subscript':
      return `${exprKey(e.column)}[${e.key}]${alias}`;
    case 'function':
      return `${e.name}(${list(e.args)})${alias}`;
    case 'curried':
      return `${e.name}(${list(e.initArgs)})(${list(e.args)})${alias}`;
    case 'lambda':
      return `(${e.params.join(',')})->${exprKey(e.body)}${alias}`;
    case 'argument':
      return `\`${e.name}\`${alias}`;
  }
}
