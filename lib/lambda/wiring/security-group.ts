import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { SNSClient } from '@aws-sdk/client-sns';
import { applyRestoreSgRule } from '../../remediation/apply/restore-sg-rule';
import { applyRevokeIngress } from '../../remediation/apply/revoke-ingress';
import type { ResponderWiring } from './types';

export const securityGroupWiring: ResponderWiring = {
  responder: 'security-group',
  // Config and CloudTrail are read only, to learn what an edited rule was before the edit (restore-sg-rule).
  clients: { dynamodb: DynamoDBClient, ec2: EC2Client, cloudtrail: CloudTrailClient, config: ConfigServiceClient, sns: SNSClient },
  appliers: { 'revoke-ingress': applyRevokeIngress, 'restore-sg-rule': applyRestoreSgRule },
};
