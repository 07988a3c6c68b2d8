import { attemptsOf, backoffDelay, RETRY_DEFAULTS, withRetry } from '../../lib/aws/retry';
import { ec2Error } from './support';

const recordingSleep = () => {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms: number) => void sleeps.push(ms) };
};

describe('backoff: exponential with full jitter', () => {
  test('the defaults: 4 attempts, base 100 ms, cap 5 s', () => {
    expect(RETRY_DEFAULTS).toEqual({ maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 5_000 });
  });

  test('the ceiling doubles per retry from the base, up to the cap', () => {
    const almostOne = () => 0.999_999;
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((retry) => backoffDelay(retry, { random: almostOne }))).toEqual([
      99, 199, 399, 799, 1599, 3199, 4999, 4999,
    ]);
  });

  test('the wait is uniform from zero: full jitter, never negative, never above the ceiling', () => {
    for (let retry = 1; retry <= 12; retry += 1) {
      const ceiling = Math.min(5_000, 100 * 2 ** (retry - 1));
      expect(backoffDelay(retry, { random: () => 0 })).toBe(0);
      expect(backoffDelay(retry, { random: () => 0.5 })).toBe(Math.floor(ceiling / 2));
      expect(backoffDelay(retry, { random: Math.random })).toBeLessThan(ceiling);
    }
  });
});

describe('withRetry', () => {
  test('retries a retryable error with growing waits, and reports the attempts', async () => {
    // Prepare
    const { sleeps, sleep } = recordingSleep();
    const call = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(ec2Error('RequestLimitExceeded'))
      .mockRejectedValueOnce(ec2Error('RequestLimitExceeded'))
      .mockResolvedValueOnce('done');

    // Act
    const outcome = await withRetry(call, { sleep, random: () => 0.999_999 });

    // Assess
    expect(outcome).toEqual({ result: 'done', attempts: 3, totalRetryDelayMs: 99 + 199 });
    expect(sleeps).toEqual([99, 199]);
  });

  test('gives up after maxAttempts and throws the last error itself, with the attempts on it', async () => {
    // Prepare
    const { sleeps, sleep } = recordingSleep();
    const errors = [1, 2, 3, 4].map(() => ec2Error('ThrottlingException'));
    const call = jest.fn<Promise<never>, []>();
    for (const error of errors) call.mockRejectedValueOnce(error);

    // Act
    const thrown = await withRetry(call, { sleep }).catch((error: unknown) => error);

    // Assess
    expect(call).toHaveBeenCalledTimes(4);
    expect(sleeps).toHaveLength(3);
    expect(thrown).toBe(errors[3]);
    expect(attemptsOf(thrown)).toBe(4);
  });

  test('a non-retryable error is thrown after one attempt, without waiting', async () => {
    // Prepare
    const { sleeps, sleep } = recordingSleep();
    const denied = ec2Error('UnauthorizedOperation', 403);
    const call = jest.fn<Promise<never>, []>().mockRejectedValue(denied);

    // Act
    const thrown = await withRetry(call, { sleep }).catch((error: unknown) => error);

    // Assess
    expect(call).toHaveBeenCalledTimes(1);
    expect(sleeps).toEqual([]);
    expect(thrown).toBe(denied);
    expect(attemptsOf(thrown)).toBe(1);
  });

  test('maxAttempts is honoured, and never below one', async () => {
    // Prepare
    const { sleep } = recordingSleep();
    const twice = jest.fn<Promise<never>, []>().mockRejectedValue(ec2Error('Throttling'));
    const once = jest.fn<Promise<never>, []>().mockRejectedValue(ec2Error('Throttling'));

    // Act
    await withRetry(twice, { sleep, maxAttempts: 2 }).catch(() => undefined);
    await withRetry(once, { sleep, maxAttempts: 0 }).catch(() => undefined);

    // Assess
    expect(twice).toHaveBeenCalledTimes(2);
    expect(once).toHaveBeenCalledTimes(1);
  });

  test('a thrown non-Error still comes back as an Error carrying the attempts', async () => {
    // Act
    const thrown = await withRetry(() => Promise.reject('boom')).catch((error: unknown) => error);

    // Assess
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).toBe('boom');
    expect(attemptsOf(thrown)).toBe(1);
  });

  test('the default sleep is a real timer: it waits the jittered delay', async () => {
    // Prepare
    jest.useFakeTimers();
    const call = jest.fn<Promise<string>, []>().mockRejectedValueOnce(ec2Error('Throttling')).mockResolvedValueOnce('ok');

    // Act
    const pending = withRetry(call, { random: () => 0.5 });
    await jest.advanceTimersByTimeAsync(49);
    const callsBeforeDelay = call.mock.calls.length;
    await jest.advanceTimersByTimeAsync(1);
    const outcome = await pending;
    jest.useRealTimers();

    // Assess
    expect(callsBeforeDelay).toBe(1);
    expect(outcome).toEqual({ result: 'ok', attempts: 2, totalRetryDelayMs: 50 });
  });
});
