/**
 * One base for every error trailguard raises, so callers can tell ours from the SDK's or Node's,
 * and so the original failure always travels along as `cause`.
 */
export class TrailguardError extends Error {
  // Stated, not read from the class: the Lambda bundles are minified without keeping class names, and a logged or
  // dead-lettered error must still say what it is (ConfigError, not Os). Every subclass states its own.
  public override readonly name: string = 'TrailguardError';
}

/** An EventBridge pattern that EventBridge itself would reject. `path` names the offending field. */
export class PatternError extends TrailguardError {
  public override readonly name = 'PatternError';
  public readonly path: string;

  public constructor(path: string, reason: string, options?: { cause?: unknown }) {
    super(`invalid event pattern at ${path}: ${reason}`, options);
    this.path = path;
  }
}

/** A stage parameter or environment variable that cannot be used; `param` names it. */
export class ConfigError extends TrailguardError {
  public override readonly name = 'ConfigError';
  public readonly param: string;

  public constructor(param: string, reason: string, options?: { cause?: unknown }) {
    super(`invalid configuration ${param}: ${reason}`, options);
    this.param = param;
  }
}

/** A rule's classifier threw; the other rules still ran. */
export class RuleError extends TrailguardError {
  public override readonly name = 'RuleError';
  public readonly ruleId: string;

  public constructor(ruleId: string, options?: { cause?: unknown }) {
    const reason = options?.cause instanceof Error ? options.cause.message : String(options?.cause);
    super(`rule ${ruleId} failed: ${reason}`, options);
    this.ruleId = ruleId;
  }
}

/** A remediation that could not be carried out; the event must be retried or dead-lettered. */
export class RemediationError extends TrailguardError {
  public override readonly name = 'RemediationError';
  public readonly action: string;

  public constructor(action: string, reason: string, options?: { cause?: unknown }) {
    super(`remediation ${action} failed: ${reason}`, options);
    this.action = action;
  }
}

/**
 * Something went wrong while responding to an event (a remediation failed, a rule threw, the alert could not be
 * published). Thrown after the alert went out, so Lambda retries the event and, past its retries, the
 * dead-letter queue keeps it. `cause` is an AggregateError of every failure.
 */
export class ResponseFailedError extends TrailguardError {
  public override readonly name = 'ResponseFailedError';
  public readonly eventId: string;

  public constructor(eventId: string, failures: readonly Error[]) {
    super(`responding to event ${eventId} failed: ${failures.map((f) => f.message).join('; ')}`, {
      cause: new AggregateError(failures, `${failures.length} failure(s)`),
    });
    this.eventId = eventId;
  }
}

/** The shared alert-dedup state could not be used (an item it cannot read safely); the alert goes out anyway. */
export class DedupStoreError extends TrailguardError {
  public override readonly name = 'DedupStoreError';
}
