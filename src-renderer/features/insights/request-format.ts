/** How the Requests page writes its numbers: requests a minute, shares of responses, domains. */

/** `0.42/min`; a rate under one a hundred minutes is `<0.01/min` rather than a misleading zero. */
export function formatPerMinute(perMinute: number): string {
  if (perMinute === 0) return '0/min';
  if (perMinute < 0.01) return '<0.01/min';
  return `${perMinute.toLocaleString('en-US', { maximumFractionDigits: 2 })}/min`;
}

/** A share as a percentage with two decimals, as Sentry's 3XXs and 5XXs columns show it. */
export const formatShare = (share: number) => `${(share * 100).toFixed(2)}%`;

/** Requests whose domain no URL or address gave are listed, as in Sentry, under this name. */
export const domainLabel = (domain: string) => (domain === '' ? '<unknown domain>' : domain);
