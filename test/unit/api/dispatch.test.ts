import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src-main/core/api/dispatch.ts';
import { handlers } from '../../../src-main/core/api/handlers.ts';
import { type Core, createCore } from '../../../src-main/core/core.ts';
import { createLogger } from '../../../src-main/core/log.ts';
import { API_METHODS } from '../../../src-shared/api.ts';
import { tempDir } from '../../support/serve.ts';

let core: Core;
beforeAll(async () => {
  core = await createCore({
    dataDir: tempDir(),
    port: 0,
    mode: 'headless',
    log: createLogger({ quiet: true }),
  });
});
afterAll(() => core.close());

describe('the API boundary', () => {
  it('has exactly one handler for every method of the contract', () => {
    expect(Object.keys(handlers).sort()).toEqual([...API_METHODS].sort());
  });

  it('answers a valid call with its result', async () => {
    const response = await dispatch(core.ctx, 'projects.get', { projectId: 1 });
    expect(response).toMatchObject({ result: { id: 1, slug: 'default' } });
  });

  it('rejects params that do not match the contract, naming the field', async () => {
    const response = await dispatch(core.ctx, 'projects.get', { projectId: -3 });
    expect(response).toMatchObject({ error: { type: 'invalid_params' } });
    expect('error' in response && response.error.message).toContain("'projectId'");
    const extra = await dispatch(core.ctx, 'app.info', { surprise: true });
    expect(extra).toMatchObject({ error: { type: 'invalid_params' } });
  });

  it('rejects an unknown method, including inherited object keys', async () => {
    expect(await dispatch(core.ctx, 'toString', {})).toMatchObject({ error: { type: 'unknown_method' } });
    expect(await dispatch(core.ctx, 'nope', {})).toMatchObject({ error: { type: 'unknown_method' } });
  });

  it('gives every DSN the 32-hex public key, the loopback host and the project id', async () => {
    const response = await dispatch(core.ctx, 'projects.list', {});
    const dsn =
      'result' in response ? (response.result as { keys: { dsn: string }[] }[])[0]?.keys[0]?.dsn : '';
    expect(dsn).toMatch(new RegExp(`^http://[0-9a-f]{32}@127\\.0\\.0\\.1:${core.port}/1$`));
  });
});
