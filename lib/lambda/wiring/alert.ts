import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import type { ResponderWiring } from './types';

export const alertWiring: ResponderWiring = {
  responder: 'alert',
  clients: { dynamodb: DynamoDBClient, sns: SNSClient },
  appliers: {},
};
