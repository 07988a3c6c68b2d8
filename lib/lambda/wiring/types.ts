import type { AwsClientClasses } from '../../aws/client-factory';
import type { Appliers } from '../../remediation/apply';
import type { ResponderId } from '../../rule';

/**
 * What one Lambda function is built from: its responder (which rules it runs), the SDK clients and the
 * remediation appliers it may use. Each handler imports only its own wiring, so esbuild bundles only those
 * clients: the alert function carries no EC2 or CloudTrail code.
 */
export interface ResponderWiring {
  readonly responder: ResponderId;
  readonly clients: AwsClientClasses;
  readonly appliers: Appliers;
}
