/**
 * Relay's web crawlers filter (`web-crawlers`): the request's User-Agent names a known crawler,
 * bot or uptime checker (Slack's link expander `Slackbot 1.x` is let through, as in Relay).
 */
import type { JsonObject } from '../normalize/json.ts';
import { requestUserAgent } from './event-fields.ts';

const WEB_CRAWLERS = new RegExp(
  [
    'Mediapartners-Google',
    'AdsBot-Google',
    'Googlebot',
    'FeedFetcher-Google',
    'BingBot',
    'BingPreview',
    'Baiduspider',
    'Slurp',
    'Sogou',
    'facebook',
    'ia_archiver',
    'bots?[/\\s);]',
    'spider[/\\s);]',
    'Slack',
    'Calypso\\sAppCrawler',
    'pingdom',
    'lyticsbot',
    'AWS\\sSecurity\\sScanner',
    'HubSpot\\sCrawler',
    'Bytespider',
    'Better\\sUptime',
  ].join('|'),
  'i',
);

const ALLOWED_CRAWLERS = /Slackbot\s1\.\d+/i;

export function isFromWebCrawler(event: JsonObject): boolean {
  const userAgent = requestUserAgent(event);
  return userAgent !== undefined && WEB_CRAWLERS.test(userAgent) && !ALLOWED_CRAWLERS.test(userAgent);
}
