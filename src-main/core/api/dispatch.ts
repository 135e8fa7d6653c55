/**
 * The boundary every transport goes through: the method must exist, the params must match the
 * contract's schema, and whatever goes wrong comes back as a typed error payload.
 */
import { type ApiMethod, apiContract, isApiMethod, type RpcResponse } from '../../../src-shared/api.ts';
import { FaultlineError } from '../../../src-shared/errors.ts';
import type { CoreContext } from '../context.ts';
import { damagedFileError } from '../store/damaged-file.ts';
import { type Handler, handlers } from './handlers.ts';

export async function dispatch(
  ctx: CoreContext,
  method: string,
  rawParams: unknown,
): Promise<RpcResponse<unknown>> {
  try {
    if (!isApiMethod(method)) throw new FaultlineError('unknown_method', `unknown method '${method}'`);
    const parsed = apiContract[method].params.safeParse(rawParams ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` at '${issue.path.join('.')}'` : '';
      throw new FaultlineError(
        'invalid_params',
        `invalid params for ${method}${where}: ${issue?.message ?? 'invalid'}`,
      );
    }
    const handler = handlers[method] as Handler<ApiMethod>;
    return { result: await handler(parsed.data as never, ctx) };
  } catch (error) {
    const damaged =
      error instanceof FaultlineError && error.type !== 'internal'
        ? undefined
        : damagedFileError(error, ctx.dataDir);
    if (damaged) {
      ctx.log.error(`rpc ${method} failed: ${damaged.message}`);
      return { error: damaged.toPayload() };
    }
    if (error instanceof FaultlineError) return { error: error.toPayload() };
    ctx.log.error(`rpc ${method} failed`, error);
    return { error: { type: 'internal', message: (error as Error).message ?? 'internal error' } };
  }
}
