/**
 * Exposes `window.faultline`: the API contract over `ipcRenderer.invoke`, plus live updates.
 * Generic over the contract, never written out per method.
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  type ApiMethod,
  type ApiParams,
  type ApiResult,
  type ApiTransport,
  IPC_CALL_CHANNEL,
  IPC_LIVE_CHANNEL,
  type LiveEvent,
  type RpcResponse,
} from '../src-shared/api.ts';

const bridge: ApiTransport = {
  async call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> {
    const response = (await ipcRenderer.invoke(IPC_CALL_CHANNEL, method, params)) as RpcResponse<
      ApiResult<M>
    >;
    // Errors cross the bridge as plain payloads; the renderer client turns them into typed errors.
    if ('error' in response)
      throw Object.assign(new Error(response.error.message), { payload: response.error });
    return response.result;
  },
  subscribe(listener: (event: LiveEvent) => void): () => void {
    const handler = (_event: unknown, live: LiveEvent) => listener(live);
    ipcRenderer.on(IPC_LIVE_CHANNEL, handler);
    return () => ipcRenderer.off(IPC_LIVE_CHANNEL, handler);
  },
};

contextBridge.exposeInMainWorld('faultline', bridge);
