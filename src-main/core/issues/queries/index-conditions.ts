/**
 * Tag filters of the issue search as conditions on the event index (`errors`), the way Sentry's
 * issue search sends them to Snuba: an issue matches when one of its events matches them all.
 * Search keys map to Snuba columns (`release` → `tags[sentry:release]`, `user.email` →
 * `user_email`, `error.type` → `exception_stacks.type` …); any other key is a tag, missing = ''.
 * Values only ever travel as parameters.
 */
import { z } from 'zod';

/** The filters the event index answers (plain data: they cross to the pipeline worker). */
export const eventFilterSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('tag'),
    negated: z.boolean(),
    key: z.string(),
    values: z.array(z.string()).min(1),
  }),
  z.object({ kind: z.literal('has'), negated: z.boolean(), key: z.string() }),
  z.object({ kind: z.literal('level'), negated: z.boolean(), values: z.array(z.string()).min(1) }),
  z.object({ kind: z.literal('text'), text: z.string() }),
]);
export type EventFilter = z.infer<typeof eventFilterSchema>;

type Target = { kind: 'tag'; key: string } | { kind: 'column'; sql: string } | { kind: 'list'; sql: string };

const TAG_ALIASES: Record<string, string> = {
  release: 'sentry:release',
  dist: 'sentry:dist',
  user: 'sentry:user',
};

const COLUMNS: Record<string, Target> = {
  'user.id': { kind: 'column', sql: 'user_id' },
  'user.email': { kind: 'column', sql: 'user_email' },
  'user.username': { kind: 'column', sql: 'user_name' },
  'user.ip': { kind: 'column', sql: 'coalesce(ip_address_v4, ip_address_v6)' },
  message: { kind: 'column', sql: 'message' },
  title: { kind: 'column', sql: 'title' },
  platform: { kind: 'column', sql: 'platform' },
  location: { kind: 'column', sql: 'location' },
  'sdk.name': { kind: 'column', sql: 'sdk_name' },
  'sdk.version': { kind: 'column', sql: 'sdk_version' },
  'http.method': { kind: 'column', sql: 'http_method' },
  'http.referer': { kind: 'column', sql: 'http_referer' },
  'error.type': { kind: 'list', sql: '"exception_stacks.type"' },
  'error.value': { kind: 'list', sql: '"exception_stacks.value"' },
  'error.mechanism': { kind: 'list', sql: '"exception_stacks.mechanism_type"' },
  'stack.filename': { kind: 'list', sql: '"exception_frames.filename"' },
  'stack.abs_path': { kind: 'list', sql: '"exception_frames.abs_path"' },
  'stack.function': { kind: 'list', sql: '"exception_frames.function"' },
  'stack.module': { kind: 'list', sql: '"exception_frames.module"' },
  'stack.package': { kind: 'list', sql: '"exception_frames.package"' },
};

function targetOf(key: string): Target {
  return COLUMNS[key] ?? { kind: 'tag', key: TAG_ALIASES[key] ?? key };
}

export class IndexParams {
  readonly values: Record<string, string | number> = {};
  #next = 0;

  add(value: string | number): string {
    const name = `p${this.#next++}`;
    this.values[name] = value;
    return `$${name}`;
  }
}

function escapeLike(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('%', '\\%').replaceAll('_', '\\_');
}

/** `a*b` → `a%b` for LIKE, with the LIKE metacharacters of the value escaped. */
function likeOf(value: string): string {
  return escapeLike(value).replaceAll('*', '%');
}

function valueSql(target: Target, params: IndexParams): string {
  switch (target.kind) {
    case 'tag': {
      const key = params.add(target.key);
      return `coalesce("tags.value"[list_position("tags.key", ${key})], '')`;
    }
    case 'column':
      return `coalesce(${target.sql}, '')`;
    case 'list':
      return target.sql;
  }
}

function matchOne(target: Target, expr: string, value: string, params: IndexParams): string {
  const wildcard = value.includes('*');
  const param = params.add(wildcard ? likeOf(value) : value);
  if (target.kind === 'list')
    return wildcard
      ? `coalesce(list_bool_or(list_transform(${expr}, lambda x: x LIKE ${param} ESCAPE '\\')), false)`
      : `list_contains(${expr}, ${param})`;
  return wildcard ? `${expr} LIKE ${param} ESCAPE '\\'` : `${expr} = ${param}`;
}

function hasSql(target: Target, params: IndexParams): string {
  switch (target.kind) {
    case 'tag':
      return `list_contains("tags.key", ${params.add(target.key)})`;
    case 'column':
      return `coalesce(${target.sql}, '') != ''`;
    case 'list':
      return `len(${target.sql}) > 0`;
  }
}

function conditionOf(filter: EventFilter, params: IndexParams): string {
  switch (filter.kind) {
    case 'text':
      return `message ILIKE ${params.add(`%${escapeLike(filter.text)}%`)} ESCAPE '\\'`;
    case 'level': {
      const any = filter.values
        .map((level) => `coalesce(level, 'error') = ${params.add(level)}`)
        .join(' OR ');
      return filter.negated ? `NOT (${any})` : `(${any})`;
    }
    case 'has': {
      const sql = hasSql(targetOf(filter.key), params);
      return filter.negated ? `NOT (${sql})` : sql;
    }
    case 'tag': {
      const target = targetOf(filter.key);
      const expr = valueSql(target, params);
      const any = filter.values.map((value) => matchOne(target, expr, value, params)).join(' OR ');
      return filter.negated ? `NOT (${any})` : `(${any})`;
    }
  }
}

/** The WHERE clause (project, not deleted, since, every filter) and its parameters. */
export function indexWhere(
  projectId: number,
  since: number | null,
  filters: readonly EventFilter[],
  groupId?: number,
): { sql: string; params: Record<string, string | number> } {
  const params = new IndexParams();
  const parts = [`project_id = ${params.add(projectId)}`, 'deleted = 0'];
  if (since !== null) parts.push(`"timestamp" >= epoch_ms(${params.add(since)}::BIGINT)`);
  if (groupId !== undefined) parts.push(`group_id = ${params.add(groupId)}`);
  for (const filter of filters) parts.push(conditionOf(filter, params));
  return { sql: parts.join(' AND '), params: params.values };
}
