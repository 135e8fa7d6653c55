/**
 * The one API contract between the renderer and the core: method → params schema → result type.
 * The preload bridge, the HTTP RPC, the renderer client and its react-query hooks are all derived
 * from this object; adding a method is one entry here plus its handler in src-main/core/api/.
 */
import { z } from 'zod';
import type { ErrorPayload } from './errors.ts';

/** A method's params are a runtime schema; its result is a compile-time type only. */
export interface MethodSpec<P extends z.ZodType, R> {
  readonly params: P;
  /** Phantom: never set; carries the result type. */
  readonly result?: R;
}

function method<R>() {
  return <P extends z.ZodType>(params: P): MethodSpec<P, R> => ({ params });
}

const noParams = z.object({}).strict();
const projectId = z.number().int().positive();

export interface AppInfo {
  version: string;
  mode: 'desktop' | 'headless';
  dataDir: string;
  ingestUrl: string;
  nodeVersion: string;
}

export interface ProjectKey {
  id: number;
  publicKey: string;
  label: string;
  isActive: boolean;
  dsn: string;
}

export interface Project {
  id: number;
  slug: string;
  name: string;
  createdAt: string;
  keys: ProjectKey[];
}

export const apiContract = {
  'app.info': method<AppInfo>()(noParams),
  'projects.list': method<Project[]>()(noParams),
  'projects.get': method<Project>()(z.object({ projectId }).strict()),
} as const;

export type ApiContract = typeof apiContract;
export type ApiMethod = keyof ApiContract;
export type ApiParams<M extends ApiMethod> = z.input<ApiContract[M]['params']>;
export type ApiParsedParams<M extends ApiMethod> = z.output<ApiContract[M]['params']>;
export type ApiResult<M extends ApiMethod> =
  ApiContract[M] extends MethodSpec<z.ZodType, infer R> ? R : never;

export const API_METHODS = Object.keys(apiContract) as ApiMethod[];

export function isApiMethod(name: string): name is ApiMethod {
  return Object.hasOwn(apiContract, name);
}

/** Pushed from the core to every UI: the renderer invalidates the matching queries. */
export type LiveEvent =
  | { type: 'hello'; at: string }
  | { type: 'projects.changed' }
  | { type: 'issues.changed'; projectId: number }
  | { type: 'queue.changed'; depth: number };

/** What both transports (Electron IPC and HTTP RPC) look like to the renderer. */
export interface ApiTransport {
  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>>;
  subscribe(listener: (event: LiveEvent) => void): () => void;
}

/** Wire shape of one call's outcome on both transports. */
export type RpcResponse<R> = { result: R } | { error: ErrorPayload };

/** The header carrying the per-launch token of `faultline serve`. */
export const TOKEN_HEADER = 'x-faultline-token';
/** The IPC channel names used by the preload bridge. */
export const IPC_CALL_CHANNEL = 'faultline:call';
export const IPC_LIVE_CHANNEL = 'faultline:live';
