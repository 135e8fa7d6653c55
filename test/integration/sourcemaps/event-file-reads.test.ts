/**
 * What an event can make Faultline read when it is shown. Anyone can send one (Spotlight's `/stream`
 * takes events without a key, also from any web page), and its frames' `abs_path` is the sender's
 * choice: the event page (and the Sentry API's event JSON) must not show the lines of a private key,
 * a `.env` or `/etc/passwd`, nor make Faultline request any path of a loopback service. Source code
 * and source maps are still read, as a developer's own stack traces need.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { callApi, startCore } from '../../support/core.ts';
import { tempDir } from '../../support/serve.ts';

type Frame = Record<string, unknown>;

let core: Core;
let home: string;
let service: http.Server;
let serviceOrigin = '';
const requested: string[] = [];

const SECRET = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ-SECRET';

beforeAll(async () => {
  core = await startCore();
  home = tempDir('faultline-home-');
  const write = (name: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(home, name)), { recursive: true });
    fs.writeFileSync(path.join(home, name), text);
  };
  write('.ssh/id_rsa', `-----BEGIN OPENSSH PRIVATE KEY-----\n${SECRET}\n-----END OPENSSH PRIVATE KEY-----\n`);
  write('app/.env', `API_TOKEN=${SECRET}\n`);
  write('.docker/config.json', `{"auths": {"registry": {"auth": "${SECRET}"}}}\n`);
  write('app/server.js', "const a = 1;\nthrow new Error('boom');\n");
  write('app/views.py', "def index(request):\n    raise ValueError('boom')\n");
  // A local service with an API, and a dev server's script.
  service = http.createServer((request, response) => {
    requested.push(request.url ?? '');
    if (request.url === '/assets/app.js') response.end("console.log('dev server');\nthrow new Error('x');\n");
    else response.end(`{"secret": "${SECRET}"}\n`);
  });
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  serviceOrigin = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  await new Promise((resolve) => service.close(resolve));
  await core?.close();
});

/** Posts an event to Spotlight's `/stream` as any web page may (a text/plain body, no key). */
async function sendToStream(event: Record<string, unknown>): Promise<string> {
  const eventId = crypto.randomUUID().replaceAll('-', '');
  const body = [
    JSON.stringify({ event_id: eventId }),
    JSON.stringify({ type: 'event' }),
    JSON.stringify({ event_id: eventId, timestamp: Date.now() / 1000, ...event }),
  ].join('\n');
  const response = await fetch(`${core.url}/stream`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body,
  });
  expect(response.status).toBe(200);
  await core.ctx.pipeline.call('pipeline.drain', {});
  return eventId;
}

function exceptionWith(frames: Frame[]) {
  return { exception: { values: [{ type: 'Error', value: 'boom', stacktrace: { frames } }] } };
}

async function shown(eventId: string) {
  const detail = await callApi(core, 'events.get', { projectId: 1, eventId });
  const event = detail.event as {
    exception: { values: Array<{ stacktrace: { frames: Frame[] } }> };
    errors?: Array<Record<string, unknown>>;
  };
  return { frames: event.exception.values[0]?.stacktrace.frames ?? [], errors: event.errors ?? [], detail };
}

describe('the files an event names', () => {
  it("never shows the lines of a private key, a .env, a JSON config or /etc/passwd, whatever the frame's platform", async () => {
    const targets = [
      path.join(home, '.ssh/id_rsa'),
      `file://${path.join(home, '.ssh/id_rsa')}`,
      path.join(home, 'app/.env'),
      path.join(home, '.docker/config.json'),
      '/etc/passwd',
    ];
    for (const platform of ['python', 'node', 'javascript']) {
      const frames = targets.flatMap((abs_path) =>
        [1, 2].map((lineno) => ({ abs_path, filename: 'x', function: 'f', lineno, in_app: true })),
      );
      const { frames: out, detail } = await shown(await sendToStream({ platform, ...exceptionWith(frames) }));
      const text = JSON.stringify(detail);
      expect(text, platform).not.toContain(SECRET);
      expect(text, platform).not.toContain('PRIVATE KEY');
      expect(text, platform).not.toContain('root:x:0:0');
      expect(
        out.filter((frame) => frame.context_line !== undefined),
        platform,
      ).toEqual([]);
    }
  });

  it('a JavaScript frame naming such a file says why it was not read', async () => {
    const file = path.join(home, '.ssh/id_rsa');
    const { errors } = await shown(
      await sendToStream({
        platform: 'node',
        ...exceptionWith([{ abs_path: file, filename: 'id_rsa', function: 'f', lineno: 1 }]),
      }),
    );
    expect(errors).toContainEqual(
      expect.objectContaining({
        type: 'js_scraping_disabled',
        url: file,
        value: expect.stringContaining('only source code'),
      }),
    );
  });

  it("still shows a developer's own source files from disk, for Node and Python frames", async () => {
    const js = await shown(
      await sendToStream({
        platform: 'node',
        ...exceptionWith([
          { abs_path: path.join(home, 'app/server.js'), filename: 'server.js', lineno: 2, in_app: true },
        ]),
      }),
    );
    expect(js.frames[0]?.context_line).toBe("throw new Error('boom');");
    const py = await shown(
      await sendToStream({
        platform: 'python',
        ...exceptionWith([
          { abs_path: path.join(home, 'app/views.py'), filename: 'views.py', lineno: 2, in_app: true },
        ]),
      }),
    );
    expect(py.frames[0]?.context_line).toBe("    raise ValueError('boom')");
  });

  it('requests only script and map paths of a loopback server, never another path of it', async () => {
    requested.length = 0;
    const { frames, detail } = await shown(
      await sendToStream({
        platform: 'javascript',
        ...exceptionWith([
          { abs_path: `${serviceOrigin}/api/v1/secrets`, filename: 'a', lineno: 1, colno: 1 },
          { abs_path: `${serviceOrigin}/admin/delete?all=1`, filename: 'b', lineno: 1, colno: 1 },
          { abs_path: `${serviceOrigin}/assets/app.js`, filename: 'app.js', lineno: 2, colno: 1 },
        ]),
      }),
    );
    expect(requested).toEqual(['/assets/app.js']);
    expect(JSON.stringify(detail)).not.toContain(SECRET);
    expect(frames).toHaveLength(3);
  });

  it('an event whose file: URL does not decode is shown, not answered with an error', async () => {
    const eventId = await sendToStream({
      platform: 'python',
      ...exceptionWith([
        { abs_path: 'file:///%E0%A4%A.py', filename: 'a.py', function: 'f', lineno: 1 },
        { abs_path: 'file://[/x.py', filename: 'b.py', function: 'g', lineno: 1 },
      ]),
    });
    const { frames } = await shown(eventId);
    expect(frames.map((frame) => frame.function)).toEqual(['f', 'g']);
  });
});
