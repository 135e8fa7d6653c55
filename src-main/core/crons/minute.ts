/** Sentry's monitors work to the minute: expected times, margins and timeouts are cut to it. */
export const MINUTE = 60_000;

export const floorMinute = (ms: number): number => Math.floor(ms / MINUTE) * MINUTE;
