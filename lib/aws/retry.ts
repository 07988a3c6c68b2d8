import { DEADLINE_DEFAULTS, DeadlineExceededError, invocationDeadline, type InvocationDeadline } from './deadline';

/**
 * Bounded retry around one AWS call. The SDK clients are built with `maxAttempts: 1` (CLIENT_DEFAULTS in
 * lib/aws/client-factory.ts), so this is the only retry layer: attempts never multiply, and because
 * aws-sdk-client-mock stubs `send` (bypassing the SDK's retry middleware) the retry behaviour is testable at the
 * command level.
 *
 * Which errors are retried mirrors the SDK's standard retry mode (`isThrottlingError` / `isTransientError` in
 * @smithy/core/retry, service-error-classification, as installed with @aws-sdk/client-ec2 3.1178.0). It is
 * mirrored rather than imported because @smithy/core is not a declared dependency; tests/remediation/
 * retry-sdk-parity.test.ts compares the two over a corpus of errors so that drift shows up as a failing test.
 *
 * Retrying a remediation call is safe because both calls converge: a repeated revoke of an already revoked rule
 * answers NotFound (which the applier counts as already compliant) and StartLogging is idempotent.
 */

/** Error names the SDK treats as throttling (THROTTLING_ERROR_CODES). */
export const THROTTLING_ERROR_CODES: readonly string[] = [
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
];

/** Error names the SDK treats as transient (TRANSIENT_ERROR_CODES). */
export const TRANSIENT_ERROR_CODES: readonly string[] = ['TimeoutError', 'RequestTimeout', 'RequestTimeoutException'];

/**
 * HTTP statuses the SDK retries (TRANSIENT_ERROR_STATUS_CODES). Other 5xx (501, 505, ...) are "server errors"
 * that the standard mode does not retry: they do not get better by asking again.
 */
export const TRANSIENT_ERROR_STATUS_CODES: readonly number[] = [500, 502, 503, 504];

/** Node socket error codes the SDK retries (NODEJS_TIMEOUT_ERROR_CODES + NODEJS_NETWORK_ERROR_CODES). */
export const NODEJS_TRANSIENT_ERROR_CODES: readonly string[] = [
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
];

/** How long to wait at most before one retry, and how many attempts in all. */
export const RETRY_DEFAULTS = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 5_000 } as const;

export interface RetryOptions {
  /** Attempts in all, the first included (default 4). */
  readonly maxAttempts?: number;
  /** Backoff base: retry n waits up to base * 2^(n-1) ms (default 100). */
  readonly baseDelayMs?: number;
  /** Backoff cap (default 5000 ms). */
  readonly maxDelayMs?: number;
  /** Injected so tests never wait. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Injected so tests can pin the jitter; must return a number in [0, 1). */
  readonly random?: () => number;
  /** Which errors are worth another attempt (default: the SDK standard mode's classification). */
  readonly isRetryable?: (error: unknown) => boolean;
  /** No retry is started that could not begin before this deadline (default: the invocation's, lib/aws/deadline). */
  readonly deadline?: InvocationDeadline;
}

/** A successful call and what it took. */
export interface Attempted<T> {
  readonly result: T;
  readonly attempts: number;
  readonly totalRetryDelayMs: number;
}

export type RetryClass = 'throttling' | 'transient' | 'none';

interface ErrorLike {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly cause?: unknown;
  readonly $retryable?: { readonly throttling?: boolean };
  readonly $metadata?: { readonly httpStatusCode?: number; readonly clockSkewCorrected?: boolean };
}

const asErrorLike = (error: unknown): ErrorLike | undefined =>
  typeof error === 'object' && error !== null ? (error as ErrorLike) : undefined;

const isThrottling = (error: ErrorLike): boolean =>
  error.$metadata?.httpStatusCode === 429 ||
  THROTTLING_ERROR_CODES.includes(String(error.name)) ||
  error.$retryable?.throttling === true;

