// Managing projects and keys through the API contract, as the UI and the CLI do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src-main/core/api/dispatch.ts';
import { type Core, createCore } from '../../../src-main/core/core.ts';
import { createLogger } from '../../../src-main/core/log.ts';
import type { LiveEvent, Project, ProjectKey } from '../../../src-shared/api.ts';
import { tempDir } from '../../support/serve.ts';

let core: Core;
const live: LiveEvent[] = [];

beforeAll(async () => {
  core = await createCore({
    dataDir: tempDir(),
    port: 0,
    mode: 'headless',
    log: createLogger({ quiet: true }),
  });
  core.ctx.live.subscribe((event) => live.push(event));
});
afterAll(() => core.close());

async function call<R>(method: string, params: unknown): Promise<R> {
  const response = await dispatch(core.ctx, method, params);
  if ('error' in response) throw new Error(`${response.error.type}: ${response.error.message}`);
  return response.result as R;
}

async function errorOf(method: string, params: unknown): Promise<{ type: string; message: string }> {
  const response = await dispatch(core.ctx, method, params);
  if (!('error' in response)) throw new Error(`${method} unexpectedly succeeded`);
  return response.error;
}

/** Runs `action` and returns how many `projects.changed` events it published. */
async function changesDuring(action: () => Promise<unknown>): Promise<number> {
  const before = live.length;
  await action().catch(() => undefined);
  return live.slice(before).filter((event) => event.type === 'projects.changed').length;
}

describe('projects.create', () => {
  it('creates a project with one active key: a new random 32-hex public key and its DSN', async () => {
    const project = await call<Project>('projects.create', { name: 'Checkout Service' });
    expect(project).toMatchObject({ name: 'Checkout Service', slug: 'checkout-service' });
    expect(project.id).toBeGreaterThan(1);
    expect(project.keys).toHaveLength(1);
    const key = project.keys[0]!;
    expect(key.isActive).toBe(true);
    expect(key.publicKey).toMatch(/^[0-9a-f]{32}$/);
    expect(key.dsn).toBe(`http://${key.publicKey}@127.0.0.1:${core.port}/${project.id}`);
    const other = await call<Project>('projects.create', { name: 'Another' });
    expect(other.keys[0]!.publicKey).not.toBe(key.publicKey);
    expect((await call<Project[]>('projects.list', {})).map((p) => p.slug)).toContain('checkout-service');
  });

  it('derives a unique slug from the name when none is given', async () => {
    const first = await call<Project>('projects.create', { name: '  Ünïcode  & Friends!! ' });
    expect(first.slug).toBe('unicode-friends');
    expect(first.name).toBe('Ünïcode  & Friends!!');
    const second = await call<Project>('projects.create', { name: 'Unicode Friends' });
    expect(second.slug).toBe('unicode-friends-2');
    const numeric = await call<Project>('projects.create', { name: '2024' });
    expect(numeric.slug).toBe('project-2024');
  });

  it('takes an explicit slug only if it is lowercase letters, digits and dashes, not all digits, and free', async () => {
    expect((await call<Project>('projects.create', { name: 'Web', slug: 'web-2' })).slug).toBe('web-2');
    for (const slug of ['Web', 'web app', 'web_app', '123', '', 'ü', 'a'.repeat(101)]) {
      const error = await errorOf('projects.create', { name: 'Web', slug });
      expect(error.type, `slug ${JSON.stringify(slug)}`).toBe('invalid_params');
      expect(error.message).toContain('slug');
    }
    const taken = await errorOf('projects.create', { name: 'Web again', slug: 'web-2' });
    expect(taken).toMatchObject({ type: 'conflict' });
    expect(taken.message).toContain("'web-2'");
  });

  it('refuses an empty or overlong name', async () => {
    expect(await errorOf('projects.create', { name: '   ' })).toMatchObject({ type: 'invalid_params' });
    expect(await errorOf('projects.create', { name: 'x'.repeat(201) })).toMatchObject({
      type: 'invalid_params',
    });
    expect(await errorOf('projects.create', {})).toMatchObject({ type: 'invalid_params' });
  });

  it('tells every UI that projects changed, and only when something changed', async () => {
    expect(await changesDuring(() => call('projects.create', { name: 'Live' }))).toBe(1);
    expect(await changesDuring(() => call('projects.create', { name: 'Live', slug: 'live' }))).toBe(0);
  });
});

describe('projects.rename', () => {
  it('changes the name and keeps slug and keys', async () => {
    const project = await call<Project>('projects.create', { name: 'Old Name' });
    const changes = await changesDuring(async () => {
      const renamed = await call<Project>('projects.rename', { projectId: project.id, name: 'New Name' });
      expect(renamed).toMatchObject({ id: project.id, name: 'New Name', slug: 'old-name' });
      expect(renamed.keys).toEqual(project.keys);
    });
    expect(changes).toBe(1);
    expect((await call<Project>('projects.get', { projectId: project.id })).name).toBe('New Name');
  });

  it('reports an unknown project as not_found and an empty name as invalid', async () => {
    expect(await errorOf('projects.rename', { projectId: 9999, name: 'X' })).toMatchObject({
      type: 'not_found',
    });
    expect(await errorOf('projects.rename', { projectId: 1, name: '' })).toMatchObject({
      type: 'invalid_params',
    });
  });
});

describe('projects.createKey and projects.setKeyActive', () => {
  it('adds another active key with its own DSN and label', async () => {
    const project = await call<Project>('projects.create', { name: 'Keys' });
    const key = await call<ProjectKey>('projects.createKey', { projectId: project.id, label: 'CI' });
    expect(key).toMatchObject({ label: 'CI', isActive: true });
    expect(key.publicKey).toMatch(/^[0-9a-f]{32}$/);
    expect(key.publicKey).not.toBe(project.keys[0]!.publicKey);
    expect(key.dsn).toContain(`${key.publicKey}@`);
    const keys = (await call<Project>('projects.get', { projectId: project.id })).keys;
    expect(keys.map((k) => k.label)).toEqual(['Default', 'CI']);
    const unlabeled = await call<ProjectKey>('projects.createKey', { projectId: project.id });
    expect(unlabeled.label).toBe('Default');
    expect(await errorOf('projects.createKey', { projectId: 9999 })).toMatchObject({ type: 'not_found' });
  });

  it('disables and re-enables a key; ingest key lookup follows', async () => {
    const project = await call<Project>('projects.create', { name: 'Toggle' });
    const key = project.keys[0]!;
    const changes = await changesDuring(async () => {
      const disabled = await call<ProjectKey>('projects.setKeyActive', {
        projectId: project.id,
        keyId: key.id,
        active: false,
      });
      expect(disabled).toMatchObject({ id: key.id, isActive: false });
    });
    expect(changes).toBe(1);
    expect(core.ctx.projects.lookupKey(key.publicKey)).toMatchObject({
      projectId: project.id,
      isActive: false,
    });
    await call('projects.setKeyActive', { projectId: project.id, keyId: key.id, active: true });
    expect(core.ctx.projects.lookupKey(key.publicKey)?.isActive).toBe(true);
  });

  it('refuses a key of another project', async () => {
    const a = await call<Project>('projects.create', { name: 'A side' });
    const b = await call<Project>('projects.create', { name: 'B side' });
    const error = await errorOf('projects.setKeyActive', {
      projectId: a.id,
      keyId: b.keys[0]!.id,
      active: false,
    });
    expect(error.type).toBe('not_found');
    expect(core.ctx.projects.lookupKey(b.keys[0]!.publicKey)?.isActive).toBe(true);
  });
});
