/**
 * Sentry's default detection thresholds (`get_detection_settings` over the system options'
 * defaults in `sentry/options/defaults.py` and the project defaults, every detector enabled).
 * Durations in milliseconds.
 */
export const DETECTION_SETTINGS = {
  nPlusOneDb: { count: 5, durationThreshold: 50 },
  nPlusOneApiCalls: { totalDuration: 300, concurrencyThreshold: 5, count: 10 },
  slowDbQuery: { durationThreshold: 500 },
  consecutiveHttp: {
    spanDurationThreshold: 500,
    minTimeSaved: 2000,
    consecutiveCountThreshold: 3,
    maxDurationBetweenSpans: 500,
  },
  consecutiveDb: {
    minTimeSaved: 100,
    minTimeSavedRatio: 0.1,
    spanDurationThreshold: 30,
    consecutiveCountThreshold: 2,
  },
} as const;

/** Sentry's `PERFORMANCE_GROUP_COUNT_LIMIT`: problems kept per transaction at most. */
export const PROBLEMS_PER_TRANSACTION = 10;
