import { classifyRetry, isRetryableError, THROTTLING_ERROR_CODES } from '../../lib/aws/retry';
import { ec2Error, networkError } from './support';

const withStatus = (name: string, httpStatusCode: number) => ec2Error(name, httpStatusCode);

describe('which errors are retried (the SDK standard mode, mirrored)', () => {
  test.each(THROTTLING_ERROR_CODES)('%s is throttling', (code) => {
    expect(classifyRetry(ec2Error(code))).toBe('throttling');
  });

  test('HTTP 429 and the throttling trait are throttling, whatever the code', () => {
    expect(classifyRetry(withStatus('SomethingNew', 429))).toBe('throttling');
    expect(classifyRetry(Object.assign(ec2Error('SomethingNew'), { $retryable: { throttling: true } }))).toBe('throttling');
  });

  test.each([500, 502, 503, 504])('HTTP %i is transient', (status) => {
    expect(classifyRetry(withStatus('InternalError', status))).toBe('transient');
  });

  test.each([501, 505, 599])('HTTP %i is a server error the standard mode does not retry', (status) => {
    expect(classifyRetry(withStatus('NotImplemented', status))).toBe('none');
  });

  test.each(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])(
    'socket error %s is transient',
    (code) => {
      expect(classifyRetry(networkError(code))).toBe('transient');
    },
  );

  test.each(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException'])('%s is transient', (name) => {
    expect(classifyRetry(Object.assign(new Error('timed out'), { name }))).toBe('transient');
  });

  test('a transient error wrapped as a cause is still transient', () => {
    expect(classifyRetry(new Error('request failed', { cause: networkError('ECONNRESET') }))).toBe('transient');
  });

  test('the retryable trait and a corrected clock skew are transient', () => {
    expect(classifyRetry(Object.assign(ec2Error('SomethingNew'), { $retryable: {} }))).toBe('transient');
    // The SDK's signing middleware marks `clockSkewCorrected` (outside the typed ResponseMetadata) after fixing
    // its clock offset; the repeated request then carries a good signature.
    const skewed = ec2Error('AuthFailure', 401);
    Object.assign(skewed.$metadata, { clockSkewCorrected: true });
    expect(classifyRetry(skewed)).toBe('transient');
  });

  test.each([
    'UnauthorizedOperation',
    'AccessDenied',
    'AccessDeniedException',
    'InvalidPermission.NotFound',
    'InvalidGroup.NotFound',
    'TrailNotFoundException',
    'ConflictException',
    'ValidationException',
  ])('%s is not retried', (code) => {
    expect(isRetryableError(ec2Error(code))).toBe(false);
  });

  test('an aborted call and non-errors are not retried', () => {
    expect(isRetryableError(Object.assign(new Error('aborted'), { name: 'AbortError', code: 'ECONNRESET' }))).toBe(false);
    expect(isRetryableError('ThrottlingException')).toBe(false);
    expect(isRetryableError(undefined)).toBe(false);
  });
});
