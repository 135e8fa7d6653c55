/**
 * Links made of what an event's sender wrote (a feedback's page, a mechanism's help link) are links
 * only to web pages: any other scheme (`javascript:`, `data:`, `file:`, an OS protocol handler such as
 * `ms-msdt:`) is shown as text.
 */
export function isHttpUrl(text: string | null | undefined): text is string {
  return typeof text === 'string' && /^https?:\/\//i.test(text);
}
