import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { TrailguardError } from '../errors';

/**
 * How the invocation's remaining time is shared out. Every AWS call gets at most the time left before the
 * invocation ends, minus what must stay for the work after it: `shutdownMs` for writing the logs and metrics of
 * a failed invocation, and, for remediation calls, `alertMs` for publishing the alert that reports them. So a
 * hung revert is cut short in time for the alert that says it failed, and a hung publish fails the invocation
 * (which Lambda retries and finally dead-letters) instead of running into the Lambda timeout unreported.
 */
export const DEADLINE_DEFAULTS = {
  shutdownMs: 1_000,
  // Two publish attempts at the 5 s request timeout.
  alertMs: 10_000,
  // Below this no attempt is started: it could not finish, and starting it would only hide the earlier error.
  minAttemptMs: 250,
} as const;

/** An AWS call that was not attempted because the invocation has no time left for it. */
export class DeadlineExceededError extends TrailguardError {
  public override readonly name = 'DeadlineExceededError';

  public constructor(what: string, remainingMs: number, options?: { cause?: unknown }) {
    super(`${what} not attempted: ${Math.max(0, Math.floor(remainingMs))} ms left before the invocation's deadline`, options);
  }
}

/**
 * The end of the current invocation, set from Lambda's context at the start of each invocation and cleared at
 * its end; outside an invocation (tests, the CLI) there is no deadline. One per container: Lambda runs one
 * invocation at a time per container.
 */
export class InvocationDeadline {
  private endsAt: number | undefined;

  public constructor(private readonly clock: () => number = Date.now) {}

  public start(remainingMs: number): void {
    this.endsAt = Number.isFinite(remainingMs) ? this.clock() + remainingMs : undefined;
  }

  public clear(): void {
    this.endsAt = undefined;
  }

  /** Milliseconds left before the deadline once `reserveMs` is kept back; Infinity when there is no deadline. */
  public remaining(reserveMs = 0): number {
    return this.endsAt === undefined ? Number.POSITIVE_INFINITY : this.endsAt - reserveMs - this.clock();
  }
}

/** The container's deadline: the handler middleware sets it, the AWS clients and the retry loop read it. */
export const invocationDeadline = new InvocationDeadline();

/** Middy middleware: the invocation's deadline from `context.getRemainingTimeInMillis()`. */
export const trackDeadline = (deadline: InvocationDeadline = invocationDeadline): MiddlewareObj<unknown, unknown, Error, Context> => ({
  before: (request) => {
    const remaining = request.context?.getRemainingTimeInMillis?.();
    if (typeof remaining === 'number') deadline.start(remaining);
    else deadline.clear();
  },
  after: () => deadline.clear(),
  onError: () => deadline.clear(),
});
