import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SNSClient } from '@aws-sdk/client-sns';
import { applyDeleteBackdoorRole } from '../../remediation/apply/delete-backdoor-role';
import { applyEnableEventRule } from '../../remediation/apply/enable-event-rule';
import { applyRestoreFunctionConcurrency } from '../../remediation/apply/restore-function-concurrency';
import type { ResponderWiring } from './types';

export const selfProtectionWiring: ResponderWiring = {
  responder: 'self-protection',
  clients: { dynamodb: DynamoDBClient, eventbridge: EventBridgeClient, lambda: LambdaClient, iam: IAMClient, sns: SNSClient },
  appliers: {
    'enable-event-rule': applyEnableEventRule,
    'restore-function-concurrency': applyRestoreFunctionConcurrency,
    'delete-backdoor-role': applyDeleteBackdoorRole,
  },
};
