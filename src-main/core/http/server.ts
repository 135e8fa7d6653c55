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

/** The server could not listen where it was told to: the message says why and what to do. */
export class ListenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ListenError';
  }
}

export class PortInUseError extends ListenError {
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

/** Node's listen error in the user's words, when it is about the host or port given. */
function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  switch (error.code) {
    case 'EADDRINUSE':
      return new PortInUseError(host, port);
    case 'EACCES':
      return new ListenError(
        `port ${port} on ${host} needs privileges this user lacks (ports below 1024 do on most systems). ` +
          'Start Faultline on another port (--port N, or Settings → Port).',
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ListenError(
        `cannot listen on ${host} (${error.code === 'EADDRNOTAVAIL' ? 'no interface of this machine has that address' : 'no such host'}). ` +
          'Give --host an address of this machine: 127.0.0.1 (the default), or 0.0.0.0 for every interface.',
      );
    default:
      return error;
  }
}

export function listen(server: http.Server, host: string, port: number): Promise<ListeningServer> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(listenError(error, host, port));
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
