/** Picks the transport (Electron's preload bridge, else HTTP) and provides it to hooks. */
import { createContext, type ReactNode, useContext } from 'react';
import type { ApiMethod, ApiParams, ApiResult, ApiTransport } from '../../src-shared/api.ts';
import { errorFromPayload } from '../../src-shared/errors.ts';
import { createHttpTransport, takeTokenFromLocation } from './http-transport.ts';

declare global {
  interface Window {
    faultline?: ApiTransport;
  }
}

/** Errors from the preload bridge arrive as plain Errors carrying the payload. */
function typedErrors(bridge: ApiTransport): ApiTransport {
  return {
    async call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> {
      try {
        return await bridge.call(method, params);
      } catch (error) {
        throw errorFromPayload((error as { payload?: unknown }).payload);
      }
    },
    subscribe: (listener) => bridge.subscribe(listener),
  };
}

export function createTransport(): ApiTransport {
  if (window.faultline) return typedErrors(window.faultline);
  return createHttpTransport(takeTokenFromLocation());
}

const TransportContext = createContext<ApiTransport | null>(null);

export function TransportProvider({ transport, children }: { transport: ApiTransport; children: ReactNode }) {
  return <TransportContext.Provider value={transport}>{children}</TransportContext.Provider>;
}

export function useTransport(): ApiTransport {
  const transport = useContext(TransportContext);
  if (!transport) throw new Error('useTransport outside TransportProvider');
  return transport;
}
