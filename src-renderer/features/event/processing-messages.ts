/**
 * Sentry's words for the JavaScript processing errors (its `EventError` messages), shown in the
 * processing errors banner in place of the bare type; `js_file_changed` is Faultline's own (a file on
 * this machine or a dev server changed after the event, so its source map may no longer fit).
 */
const MESSAGES: Record<string, string> = {
  js_generic_fetch_error: 'Unable to fetch resource',
  js_invalid_url: 'URL is invalid',
  js_invalid_http_code: 'HTTP request returned error response',
  js_no_source: 'Source code was not found',
  js_invalid_sourcemap: 'Sourcemap was invalid or not parseable',
  js_too_many_sources: 'The maximum number of remote source requests was made',
  js_invalid_sourcemap_location: 'Location from stackframe mapped to an invalid location in original code',
  js_fetch_too_large: 'Remote file too large for downloading',
  js_fetch_timeout: 'Remote file took too long to load',
  js_scraping_disabled: 'Web scraping is disabled',
  js_missing_sources_content: 'Source map is missing the source content',
  js_file_changed: 'File changed after the event: its source map may no longer fit',
};

export function processingErrorMessage(type: string | undefined): string | undefined {
  return type === undefined ? undefined : MESSAGES[type];
}
