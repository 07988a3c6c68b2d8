import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import type { ResponderWiring } from './types';

export const alertWiring: ResponderWiring = {
  responder: 'alert',
  clients: { sns: SNSClient, dynamodb: DynamoDBClient },
  appliers: {},
};
