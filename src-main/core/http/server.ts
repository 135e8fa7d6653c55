/**
 * The one HTTP server of the core: ingest routes for SDKs, and in `faultline serve` also the RPC
 * and the built renderer. Routes are tried in order; the first that recognises a request answers it.
 */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeHttp } from './node-http.ts';
import { normalizePath, type Route, sendJson } from './route.ts';

export interface ListeningServer {
  server: http.Server;
  port: number;
  close(): Promise<void>;
}

export function createHttpServer(routes: Route[], onError: (error: unknown) => void): http.Server {
  const server = nodeHttp.createServer({ keepAliveTimeout: 65_000, requestTimeout: 300_000 }, (req, res) => {
    const { pathname } = normalizePath(req.url);
    void handle(routes, req, res, pathname).catch((error: unknown) => {
      onError(error);
      if (!res.headersSent) sendJson(res, 500, { detail: 'internal server error' });
      else res.destroy();
    });
  });
  return server;
}

async function handle(
  routes: Route[],
  req: http.IncomingMessage,
  res: http.ServerResponse,
  pathname: string,
) {
  for (const route of routes) {
    if (await route(req, res, pathname)) return;
  }
  sendJson(res, 404, { detail: 'not found' });
}

export class PortInUseError extends Error {
  readonly port: number;
  readonly host: string;
  constructor(host: string, port: number) {
    super(
      `port ${port} on ${host} is already in use (another Faultline, Spotlight's sidecar or another program). ` +
        `Quit that program, or start Faultline on another port (--port N, or Settings → Port).`,
    );
    this.name = 'PortInUseError';
    this.host = host;
    this.port = port;
  }
}

export function listen(server: http.Server, host: string, port: number): Promise<ListeningServer> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(host, port) : error);
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address() as AddressInfo;
      resolve({
        server,
        port: address.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
