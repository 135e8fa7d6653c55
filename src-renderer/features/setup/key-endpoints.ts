/**
 * What Sentry's Client Key page lists beside the DSN, derived from it as Sentry's `ProjectKey`
 * derives them: the public key, the project id, and the endpoints that take the key in the query
 * (`?sentry_key=`) for senders that cannot set an auth header. Only endpoints Faultline serves are
 * listed (no Unreal Engine crash reporter, no OTLP, no JavaScript loader script).
 */

export interface KeyEndpoint {
  label: string;
  value: string;
  /** What sends there, in a few words. */
  hint: string;
}

export function keyEndpoints(dsn: string): KeyEndpoint[] {
  const url = new URL(dsn);
  const publicKey = url.username;
  const projectId = url.pathname.replace(/^\//, '');
  const base = `${url.protocol}//${url.host}/api/${projectId}`;
  return [
    { label: 'Public Key', value: publicKey, hint: 'the sentry_key of X-Sentry-Auth' },
    { label: 'Project ID', value: projectId, hint: 'the number at the end of the DSN' },
    {
      label: 'Security Header Endpoint',
      value: `${base}/security/?sentry_key=${publicKey}`,
      hint: 'report-uri of a Content-Security-Policy (also Expect-CT, HPKP)',
    },
    {
      label: 'Minidump Endpoint',
      value: `${base}/minidump/?sentry_key=${publicKey}`,
      hint: "Crashpad, Breakpad and Electron's crashReporter upload URL",
    },
    {
      label: 'Cron Check-In URL',
      value: `${base}/cron/<monitor_slug>/${publicKey}/?status=ok`,
      hint: 'a cron job without an SDK: GET or POST with status in_progress, ok or error',
    },
  ];
}
