import { asString, isObject, type JsonObject, lenientString } from './json.ts';
import type { NormalizeStage } from './types.ts';

/** The attributes of Relay's `User` interface; anything else moves into `user.data`. */
const USER_ATTRIBUTES = new Set([
  'id',
  'email',
  'ip_address',
  'username',
  'name',
  'sentry_user',
  'geo',
  'segment',
  'data',
]);

/** Relay's `User::get_tag_value`: the identifier Sentry shows as the `sentry:user` tag. */
export function sentryUserTag(user: JsonObject): string | undefined {
  for (const [field, prefix] of [
    ['id', 'id'],
    ['username', 'username'],
    ['email', 'email'],
    ['ip_address', 'ip'],
  ] as const) {
    const value = asString(user[field]);
    if (value) return `${prefix}:${value}`;
  }
  return undefined;
}

/**
 * Relay's `normalize_user`: unknown fields move into `user.data`, `id` is a lenient string, and
 * `sentry_user` is derived. An empty user object is removed.
 */
export const normalizeUser: NormalizeStage = (event) => {
  const user = event.user;
  if (!isObject(user)) {
    delete event.user;
    return;
  }
  const other = Object.keys(user).filter((key) => !USER_ATTRIBUTES.has(key));
  if (other.length > 0) {
    const data: JsonObject = isObject(user.data) ? user.data : {};
    for (const key of other) {
      data[key] = user[key] ?? null;
      delete user[key];
    }
    user.data = data;
  }
  if (user.id !== undefined && user.id !== null) {
    const id = lenientString(user.id);
    if (id === undefined || id === '') delete user.id;
    else user.id = id;
  }
  const tag = sentryUserTag(user);
  if (tag !== undefined) user.sentry_user = tag;
  if (Object.keys(user).length === 0) delete event.user;
};
