import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { SNSClient } from '@aws-sdk/client-sns';
import { applyRestartLogging } from '../../remediation/apply/restart-logging';
import type { ResponderWiring } from './types';

export const trailWiring: ResponderWiring = {
  responder: 'trail',
  clients: { dynamodb: DynamoDBClient, cloudtrail: CloudTrailClient, sns: SNSClient },
  appliers: { 'restart-logging': applyRestartLogging },
};
