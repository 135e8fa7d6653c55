/**
 * Which spans are database queries, and their normalized description and group, as Relay scrubs a
 * `db` span's description into `sentry.normalized_description` and hashes it into `span.group`, and
 * as Sentry's Queries module picks its spans (category `db`, but not `db.redis` nor `db.sql.room`).
 *
 * A subset of Relay's regex scrubber (the one it falls back to when its SQL parser fails): comments
 * dropped; quoted strings, numbers, hex constants, booleans and placeholders (`?`, `$1`, `%s`,
 * `%(name)s`, `:name`) become `%s`; whitespace collapses to one space and leaves parentheses;
 * `IN (…)` and `VALUES (…), (…)` lists of them become one `%s`; identifiers keep their names, without
 * their quotes. Not done: Relay's parser pass (keywords upper-cased, `a.b` shortened to `b`, column
 * lists collapsed to `..`), so two spellings of one query may make two groups here.
 */
import crypto from 'node:crypto';

/** Ops of the `db` category that Sentry's Queries module leaves out (they are caches or not SQL). */
const EXCLUDED_OPS = new Set(['db.redis', 'db.sql.room']);

/** Sub-ops whose descriptions Relay does not scrub as SQL, so they get no normalized description. */
const NOT_SQL = /clickhouse|mongodb|redis/;

const LINE_COMMENT = /(?:--|#).*\n/g;
const INLINE_COMMENT = /\/\*[\s\S]*?\*\//g;
const CAST = String.raw`(?:::\w+(?:\[\]?)?)?`;
const VALUES = new RegExp(
  [
    String.raw`(?<pre>SAVEPOINT )(?:"[^"]+"|'[^']+'|\x60[^\x60]+\x60|[a-z]\w+)`,
    String.raw`N?'(?:\\'|[^'])*(?:'|$)${CAST}`,
    String.raw`(?:\?+|\$\d+|%(?:\(\w+\))?s|:\w+)${CAST}`,
    String.raw`\{(?:ts?|d)\s+'.+'\}`,
    String.raw`-?\b(?:[0-9]+\.)?[0-9]+(?:[eE][+-]?[0-9]+)?\b${CAST}`,
    String.raw`\b0x[0-9a-f]+\b${CAST}`,
    String.raw`\b(?:true|false)\b`,
  ].join('|'),
  'gi',
);
const MYSQL_DOUBLE_QUOTED = /N?"(?:\\"|[^"])*(?:"|$)(?:::\w+(?:\[\]?)?)?/gi;
const WHITESPACE = /\s*\n\s*|\s\s+/g;
const PAREN_SPACE = /(\()\s+|\s+(\))/g;
const PLACEHOLDER_LIST = /((?:VALUES|IN)\s+\()%s(?:\)\s*,\s*\(\s*%s|\s*,\s*%s)*(\s*\)?)/gi;
const QUOTED_NAME = /["`](\w+)(?:$|["`])/g;
/** Already parameterized by the SDK or ORM: a query even where nothing above changed it. */
const PARAMETERIZED = /\?|\$1|%s/;
/** Statements that Relay's SQL parser would read, so a query with no value in it still has a group. */
const SQL_STATEMENT =
  /^\(?\s*(?:SELECT|INSERT|UPDATE|DELETE|WITH|UPSERT|REPLACE|MERGE|VALUES|BEGIN|START|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|CREATE|ALTER|DROP|TRUNCATE|GRANT|REVOKE|SET|SHOW|EXPLAIN|DESCRIBE|PRAGMA|VACUUM|ANALYZE|CALL|EXEC|EXECUTE|DECLARE|FETCH|CLOSE|LOCK|COPY|USE)\b/i;

/** Whether Sentry's Queries module counts spans of this op (category `db`, some excepted). */
export function isQueryOp(op: string | null): op is string {
  if (op === null) return false;
  const [category, sub = ''] = op.toLowerCase().split(/\.(.*)/s);
  return category === 'db' && !EXCLUDED_OPS.has(op.toLowerCase()) && !NOT_SQL.test(sub);
}

/**
 * The description with its values replaced by `%s`, as Relay scrubs a `db` span's; null when it is
 * not a query (nothing to scrub, not parameterized, not an SQL statement), which Sentry's Queries
 * module then leaves out. A `prisma` op's description is an entity and action ("User findMany"),
 * kept as is, as Relay keeps it.
 */
export function normalizeQuery(op: string, description: string, dbSystem: string | null): string | null {
  if (op.toLowerCase().includes('prisma')) return description.trim() || null;
  const original = description.trim();
  let sql = `${original}\n`.replace(LINE_COMMENT, '\n').replace(INLINE_COMMENT, '');
  sql = sql.replace(VALUES, (...args) => `${(args.at(-1) as { pre?: string }).pre ?? ''}%s`);
  if (dbSystem === 'mysql') sql = sql.replace(MYSQL_DOUBLE_QUOTED, '%s');
  sql = sql
    .replace(WHITESPACE, ' ')
    .replace(PAREN_SPACE, '$1$2')
    .replace(PLACEHOLDER_LIST, '$1%s$2')
    .replace(QUOTED_NAME, '$1')
    .trim();
  if (sql === '') return null;
  if (sql !== original || PARAMETERIZED.test(original) || SQL_STATEMENT.test(original)) return sql;
  return null;
}

/** Sentry's `span.group` of a normalized description: the first 16 hex digits of its MD5. */
export function queryGroup(normalized: string): string {
  return crypto.createHash('md5').update(normalized).digest('hex').slice(0, 16);
}
