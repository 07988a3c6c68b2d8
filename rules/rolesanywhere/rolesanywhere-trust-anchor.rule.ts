import { describeActor, fieldText, firstFieldText, request, resourceList, response, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { get, str, succeeded } from '../../lib/cloudtrail/record';
import { defineRule } from '../../lib/rule';

const EVENTS: ReadonlySet<string> = new Set(['CreateTrustAnchor', 'UpdateTrustAnchor']);

/**
 * Stratus Red Team aws.persistence.rolesanywhere-create-trust-anchor: an IAM Roles Anywhere trust anchor created
 * or repointed, so certificates from a CA the attacker holds can get role credentials from anywhere. HIGH for a
 * certificate bundle (an outside CA); MEDIUM for an AWS Private CA in the account.
 */
export default defineRule({
  id: 'rolesanywhere.rolesanywhere-trust-anchor',
  title: 'IAM Roles Anywhere trust anchor created or changed',
  description: 'A trust anchor lets anyone holding a certificate from its CA exchange it for role credentials, from outside AWS.',
  category: 'rolesanywhere-trust-anchor',
  severity: 'HIGH',
  status: 'active',
  pattern: apiCallPattern('rolesanywhere', [...EVENTS]),
  classify: (record) => {
    if (!EVENTS.has(record.eventName) || !succeeded(record)) return null;
    const sourceType = str(request(record, 'source', 'sourceType')) ?? str(get(record.responseElements, 'trustAnchor', 'source', 'sourceType'));
    const name = firstFieldText(request(record, 'name'), response(record, 'trustAnchor', 'name'));
    const arn = fieldText(response(record, 'trustAnchor', 'trustAnchorArn'), 200);
    const id = firstFieldText(request(record, 'trustAnchorId'), response(record, 'trustAnchor', 'trustAnchorId'));
    const ownCa = sourceType === 'AWS_ACM_PCA';
    return {
      severity: ownCa ? 'MEDIUM' : 'HIGH',
      resources: resourceList(arn ?? id),
      summary: `${describeActor(record)} ${record.eventName === 'CreateTrustAnchor' ? 'created' : 'changed'} Roles Anywhere trust anchor ${name ?? id ?? '(unknown)'}`,
      facts: { ...(sourceType ? { 'CA source': sourceType } : {}), ...viaService(record) },
    };
  },
  guidance:
    'Check the CA belongs to the organization. If not: disable and delete the trust anchor and its profiles, and ' +
    'review CreateSession calls on it.',
  references: {
    mitre: ['T1098', 'T1556'],
    stratus: ['aws.persistence.rolesanywhere-create-trust-anchor'],
    links: ['https://docs.aws.amazon.com/rolesanywhere/latest/userguide/trust-model.html'],
  },
});
