import { STSClient } from '@aws-sdk/client-sts';
import { CLIENT_DEFAULTS } from '../../aws/client-factory';
import { MemberAccess, type MemberAccessOptions } from '../../aws/member-access';
import type { ResponderId } from '../../functions';
import type { ActionApplier } from '../../remediation/applier';
import { functionWiring, type ResponderWiring } from './function-wiring';

/**
 * The wiring of a function that remediates: functionWiring's, plus how a central stage reaches member accounts
 * (lib/aws/member-access.ts). Kept out of functionWiring so the alert function, which never remediates, bundles
 * no STS client.
 */
export const remediatingWiring = (responder: ResponderId, appliers: readonly ActionApplier<any>[]): ResponderWiring => ({
  ...functionWiring(responder, appliers),
  memberAccess: (options) =>
    new MemberAccess({
      ...options,
      sts: new STSClient({
        region: options.region,
        maxAttempts: CLIENT_DEFAULTS.maxAttempts,
        requestHandler: { connectionTimeout: CLIENT_DEFAULTS.connectionTimeoutMs, requestTimeout: CLIENT_DEFAULTS.requestTimeoutMs, throwOnRequestTimeout: true },
      }),
    }),
});

/** What create-handler gives the member access of a central stage; the STS client is the wiring's. */
export type MemberAccessSetup = Omit<MemberAccessOptions, 'sts'> & { readonly region: string };
