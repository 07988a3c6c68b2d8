import { EC2Client } from '@aws-sdk/client-ec2';
import { SNSClient } from '@aws-sdk/client-sns';
import { applyRevokeIngress } from '../../remediation/apply/revoke-ingress';
import type { ResponderWiring } from './types';

export const securityGroupWiring: ResponderWiring = {
  responder: 'security-group',
  clients: { ec2: EC2Client, sns: SNSClient },
  appliers: { 'revoke-ingress': applyRevokeIngress },
};
