/**
 * The browser family and major version of a User-Agent, as the ua-parser rules Relay uses name
 * them, for the families the legacy browsers filter knows (IE, Edge, Chrome, Firefox, Safari,
 * Opera, Opera Mini, Android's own browser). Mobile variants get their own family names ("Chrome
 * Mobile", "Mobile Safari"…), which that filter, as Relay's, does not match.
 */

export interface BrowserFamily {
  family: string;
  major: number | undefined;
}

interface Rule {
  re: RegExp;
  family: string;
}

/** First match wins: the more specific tokens come first (Edge and Opera also say Chrome). */
const RULES: Rule[] = [
  { re: /\bOpera Mini(?:\/att)?\/?(\d+)?/, family: 'Opera Mini' },
  { re: /\bIEMobile[ /](\d+)/, family: 'IE Mobile' },
  { re: /\bEdge\/(\d+)/, family: 'Edge' },
  { re: /\bEdg(?:A|iOS)\/(\d+)/, family: 'Edge Mobile' },
  { re: /\bEdg\/(\d+)/, family: 'Edge' },
  { re: /Mobile Safari.*\bOPR\/(\d+)/, family: 'Opera Mobile' },
  { re: /\bOPR\/(\d+)/, family: 'Opera' },
  { re: /\bOpera\/9\.80.*\bVersion\/(\d+)/, family: 'Opera' },
  { re: /\bOpera[ /](\d+)/, family: 'Opera' },
  { re: /\bMSIE (\d+)/, family: 'IE' },
  { re: /\bTrident\/.*\brv:(\d+)/, family: 'IE' },
  { re: /\bFxiOS\/(\d+)/, family: 'Firefox iOS' },
  { re: /\bAndroid.*\bFirefox\/(\d+)/, family: 'Firefox Mobile' },
  { re: /\bFirefox\/(\d+)/, family: 'Firefox' },
  { re: /\bCriOS\/(\d+)/, family: 'Chrome Mobile iOS' },
  { re: /\bHeadlessChrome\/(\d+)/, family: 'HeadlessChrome' },
  { re: /; wv\).*\bChrome\/(\d+)/, family: 'Chrome Mobile WebView' },
  { re: /\bChrome\/(\d+).*\bMobile\b/, family: 'Chrome Mobile' },
  { re: /\bChrome\/(\d+)/, family: 'Chrome' },
  { re: /\b(?:iPhone|iPad|iPod).*\bVersion\/(\d+)/, family: 'Mobile Safari' },
];

/** Android's own browser: its version is Android's. */
const ANDROID_BROWSER = /\bAndroid[ -]?(\d+)?[^)]*\).*\bVersion\/\d+(?:\.\d+)*.*Safari\//;
const MOBILE_SAFARI = /\bVersion\/(\d+)(?:\.\d+)*.*\bMobile\/\S+.*Safari\//;
const SAFARI = /\bVersion\/(\d+)(?:\.\d+)*.*Safari\//;

const major = (text: string | undefined) => (text === undefined ? undefined : Number.parseInt(text, 10));

export function browserFamily(userAgent: string): BrowserFamily | undefined {
  for (const rule of RULES) {
    const match = rule.re.exec(userAgent);
    if (match) return { family: rule.family, major: major(match[1]) };
  }
  const android = ANDROID_BROWSER.exec(userAgent);
  if (android) return { family: 'Android', major: major(android[1]) };
  const mobile = MOBILE_SAFARI.exec(userAgent);
  if (mobile) return { family: 'Mobile Safari', major: major(mobile[1]) };
  const safari = SAFARI.exec(userAgent);
  if (safari) return { family: 'Safari', major: major(safari[1]) };
  return undefined;
}
