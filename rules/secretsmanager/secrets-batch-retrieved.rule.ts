import { awsServiceCaller, describeActor, fieldText, request, resourceList, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { items, succeeded } from '../../lib/cloudtrail/record';
import { defineRule } from '../../lib/rule';

/**
 * Stratus Red Team aws.credential-access.secretsmanager-batch-retrieve-secrets (and the per-secret
 * secretsmanager-retrieve-secrets): a principal reading many secret values at once. Per event only
 * BatchGetSecretValue is a signal; a single GetSecretValue is what every application does at start, and a burst
 * of them by one principal needs a count over a window in the shared store, which this per-event rule does not
 * keep. BatchGetSecretValue is read-only (Get…): the rule opts into all management events, which makes EventBridge
 * match it against every read-only call in the account but invoke the function only for this one.
 */
export default defineRule({
  id: 'secretsmanager.secrets-batch-retrieved',
  title: 'Secrets Manager secrets retrieved in a batch',
  description: 'BatchGetSecretValue returns up to 20 secret values, or every secret a filter matches, in one call.',
  category: 'secrets-harvesting',
  severity: 'MEDIUM',
  status: 'active',
  pattern: apiCallPattern('secretsmanager', ['BatchGetSecretValue']),
  // Cost: one invocation per call the pattern names; matching the other read-only calls is free. On the sample
  // history, 1 invocation for its 255 read-only Describe/Get/List events (`trailguard rules --stats`).
  allManagementEvents: true,
  classify: (record) => {
    if (record.eventName !== 'BatchGetSecretValue' || !succeeded(record) || awsServiceCaller(record) !== undefined) return null;
    const ids = (Array.isArray(request(record, 'secretIdList')) ? (request(record, 'secretIdList') as unknown[]) : [])
      .map((id) => fieldText(id, 200))
      .filter((id): id is string => id !== undefined);
    const filtered = items(request(record, 'filters')).length > 0;
    const what = ids.length > 0 ? `${ids.length} secret${ids.length === 1 ? '' : 's'}` : filtered ? 'every secret matching a filter' : 'secrets';
    return {
      // A filter can return every secret in the account: the harvesting shape.
      severity: filtered || ids.length >= 10 ? 'HIGH' : 'MEDIUM',
      resources: resourceList(...ids.slice(0, 20)),
      summary: `${describeActor(record)} retrieved ${what} in one BatchGetSecretValue call`,
      facts: { Secrets: ids.length > 0 ? String(ids.length) : filtered ? 'by filter' : 'unknown', ...viaService(record) },
    };
  },
  guidance:
    'Confirm the principal needs those secrets. If not: rotate every secret it could read, and deactivate its credentials.',
  references: {
    mitre: ['T1555.006'],
    stratus: ['aws.credential-access.secretsmanager-batch-retrieve-secrets', 'aws.credential-access.secretsmanager-retrieve-secrets'],
    links: ['https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_BatchGetSecretValue.html'],
  },
});
