import { isIP } from 'node:net';
import { asObject, asString, ensureObject, type JsonObject } from './json.ts';
import type { NormalizeContext, NormalizeStage } from './types.ts';

const AUTO = '{{auto}}';
/** Platforms whose SDKs run on the user's device, so the request IP is the user's (legacy rule). */
const CLIENT_PLATFORMS = new Set(['javascript', 'cocoa', 'objc']);

type InferIp = 'auto' | 'never' | 'legacy';

/** `sdk.settings.infer_ip` (newer SDKs) replaces the platform guess; absent means legacy. */
function inferIpSetting(event: JsonObject): InferIp {
  const value = asObject(asObject(event.sdk)?.settings)?.infer_ip;
  if (value === 'auto' || value === 'never') return value;
  return 'legacy';
}

function validIp(value: string | undefined): value is string {
  return value !== undefined && (value === AUTO || isIP(value) !== 0);
}

/** Replaces `{{auto}}` in `request.env.REMOTE_ADDR` and `user.ip_address` (or drops it for `never`). */
function resolveAuto(event: JsonObject, clientIp: string | undefined, setting: InferIp): void {
  const env = asObject(asObject(event.request)?.env);
  const user = asObject(event.user);
  for (const [holder, key] of [
    [env, 'REMOTE_ADDR'],
    [user, 'ip_address'],
  ] as const) {
    if (holder?.[key] !== AUTO) continue;
    if (setting === 'never') delete holder[key];
    else if (clientIp !== undefined) holder[key] = clientIp;
  }
}

function validateUserIp(event: JsonObject, ctx: NormalizeContext): void {
  const user = asObject(event.user);
  if (!user || user.ip_address === undefined || user.ip_address === null) return;
  if (validIp(asString(user.ip_address))) return;
  ctx.addError('invalid_data', 'user.ip_address', {
    value: user.ip_address,
    reason: 'expected an ip address',
  });
  delete user.ip_address;
}

/**
 * Relay's `normalize_ip_addresses`: resolve `{{auto}}`, copy REMOTE_ADDR into `user.ip_address`,
 * and infer the user's IP from the request when the SDK asks for it (or, for SDKs that predate
 * `infer_ip`, on client platforms).
 */
export const normalizeIpAddresses: NormalizeStage = (event, ctx) => {
  const clientIp = ctx.meta.clientIp && isIP(ctx.meta.clientIp) ? ctx.meta.clientIp : undefined;
  const setting = inferIpSetting(event);
  resolveAuto(event, clientIp, setting);
  validateUserIp(event, ctx);

  const remoteAddr = asString(asObject(asObject(event.request)?.env)?.REMOTE_ADDR);
  const hasUserIp = () => typeof asObject(event.user)?.ip_address === 'string';
  if (remoteAddr !== undefined && isIP(remoteAddr) !== 0) {
    if (!hasUserIp()) ensureObject(event, 'user').ip_address = remoteAddr;
    return;
  }
  if (clientIp === undefined || hasUserIp()) return;
  const platform = asString(event.platform) ?? '';
  if (setting === 'auto' || (setting === 'legacy' && CLIENT_PLATFORMS.has(platform))) {
    ensureObject(event, 'user').ip_address = clientIp;
  }
};
