// The registered grouping configs (Sentry's `strategies/configurations.py`). The two configs run the
// same strategies and differ only in the context flags and the enhancements base below.

export const WINTER_2023_GROUPING_CONFIG = 'newstyle:2023-01-11';
export const FALL_2025_GROUPING_CONFIG = 'newstyle:2026-01-20';
export const DEFAULT_GROUPING_CONFIG = FALL_2025_GROUPING_CONFIG;
export const GROUPING_CONFIG_IDS = [FALL_2025_GROUPING_CONFIG, WINTER_2023_GROUPING_CONFIG] as const;

export type GroupingConfigId = (typeof GROUPING_CONFIG_IDS)[number];

export interface GroupingConfig {
  id: GroupingConfigId;
  enhancementsBase: 'all-platforms:2023-01-11' | 'all-platforms:2026-01-20';
  fingerprintingBases: readonly string[];
  /** 2023: exception children are `[stacktrace, type, ns_error, value]`. */
  useLegacyExceptionSubcomponentOrder: boolean;
  /** 2023 inverted the "single JS frame without a function" URL test. */
  handleJsSingleFrameUrlOriginBackwards: boolean;
  preventPythonMultiprocessingContextLineParameterization: boolean;
  /** 2023 keeps unknown fingerprint variables verbatim. */
  useLegacyUnknownVariableHandling: boolean;
  normalizeMessage: boolean;
  contextLinePlatforms: readonly string[];
}

const BASE = {
  fingerprintingBases: ['javascript@2024-02-02'],
  normalizeMessage: true,
  contextLinePlatforms: ['javascript', 'node', 'python', 'php', 'ruby'],
} as const;

const CONFIGS: Record<GroupingConfigId, GroupingConfig> = {
  [WINTER_2023_GROUPING_CONFIG]: {
    ...BASE,
    id: WINTER_2023_GROUPING_CONFIG,
    enhancementsBase: 'all-platforms:2023-01-11',
    useLegacyExceptionSubcomponentOrder: true,
    handleJsSingleFrameUrlOriginBackwards: true,
    preventPythonMultiprocessingContextLineParameterization: true,
    useLegacyUnknownVariableHandling: true,
  },
  [FALL_2025_GROUPING_CONFIG]: {
    ...BASE,
    id: FALL_2025_GROUPING_CONFIG,
    enhancementsBase: 'all-platforms:2026-01-20',
    useLegacyExceptionSubcomponentOrder: false,
    handleJsSingleFrameUrlOriginBackwards: false,
    preventPythonMultiprocessingContextLineParameterization: false,
    useLegacyUnknownVariableHandling: false,
  },
};

export class UnknownGroupingConfigError extends Error {
  readonly type = 'unknown_grouping_config';
  readonly configId: string;
  constructor(configId: string) {
    super(`unknown grouping config: ${configId}`);
    this.configId = configId;
  }
}

export function isGroupingConfigId(id: string): id is GroupingConfigId {
  return (GROUPING_CONFIG_IDS as readonly string[]).includes(id);
}

export function getGroupingConfig(id: string = DEFAULT_GROUPING_CONFIG): GroupingConfig {
  if (!isGroupingConfigId(id)) throw new UnknownGroupingConfigError(id);
  return CONFIGS[id];
}
