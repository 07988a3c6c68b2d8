import { CloudTrailServiceException } from '@aws-sdk/client-cloudtrail';
import { EC2ServiceException } from '@aws-sdk/client-ec2';
import { KMSServiceException } from '@aws-sdk/client-kms';
import type { ApplyOptions } from '../../lib/remediation/applier';

// SDK-shaped errors, built the way the SDK's protocol layer builds them: the error code is `name`, `$fault` says
// client or server, `$metadata` carries the HTTP status and request id. aws-sdk-client-mock passes Error
// instances through `rejects` unchanged, so the applier sees exactly these objects.

export const REQUEST_ID = 'req-0000-1111';

/** EC2 has no modelled exceptions: every error is an EC2ServiceException named by its code. */
export const ec2Error = (code: string, httpStatusCode = 400): EC2ServiceException =>
  new EC2ServiceException({
    name: code,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode, requestId: REQUEST_ID },
    message: `${code} (test)`,
  });

/** An unmodelled CloudTrail error (e.g. a 5xx), built like the SDK's fallback for unknown codes. */
export const cloudTrailError = (code: string, httpStatusCode: number): CloudTrailServiceException =>
  new CloudTrailServiceException({
    name: code,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode, requestId: REQUEST_ID },
    message: `${code} (test)`,
  });

/** A KMS error the SDK does not model (AccessDeniedException, ThrottlingException), built like its fallback. */
export const kmsError = (code: string, httpStatusCode = 400): KMSServiceException =>
  new KMSServiceException({
    name: code,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode, requestId: REQUEST_ID },
    message: `${code} (test)`,
  });

/** Metadata for the modelled CloudTrail exceptions (`new TrailNotFoundException({ message, $metadata })`). */
export const metadata = (httpStatusCode = 400) => ({ httpStatusCode, requestId: REQUEST_ID });

/** What a dropped keep-alive socket looks like to the SDK's Node HTTP handler. */
export const networkError = (code = 'ECONNRESET'): Error => Object.assign(new Error('socket hang up'), { code });

/** No real waiting in tests; the waits asked for are recorded. */
export const instantRetry = (): ApplyOptions & { readonly sleeps: number[] } => {
  const sleeps: number[] = [];
  return {
    sleeps,
    retry: {
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
    },
  };
};
