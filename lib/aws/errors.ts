import { attemptsOf } from './retry';

/** The JSON-able facts of a failed AWS call, for alert details and logs. */
export interface AwsErrorFacts {
  /** The AWS error code (the SDK puts it in `name`), or a Node socket code (`ECONNRESET`) for network failures. */
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly fault?: 'client' | 'server';
  readonly httpStatusCode?: number;
  readonly requestId?: string;
  readonly attempts?: number;
}

interface SdkErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly $fault?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown; readonly requestId?: unknown };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/** The error code AWS returned; network errors (no `$metadata`) are named by their Node code instead. */
export const awsErrorCode = (error: unknown): string => {
  if (typeof error !== 'object' || error === null) return 'UnknownError';
  const shape = error as SdkErrorShape;
  const isServiceError = shape.$fault !== undefined || shape.$metadata?.httpStatusCode !== undefined;
  return (isServiceError ? text(shape.name) : (text(shape.code) ?? text(shape.name))) ?? 'UnknownError';
};

/**
 * Compares codes without the `Client.`/`Server.` prefix some EC2 documentation (and older EC2 responses) put on
 * them, so a table entry `UnauthorizedOperation` also matches `Client.UnauthorizedOperation`.
 */
export const normalizeErrorCode = (code: string): string => code.replace(/^(Client|Server)\./, '');

export const hasErrorCode = (error: unknown, codes: readonly string[]): boolean =>
  codes.includes(normalizeErrorCode(awsErrorCode(error)));

export const describeAwsError = (error: unknown): AwsErrorFacts => {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const status = shape.$metadata?.httpStatusCode;
  const attempts = attemptsOf(error);
  return {
    errorCode: awsErrorCode(error),
    errorMessage: text(shape.message) ?? String(error),
    ...(shape.$fault === 'client' || shape.$fault === 'server' ? { fault: shape.$fault } : {}),
    ...(typeof status === 'number' ? { httpStatusCode: status } : {}),
    ...(text(shape.$metadata?.requestId) ? { requestId: text(shape.$metadata?.requestId) } : {}),
    ...(attempts !== undefined ? { attempts } : {}),
  };
};