const isTransient = (error: ErrorLike | undefined, depth = 0): boolean => {
  if (!error || error.name === 'AbortError') return false;
  const message = typeof error.message === 'string' ? error.message : '';
  return (
    error.$retryable !== undefined ||
    error.$metadata?.clockSkewCorrected === true ||
    (error.name === 'InvalidSignatureException' && message.includes('Signature expired')) ||
    TRANSIENT_ERROR_CODES.includes(String(error.name)) ||
    NODEJS_TRANSIENT_ERROR_CODES.includes(String(error.code)) ||
    TRANSIENT_ERROR_STATUS_CODES.includes(error.$metadata?.httpStatusCode ?? 0) ||
    (error.code === 'ERR_HTTP2_STREAM_ERROR' && message.includes('NGHTTP2_REFUSED_STREAM')) ||
    // The SDK wraps socket errors; the retryable one may sit a few causes down.
    (error.cause !== undefined && depth <= 10 && isTransient(asErrorLike(error.cause), depth + 1))
  );
};

/** The SDK standard mode's verdict on an error: throttling and transient errors are retried, nothing else. */
export const classifyRetry = (error: unknown): RetryClass => {
  const candidate = asErrorLike(error);
  if (!candidate) return 'none';
  if (isThrottling(candidate)) return 'throttling';
  return isTransient(candidate) ? 'transient' : 'none';
};

export const isRetryableError = (error: unknown): boolean => classifyRetry(error) !== 'none';

/** Exponential backoff with full jitter: a uniform wait in [0, min(cap, base * 2^(retry-1))). */
export const backoffDelay = (
  retry: number,
  options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'> = {},
): number => {
  const base = options.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs;
  const cap = options.maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs;
  const random = options.random ?? Math.random;
  return Math.floor(random() * Math.min(cap, base * 2 ** Math.max(0, retry - 1)));
};

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface AttemptMetadata {
  attempts?: number;
  totalRetryDelay?: number;
}

/**
 * Records the attempts on the error the way the SDK's own retry middleware does (`$metadata.attempts`,
 * `$metadata.totalRetryDelay`), so the error that is rethrown is the AWS error itself, not a wrapper.
 */
const annotate = (error: unknown, attempts: number, totalRetryDelay: number): Error => {
  const annotated = error instanceof Error ? error : new Error(String(error));
  const carrier = annotated as Error & { $metadata?: AttemptMetadata };
  carrier.$metadata ??= {};
  carrier.$metadata.attempts = attempts;
  carrier.$metadata.totalRetryDelay = totalRetryDelay;
  return annotated;
};

/** How many attempts a call took before it threw (set by `withRetry`). */
export const attemptsOf = (error: unknown): number | undefined => {
  const attempts = (asErrorLike(error)?.$metadata as AttemptMetadata | undefined)?.attempts;
  return typeof attempts === 'number' ? attempts : undefined;
};

/**
 * Runs `call` (typically `() => client.send(command)`) until it succeeds, fails with an error that is not
 * retryable, or runs out of attempts. Throws the last error, with `attemptsOf(error)` set.
 *
 * @example
 * const { result, attempts } = await withRetry(() => ec2.send(new RevokeSecurityGroupIngressCommand(input)));
 */
export const withRetry = async <T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<Attempted<T>> => {
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? RETRY_DEFAULTS.maxAttempts));
  const isRetryable = options.isRetryable ?? isRetryableError;
  const sleep = options.sleep ?? realSleep;
  const deadline = options.deadline ?? invocationDeadline;
  let totalRetryDelayMs = 0;
  let previous: unknown;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return { result: await call(), attempts: attempt, totalRetryDelayMs };
    } catch (error) {
      // A retry refused for lack of time: what made it necessary is the cause worth reporting.
      if (error instanceof DeadlineExceededError && previous !== undefined && error.cause === undefined) {
        Object.defineProperty(error, 'cause', { value: previous, configurable: true, writable: true });
        error.message = `${error.message}; the previous attempt failed: ${previous instanceof Error ? `${previous.name}: ${previous.message}` : String(previous)}`;
      }
      if (attempt >= maxAttempts || !isRetryable(error)) throw annotate(error, attempt, totalRetryDelayMs);
      const delay = backoffDelay(attempt, options);
      if (deadline.remaining(DEADLINE_DEFAULTS.shutdownMs) - delay < DEADLINE_DEFAULTS.minAttemptMs) {
        throw annotate(error, attempt, totalRetryDelayMs);
      }
      previous = error;
      totalRetryDelayMs += delay;
      await sleep(delay);
    }
  }
};
