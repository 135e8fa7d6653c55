// The built-in stack-trace rules of `all-platforms:2023-01-11`. The 2026 base grew out of it.
import { COMMON_RULES, categoryActions } from './base-common.ts';

export const ALL_PLATFORMS_2023_01_11 = COMMON_RULES + categoryActions('^-group');
