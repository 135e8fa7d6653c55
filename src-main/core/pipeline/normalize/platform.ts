import type { NormalizeStage } from './types.ts';

/** relay-base-schema `VALID_PLATFORMS`: anything else becomes `other`. */
export const VALID_PLATFORMS: ReadonlySet<string> = new Set([
  'as3',
  'c',
  'cfml',
  'cocoa',
  'csharp',
  'elixir',
  'go',
  'groovy',
  'haskell',
  'java',
  'javascript',
  'native',
  'node',
  'objc',
  'other',
  'perl',
  'php',
  'python',
  'ruby',
]);

export const normalizePlatform: NormalizeStage = (event) => {
  const platform = event.platform;
  event.platform = typeof platform === 'string' && VALID_PLATFORMS.has(platform) ? platform : 'other';
};
