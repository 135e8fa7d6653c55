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
  /**
   * `performance.issues.render_blocking_assets.fcp_minimum_threshold` / `.fcp_maximum_threshold`
   * / `.fcp_ratio_threshold` / `.size_threshold`; the 1 GB ceiling on an asset's size is fixed.
   */
  renderBlockingAsset: {
    fcpMinimumThreshold: 2000,
    fcpMaximumThreshold: 10_000,
    fcpRatioThreshold: 0.33,
    minimumSizeBytes: 500_000,
    maximumSizeBytes: 1_000_000_000,
  },
  /** `performance.issues.uncompressed_asset.size_threshold` / `.duration_threshold`. */
  uncompressedAssets: { sizeThresholdBytes: 500 * 1024, durationThreshold: 300 },
  /** `performance.issues.large_http_payload.size_threshold`; the minimum span duration is fixed. */
  largeHttpPayload: { payloadSizeThreshold: 300_000, minimumSpanDuration: 100 },
  /** `performance.issues.http_overhead.http_request_delay_threshold`. */
  httpOverhead: { requestDelayThreshold: 500 },
} as const;

/** Sentry's `PERFORMANCE_GROUP_COUNT_LIMIT`: problems kept per transaction at most. */
export const PROBLEMS_PER_TRANSACTION = 10;
