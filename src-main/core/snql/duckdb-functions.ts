/**
 * ClickHouse functions, as SnQL names them, spelled in DuckDB (spec §2.4), one file per family.
 * Snuba's function processors for the errors storage apply here too: `uniq` is
 * `ifNull(uniq(x), 0)`, `log` is `ifNotFinite(log(x), 0)`, `emptyIfNull`, `isHandled`,
 * `notHandled`, `top` → `topK`. Every name resolves to SQL written here; nothing of the query's
 * text is pasted.
 */
import { ARRAY_FUNCTIONS } from './duckdb-fn-arrays.ts';
import { CONVERSION_FUNCTIONS } from './duckdb-fn-conversions.ts';
import { DATE_FUNCTIONS } from './duckdb-fn-dates.ts';
import { NUMBER_FUNCTIONS } from './duckdb-fn-numbers.ts';
import { OPERATOR_FUNCTIONS } from './duckdb-fn-operators.ts';
import { STRING_FUNCTIONS } from './duckdb-fn-strings.ts';
import type { Renderer } from './duckdb-render.ts';

export const FUNCTIONS: Readonly<Record<string, Renderer>> = {
  ...OPERATOR_FUNCTIONS,
  ...CONVERSION_FUNCTIONS,
  ...DATE_FUNCTIONS,
  ...STRING_FUNCTIONS,
  ...ARRAY_FUNCTIONS,
  ...NUMBER_FUNCTIONS,
};
