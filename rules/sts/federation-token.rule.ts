import { describeActor, fieldText, request, resourceList, response, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { get, str, succeeded } from '../../lib/cloudtrail/record';
import { defineRule } from '../../lib/rule';

/**
 * Stratus Red Team aws.persistence.sts-federation-token: an IAM user's key exchanged for a federation token
 * (up to 36 hours) whose sessions outlive the key being deactivated and can sign in to the console. Custom
 * identity brokers call it by design: MEDIUM, with the broker to add to the stage's exceptions. Its name starts
 * with Get, so EventBridge delivers it only to rules with all management events (see `rules --stats`).
 */
export default defineRule({
  id: 'sts.federation-token',
  title: 'STS federation token issued',
  description: 'A federation token keeps working after the key that asked for it is deactivated, and can open a console session.',
  category: 'federation-token',
  severity: 'MEDIUM',
  status: 'active',
  pattern: apiCallPattern('sts', ['GetFederationToken']),
  // Cost: one invocation per call the pattern names; matching the other read-only calls is free. On the sample
  // history, 1 invocation for its 255 read-only Describe/Get/List events (`trailguard rules --stats`).
  allManagementEvents: true,
  classify: (record) => {
    if (record.eventName !== 'GetFederationToken' || !succeeded(record)) return null;
    const name = fieldText(request(record, 'name'), 64);
    const federated = fieldText(response(record, 'federatedUser', 'arn'), 200);
    const duration = fieldText(String(request(record, 'durationSeconds') ?? ''), 10);
    const root = str(get(record, 'userIdentity', 'type')) === 'Root';
    return {
      severity: root ? 'HIGH' : 'MEDIUM',
      resources: resourceList(federated),
      summary: `${describeActor(record)} got a federation token${name ? ` as ${name}` : ''}`,
      facts: {
        ...(duration ? { 'Duration (s)': duration } : {}),
        ...(request(record, 'policy') !== undefined || request(record, 'policyArns') !== undefined ? {} : { 'Session policy': 'none (the token carries no permissions unless a policy is passed)' }),
        ...viaService(record),
      },
    };
  },
  guidance:
    'If the caller is not an identity broker: deactivate its access key AND attach a deny-all policy to the user ' +
    '(federation tokens are not revoked by deactivating the key), then review the federated user\'s calls.',
  references: {
    mitre: ['T1550.001', 'T1078.004'],
    stratus: ['aws.persistence.sts-federation-token'],
    links: ['https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html'],
  },
});
