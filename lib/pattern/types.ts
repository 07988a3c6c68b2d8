/** An EventBridge event pattern as parsed JSON; `validatePattern` proves the shape. */
export type EventPattern = { readonly [key: string]: unknown };

export interface PatternOptions {
  /** Longest accepted `JSON.stringify(pattern)`; 2,048 by default, EventBridge's default quota. */
  maxLength?: number;
}

/** A pattern compiled once and matched many times. */
export interface CompiledPattern {
  readonly pattern: EventPattern;
  /** `event` is the already-parsed JSON event (the EventBridge envelope). */
  matches(event: unknown): boolean;
}
