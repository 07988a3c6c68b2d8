import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  classifyRetry,
  NODEJS_TRANSIENT_ERROR_CODES,
  THROTTLING_ERROR_CODES,
  TRANSIENT_ERROR_CODES,
  TRANSIENT_ERROR_STATUS_CODES,
} from '../../lib/aws/retry';
import { ec2Error, networkError } from './support';

// lib/aws/retry.ts mirrors the SDK's classification rather than importing it (@smithy/core is not a declared
// dependency). This loads the copy the installed EC2 client itself uses and checks both agree, so an SDK upgrade
// that changes what is retried fails here instead of drifting silently.
interface SdkClassification {
  isThrottlingError: (error: unknown) => boolean;
  isTransientError: (error: unknown) => boolean;
}
const sdkEntry = require.resolve('@smithy/core/retry', { paths: [dirname(require.resolve('@aws-sdk/client-ec2'))] });
const sdk = require(sdkEntry) as SdkClassification;

const sdkClass = (error: unknown): string => {
  if (sdk.isThrottlingError(error)) return 'throttling';
  return sdk.isTransientError(error) ? 'transient' : 'none';
};

const corpus: [string, unknown][] = [
  ...THROTTLING_ERROR_CODES.map((code): [string, unknown] => [code, ec2Error(code)]),
  ...TRANSIENT_ERROR_CODES.map((name): [string, unknown] => [name, Object.assign(new Error('t'), { name })]),
  ...NODEJS_TRANSIENT_ERROR_CODES.map((code): [string, unknown] => [code, networkError(code)]),
  ...[400, 401, 403, 404, 409, 429, 500, 501, 502, 503, 504, 505].map((status): [string, unknown] => [
    `HTTP ${status}`,
    ec2Error('SomeCode', status),
  ]),
  ...['UnauthorizedOperation', 'AccessDeniedException', 'InvalidPermission.NotFound', 'TrailNotFoundException', 'ConflictException'].map(
    (code): [string, unknown] => [code, ec2Error(code)],
  ),
  ['AbortError', Object.assign(new Error('aborted'), { name: 'AbortError' })],
  ['cause chain', new Error('outer', { cause: networkError('EPIPE') })],
  ['retryable trait', Object.assign(ec2Error('SomeCode'), { $retryable: {} })],
  ['throttling trait', Object.assign(ec2Error('SomeCode'), { $retryable: { throttling: true } })],
  ['expired signature', Object.assign(ec2Error('InvalidSignatureException'), { message: 'Signature expired: 20260101T000000Z' })],
  ['http2 refused stream', Object.assign(new Error('NGHTTP2_REFUSED_STREAM'), { code: 'ERR_HTTP2_STREAM_ERROR' })],
  ['plain error', new Error('boom')],
];

/** The SDK keeps its code lists module-private; read them from the compiled source it actually runs. */
const sdkList = (name: string): unknown[] => {
  const match = new RegExp(`const ${name} = (\\[[^\\]]*\\]);`).exec(readFileSync(sdkEntry, 'utf8'));
  if (!match?.[1]) throw new Error(`${name} not found in ${sdkEntry}: re-check lib/aws/retry.ts against the SDK`);
  return JSON.parse(match[1].replace(/,\s*\]$/, ']')) as unknown[];
};

describe('retry tables match the installed SDK', () => {
  test('throttling codes', () => {
    expect([...THROTTLING_ERROR_CODES].sort()).toEqual(sdkList('THROTTLING_ERROR_CODES').sort());
  });

  test('transient codes and statuses', () => {
    expect([...TRANSIENT_ERROR_CODES].sort()).toEqual(sdkList('TRANSIENT_ERROR_CODES').sort());
    expect([...TRANSIENT_ERROR_STATUS_CODES]).toEqual(sdkList('TRANSIENT_ERROR_STATUS_CODES'));
  });

  test('Node socket codes', () => {
    const sdkCodes = [...sdkList('NODEJS_TIMEOUT_ERROR_CODES'), ...sdkList('NODEJS_NETWORK_ERROR_CODES')];
    expect([...NODEJS_TRANSIENT_ERROR_CODES].sort()).toEqual(sdkCodes.sort());
  });
});

describe('retry classification matches the installed SDK', () => {
  test.each(corpus)('%s', (_label, error) => {
    expect(classifyRetry(error)).toBe(sdkClass(error));
  });
});
