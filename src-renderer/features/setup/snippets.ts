/** SDK set-up snippets for a DSN, as Sentry's onboarding shows them (Node, browser, Python, Electron). */

export interface Snippet {
  id: 'node' | 'browser' | 'python' | 'electron';
  label: string;
  install: string;
  code: string;
}

export function snippetsFor(dsn: string): Snippet[] {
  return [
    {
      id: 'node',
      label: 'Node.js',
      install: 'npm install @sentry/node',
      code: `// instrument.js — import it before anything else
const Sentry = require('@sentry/node');

Sentry.init({
  dsn: '${dsn}',
  sendDefaultPii: true,
  tracesSampleRate: 1.0,
});`,
    },
    {
      id: 'browser',
      label: 'Browser',
      install: 'npm install @sentry/browser',
      code: `import * as Sentry from '@sentry/browser';

Sentry.init({
  dsn: '${dsn}',
  integrations: [Sentry.browserTracingIntegration()],
  tracesSampleRate: 1.0,
});`,
    },
    {
      id: 'python',
      label: 'Python',
      install: 'pip install sentry-sdk',
      code: `import sentry_sdk

sentry_sdk.init(
    dsn="${dsn}",
    send_default_pii=True,
    traces_sample_rate=1.0,
)`,
    },
    {
      id: 'electron',
      label: 'Electron',
      install: 'npm install @sentry/electron',
      code: `// main process (main.js); in the renderer, import from '@sentry/electron/renderer' and call init() without a DSN
const Sentry = require('@sentry/electron/main');

Sentry.init({
  dsn: '${dsn}',
});`,
    },
  ];
}
