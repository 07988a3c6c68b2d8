import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import type { AwsClientClasses } from '../../aws/client-factory';
import type { ResponderId } from '../../functions';
import type { ActionApplier, Appliers } from '../../remediation/applier';
import type { MemberAccess } from '../../aws/member-access';
import type { MemberAccessSetup } from './remediating-wiring';

/**
 * What one Lambda function is built from: its responder (which rules it runs), the SDK clients and the
 * remediation appliers it may use. Each handler imports only its own wiring, so esbuild bundles only those
 * clients: the alert function carries no EC2 or CloudTrail code.
 */
export interface ResponderWiring {
  readonly responder: ResponderId;
  readonly clients: AwsClientClasses;
  readonly appliers: Appliers;
  /** Functions that remediate (remediating-wiring.ts): their access to member accounts in a central stage. */
  readonly memberAccess?: (setup: MemberAccessSetup) => MemberAccess;
}

/**
 * A function's wiring from the appliers of its actions: the SDK clients are theirs, plus the state table's
 * (idempotency, dedup) and the alert topic's, which every function uses.
 */
export const functionWiring = (responder: ResponderId, appliers: readonly ActionApplier<any>[]): ResponderWiring => ({
  responder,
  clients: Object.assign({ dynamodb: DynamoDBClient, sns: SNSClient }, ...appliers.map((applier) => applier.clients)) as AwsClientClasses,
  appliers: Object.fromEntries(appliers.map((applier) => [applier.id, applier.apply])) as Appliers,
});
