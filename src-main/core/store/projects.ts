/** Projects and their public keys (Sentry's `sentry_project` and `sentry_projectkey`). */
import crypto from 'node:crypto';
import type { Project, ProjectKey } from '../../../src-shared/api.ts';
import type { SqliteDb } from './sqlite.ts';

interface ProjectRow {
  id: number;
  slug: string;
  name: string;
  created_at: number;
}

interface KeyRow {
  id: number;
  project_id: number;
  public_key: string;
  label: string;
  is_active: number;
}

export interface KeyLookup {
  keyId: number;
  projectId: number;
  isActive: boolean;
}

/** A public key as Relay wants it: exactly 32 hex characters, so DSNs also work against real Relay. */
export function generatePublicKey(): string {
  return crypto.randomBytes(16).toString('hex');
}

export function dsnFor(publicKey: string, projectId: number, ingestUrl: string): string {
  const url = new URL(ingestUrl);
  return `${url.protocol}//${publicKey}@${url.host}/${projectId}`;
}

export class ProjectStore {
  readonly #db: SqliteDb;
  readonly #ingestUrl: () => string;

  constructor(db: SqliteDb, ingestUrl: () => string) {
    this.#db = db;
    this.#ingestUrl = ingestUrl;
  }

  /** On first start: project 1, slug `default`, with one random key. Idempotent. */
  ensureDefaultProject(): void {
    const exists = this.#db.prepare('SELECT 1 FROM projects WHERE id = 1').get();
    if (exists) return;
    this.#db.transaction(() => {
      const now = Date.now();
      this.#db
        .prepare('INSERT INTO projects (id, slug, name, created_at) VALUES (1, ?, ?, ?)')
        .run('default', 'Default', now);
      this.#db
        .prepare('INSERT INTO project_keys (project_id, public_key, created_at) VALUES (1, ?, ?)')
        .run(generatePublicKey(), now);
    })();
  }

  list(): Project[] {
    const projects = this.#db
      .prepare<[], ProjectRow>('SELECT id, slug, name, created_at FROM projects ORDER BY id')
      .all();
    const keys = this.#db
      .prepare<[], KeyRow>(
        'SELECT id, project_id, public_key, label, is_active FROM project_keys ORDER BY id',
      )
      .all();
    return projects.map((row) => this.#toProject(row, keys));
  }

  get(projectId: number): Project | undefined {
    return this.list().find((project) => project.id === projectId);
  }

  /** The first active key of a project, for the DSN shown in the tray and on the setup page. */
  defaultDsn(projectId = 1): string | undefined {
    return this.get(projectId)?.keys.find((key) => key.isActive)?.dsn;
  }

  lookupKey(publicKey: string): KeyLookup | undefined {
    const row = this.#db
      .prepare<[string], KeyRow>(
        'SELECT id, project_id, public_key, label, is_active FROM project_keys WHERE public_key = ?',
      )
      .get(publicKey);
    return row ? { keyId: row.id, projectId: row.project_id, isActive: row.is_active === 1 } : undefined;
  }

  #toProject(row: ProjectRow, keys: KeyRow[]): Project {
    const ingestUrl = this.#ingestUrl();
    return {
      id: row.id,
      slug: row.slug,
      name: row.name,
      createdAt: new Date(row.created_at).toISOString(),
      keys: keys
        .filter((key) => key.project_id === row.id)
        .map(
          (key): ProjectKey => ({
            id: key.id,
            publicKey: key.public_key,
            label: key.label,
            isActive: key.is_active === 1,
            dsn: dsnFor(key.public_key, row.id, ingestUrl),
          }),
        ),
    };
  }
}
