import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { applyRestartLogging } from '../../remediation/apply/restart-logging';
import type { ResponderWiring } from './types';

export const trailWiring: ResponderWiring = {
  responder: 'trail',
  clients: { cloudtrail: CloudTrailClient, sns: SNSClient, dynamodb: DynamoDBClient },
  appliers: { 'restart-logging': applyRestartLogging },
};
