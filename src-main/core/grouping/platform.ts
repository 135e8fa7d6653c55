// Behavior families (Sentry's `get_behavior_family_for_platform`): frame rules and strategies
// key off the family rather than the raw platform.

export type BehaviorFamily = 'native' | 'javascript' | 'other';

const FAMILIES: Record<string, BehaviorFamily> = {
  javascript: 'javascript',
  node: 'javascript',
  objc: 'native',
  cocoa: 'native',
  swift: 'native',
  native: 'native',
  c: 'native',
};

export function behaviorFamilyForPlatform(platform: string | null | undefined): BehaviorFamily {
  return (platform && FAMILIES[platform]) || 'other';
}

export const NATIVE_PLATFORMS: readonly string[] = ['objc', 'cocoa', 'swift', 'native', 'c'];
