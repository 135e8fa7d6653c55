/**
 * SDK set-up snippets for a DSN, as Sentry's onboarding shows them: the install command and the
 * smallest `init` that sends errors to this DSN, per platform a local developer uses. Only the
 * DSN differs from Sentry's own: nothing else here needs an account.
 */

export const SNIPPET_IDS = [
  'node',
  'browser',
  'python',
  'electron',
  'nextjs',
  'react-native',
  'go',
  'ruby',
  'php',
  'java',
  'dotnet',
  'rust',
  'env',
] as const;
export type SnippetId = (typeof SNIPPET_IDS)[number];

export interface Snippet {
  id: SnippetId;
  label: string;
  install: string;
  code: string;
  /** What differs on this machine from a hosted Sentry, when something does. */
  note?: string;
}

/** The DSN with its host replaced: an Android emulator reaches the host's loopback at 10.0.2.2. */
function withHost(dsn: string, host: string): string {
  try {
    const url = new URL(dsn);
    if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') return dsn;
    url.hostname = host;
    return url.toString();
  } catch {
    return dsn;
  }
}

export function snippetsFor(dsn: string): Snippet[] {
  const emulatorDsn = withHost(dsn, '10.0.2.2');
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
    {
      id: 'nextjs',
      label: 'Next.js',
      install: 'npm install @sentry/nextjs',
      code: `// instrumentation-client.ts (the browser), sentry.server.config.ts and sentry.edge.config.ts
import * as Sentry from '@sentry/nextjs';

Sentry.init({
  dsn: '${dsn}',
  tracesSampleRate: 1.0,
});

// instrumentation.ts
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') await import('./sentry.server.config');
  if (process.env.NEXT_RUNTIME === 'edge') await import('./sentry.edge.config');
}
export const onRequestError = Sentry.captureRequestError;`,
      note: "Sentry's wizard (npx @sentry/wizard -i nextjs) asks for a sentry.io login: set the files up by hand as above. withSentryConfig in next.config is only needed to upload source maps.",
    },
    {
      id: 'react-native',
      label: 'React Native',
      install: 'npm install @sentry/react-native',
      code: `import * as Sentry from '@sentry/react-native';
import { Platform } from 'react-native';

Sentry.init({
  // The Android emulator reaches this machine's loopback at 10.0.2.2
  dsn: Platform.OS === 'android' ? '${emulatorDsn}' : '${dsn}',
});

export default Sentry.wrap(App);`,
      note: 'A phone on the network reaches Faultline only when it listens there: start it with --host 0.0.0.0 and use this machine’s address in the DSN.',
    },
    {
      id: 'go',
      label: 'Go',
      install: 'go get github.com/getsentry/sentry-go',
      code: `err := sentry.Init(sentry.ClientOptions{
	Dsn: "${dsn}",
})
if err != nil {
	log.Fatalf("sentry.Init: %s", err)
}
// Events are sent in the background: wait for them before the program exits.
defer sentry.Flush(2 * time.Second)`,
    },
    {
      id: 'ruby',
      label: 'Ruby',
      install: 'bundle add sentry-ruby   # Rails: bundle add sentry-ruby sentry-rails',
      code: `# config/initializers/sentry.rb in Rails
Sentry.init do |config|
  config.dsn = "${dsn}"
  config.send_default_pii = true
end`,
    },
    {
      id: 'php',
      label: 'PHP',
      install: 'composer require sentry/sentry   # Laravel: composer require sentry/sentry-laravel',
      code: `\\Sentry\\init([
    'dsn' => '${dsn}',
    'send_default_pii' => true,
]);

// Laravel: in .env instead
// SENTRY_LARAVEL_DSN=${dsn}`,
    },
    {
      id: 'java',
      label: 'Java',
      install:
        'Add io.sentry:sentry from Maven Central (Spring Boot: io.sentry:sentry-spring-boot-starter-jakarta)',
      code: `import io.sentry.Sentry;

Sentry.init(options -> {
  options.setDsn("${dsn}");
});

// Spring Boot: in application.properties instead
// sentry.dsn=${dsn}`,
    },
    {
      id: 'dotnet',
      label: '.NET',
      install: 'dotnet add package Sentry   # ASP.NET Core: Sentry.AspNetCore',
      code: `using Sentry;

SentrySdk.Init(options =>
{
    options.Dsn = "${dsn}";
});

// ASP.NET Core: builder.WebHost.UseSentry(options => options.Dsn = "${dsn}");`,
    },
    {
      id: 'rust',
      label: 'Rust',
      install: 'cargo add sentry',
      code: `// Keep the guard alive until main returns: dropping it sends what is queued.
let _guard = sentry::init((
    "${dsn}",
    sentry::ClientOptions {
        release: sentry::release_name!(),
        ..Default::default()
    },
));`,
    },
    {
      id: 'env',
      label: 'SENTRY_DSN',
      install: '# Server SDKs read the DSN from the environment when init() is given none',
      code: `export SENTRY_DSN='${dsn}'`,
      note: 'Read by the Node, Python, Go, Ruby, PHP, Java, .NET and Rust SDKs and by sentry-cli (sentry-cli send-event -m "hello").',
    },
  ];
}
