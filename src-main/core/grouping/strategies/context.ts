// What strategies share while building one event's component trees.
import type { GroupingConfig } from '../config.ts';
import type { ExceptionData, MatchFrame } from '../enhancements/match-frame.ts';
import type { EnhancementRule } from '../enhancements/rules.ts';
import type { EventData, JsonObject } from '../event-data.ts';

export type Variant = 'app' | 'system' | 'default';
export type ComponentsByVariant = Partial<Record<Variant, import('../component.ts').GroupingComponent>>;

export interface GroupingContext {
  config: GroupingConfig;
  event: EventData;
  /** Built-in base rules followed by the project's own rules. */
  rules: EnhancementRule[];
  platform: string;
  /** Set while grouping an exception's stacktrace, for `error.*` matchers. */
  exceptionData: ExceptionData;
  /** Each normalized stack trace's match frames, as the modifier rules left them. */
  matchFrames: ReadonlyMap<JsonObject, readonly MatchFrame[]>;
  /** Written by the exception-group filter; decides which exception titles the issue. */
  mainExceptionId: number | null;
}
