import type { ReleaseAdoption } from '../../../src-shared/releases-api.ts';

/** How the Releases page writes crash-free rates: Sentry's thresholds for green, amber and red. */
export function crashFreeClass(rate: number | null): string {
  if (rate === null) return 'crash-free-none';
  if (rate >= 99) return 'crash-free-good';
  return rate >= 95 ? 'crash-free-fair' : 'crash-free-poor';
}

/** Two decimals as Sentry shows them, without trailing zeros (100%, 99.5%, 33.33%). */
export function formatPercent(percent: number | null): string {
  if (percent === null) return '—';
  return `${Number(percent.toFixed(2))}%`;
}

/** The issue list's search for the issues first seen in `version`. */
export const firstReleaseQuery = (version: string) => `first_release:"${version.replaceAll('"', '\\"')}"`;

/** What a release's adoption counts: its sessions and users of the last 24 hours, and its share of the users. */
export function adoptionTitle(adoption: ReleaseAdoption): string {
  const sessions = `${adoption.sessions24h} ${adoption.sessions24h === 1 ? 'session' : 'sessions'}`;
  const users = `${adoption.users24h} ${adoption.users24h === 1 ? 'user' : 'users'}`;
  return `${sessions} and ${users} in the last 24 hours; ${formatPercent(adoption.users)} of users`;
}
