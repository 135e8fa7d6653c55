import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeSettings } from '../../../src-main/core/settings/settings-store.ts';
import { openSqlite } from '../../../src-main/core/store/sqlite.ts';
import { runCli } from '../../support/cli.ts';
import { request } from '../../support/http.ts';
import { type RunningServe, startServe, tempDir } from '../../support/serve.ts';

const running: RunningServe[] = [];
async function serve(options?: Parameters<typeof startServe>[0]): Promise<RunningServe> {
  const server = await startServe(options);
  running.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop('SIGKILL')));
});

function rpc(server: RunningServe, method: string, params: unknown, headers: Record<string, string> = {}) {
  return request(`${server.info.url}/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-faultline-token': server.info.token, ...headers },
    body: JSON.stringify(params),
  });
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('faultline serve', () => {
  it('writes server.json (mode 0600) with url, port, token, a DSN for project 1 and its pid, and prints URL and DSN', async () => {
    const server = await serve();
    const file = path.join(server.dataDir, 'server.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const { info } = server;
    expect(info.url).toBe(`http://127.0.0.1:${info.port}`);
    expect(info.port).toBeGreaterThan(0);
    expect(info.token).toMatch(/^[0-9a-f]{32,}$/);
    expect(info.dsn).toMatch(new RegExp(`^http://[0-9a-f]{32}@127\\.0\\.0\\.1:${info.port}/1$`));
    expect(info.pid).toBe(server.proc.pid);
    expect(server.stdout()).toContain(`${info.url}/#token=${info.token}`);
    expect(server.stdout()).toContain(info.dsn);
  });

  it('creates project 1 (slug default) on first start and keeps its key across restarts', async () => {
    const dataDir = tempDir();
    const first = await serve({ dataDir });
    const projects = JSON.parse((await rpc(first, 'projects.list', {})).body).result;
    expect(projects).toHaveLength(1);
    expect(projects[0]).toMatchObject({ id: 1, slug: 'default' });
    expect(projects[0].keys[0].publicKey).toMatch(/^[0-9a-f]{32}$/);
    expect(await first.stop('SIGTERM')).toBe(0);

    const second = await serve({ dataDir });
    const again = JSON.parse((await rpc(second, 'projects.list', {})).body).result;
    expect(again[0].keys[0].publicKey).toBe(projects[0].keys[0].publicKey);
  });

  it('answers an RPC call without the token with 401', async () => {
    const server = await serve();
    const response = await request(`${server.info.url}/rpc/app.info`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body).error.type).toBe('unauthorized');
    const wrong = await rpc(server, 'app.info', {}, { 'x-faultline-token': 'f'.repeat(48) });
    expect(wrong.status).toBe(401);
  });

  it('refuses a Host header that is not loopback with our port (DNS rebinding)', async () => {
    const server = await serve();
    for (const host of ['evil.example', `evil.example:${server.info.port}`, '127.0.0.1:1']) {
      const response = await rpc(server, 'app.info', {}, { host });
      expect(response.status, host).toBe(403);
      expect(JSON.parse(response.body).error.type).toBe('forbidden');
    }
    for (const host of [`127.0.0.1:${server.info.port}`, `localhost:${server.info.port}`]) {
      expect((await rpc(server, 'app.info', {}, { host })).status, host).toBe(200);
    }
  });

  it('refuses cross-origin requests, and never approves a CORS preflight', async () => {
    const server = await serve();
    const crossOrigin = await rpc(server, 'app.info', {}, { origin: 'http://evil.example' });
    expect(crossOrigin.status).toBe(403);
    const crossSite = await rpc(server, 'app.info', {}, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const preflight = await request(`${server.info.url}/rpc/app.info`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const sameOrigin = await rpc(server, 'app.info', {}, { origin: server.info.url });
    expect(sameOrigin.status).toBe(200);
  });

  it('validates params at the boundary and answers errors as {error: {type, message}}', async () => {
    const server = await serve();
    const bad = await rpc(server, 'projects.get', { projectId: 'one' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toMatchObject({ type: 'invalid_params' });
    expect(JSON.parse(bad.body).error.message).toContain('projectId');
    const missing = await rpc(server, 'projects.get', { projectId: 99 });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body).error.type).toBe('not_found');
    const unknown = await rpc(server, 'no.such.method', {});
    expect(JSON.parse(unknown.body).error.type).toBe('unknown_method');
  });

  it('streams live updates as server-sent events on GET /rpc/events', async () => {
    const server = await serve();
    const response = await fetch(`${server.info.url}/rpc/events`, {
      headers: { 'x-faultline-token': server.info.token },
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toMatch(/^event: hello\ndata: \{"type":"hello"/);
    await reader.cancel();
  });

  it('listens on 127.0.0.1 only unless --host says otherwise', async () => {
    const server = await serve();
    expect(await canConnect('127.0.0.1', server.info.port)).toBe(true);
    expect(await canConnect('127.0.0.2', server.info.port)).toBe(false);
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((address) => address && !address.internal && address.family === 'IPv4');
    if (external) expect(await canConnect(external.address, server.info.port)).toBe(false);
    else console.warn('no non-loopback IPv4 interface on this machine: checked 127.0.0.2 only');

    const other = await serve({ args: ['--port', '0', '--host', '127.0.0.2'] });
    expect(await canConnect('127.0.0.2', other.info.port)).toBe(true);
    expect(await canConnect('127.0.0.1', other.info.port)).toBe(false);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'shuts down cleanly on %s within 5 s and removes server.json',
    async (signal) => {
      const server = await serve();
      const started = Date.now();
      const code = await server.stop(signal);
      expect(code).toBe(0);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(fs.existsSync(path.join(server.dataDir, 'server.json'))).toBe(false);
    },
  );

  it('listens on the port saved in Settings when --port is not given', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const free = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const dataDir = tempDir();
    const db = openSqlite(dataDir);
    writeSettings(db, { port: free });
    db.close();
    const server = await serve({ dataDir, args: [] });
    expect(server.info.port).toBe(free);
  });

  it('says which port is taken and what to do when it is', async () => {
    const first = await serve();
    const dataDir = tempDir();
    await expect(startServe({ dataDir, args: ['--port', String(first.info.port)] })).rejects.toThrow(
      new RegExp(`port ${first.info.port} .*already in use.*--port`),
    );
  });

  it('says a --host that is no address of this machine cannot be listened on, and what to give instead', async () => {
    // 192.0.2.0/24 is reserved for documentation: no machine has it; .invalid never resolves.
    for (const host of ['192.0.2.7', 'faultline-test.invalid']) {
      const run = await runCli(['serve', '--data-dir', tempDir(), '--host', host, '--port', '0']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`cannot listen on ${host}`);
      expect(run.stderr).toContain('Give --host an address of this machine');
    }
  });
});
