import { awsServiceCaller, describeActor, fieldText, request, resourceList, viaService } from '../../lib/cloudtrail/fields';
import { serviceCallPattern, succeededCall } from '../../lib/cloudtrail/patterns';
import { succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { defineRule, type FindingDraft } from '../../lib/rule';

/** GetParameters takes at most 10 names: a full batch with decryption is the harvesting shape. */
const MANY_NAMES = 10;

const decrypts = (record: CloudTrailRecord): boolean => {
  const value = request(record, 'withDecryption');
  return value === true || value === 'true';
};

/**
 * Stratus Red Team aws.credential-access.ssm-retrieve-securestring-parameters: SecureString parameters read in
 * clear text in bulk. Per event, conservatively: GetParameters of a full batch (10 names) with decryption, or
 * GetParametersByPath with decryption from the root path, recursively. Single GetParameter calls are what
 * applications do; a burst of them by one principal needs a count over a window in the shared store, which this
 * per-event rule does not keep. Read-only calls: the rule opts into all management events (see `rules --stats`).
 */
const classify = (record: CloudTrailRecord): FindingDraft | null => {
  if (!succeeded(record) || !decrypts(record) || awsServiceCaller(record) !== undefined) return null;
  if (record.eventName === 'GetParameters') {
    const raw = request(record, 'names');
    const names = (Array.isArray(raw) ? raw : []).map((name) => fieldText(name, 200)).filter((name): name is string => name !== undefined);
    if (names.length < MANY_NAMES) return null;
    return {
      resources: resourceList(...names),
      summary: `${describeActor(record)} decrypted ${names.length} SSM parameters in one GetParameters call`,
      facts: { Parameters: names.slice(0, 10).join(', '), ...viaService(record) },
    };
  }
  if (record.eventName === 'GetParametersByPath') {
    const path = fieldText(request(record, 'path'), 200);
    const recursive = request(record, 'recursive') === true || request(record, 'recursive') === 'true';
    if (path !== '/' || !recursive) return null;
    return {
      severity: 'HIGH',
      resources: [],
      summary: `${describeActor(record)} decrypted every SSM parameter under / (GetParametersByPath, recursive)`,
      facts: { Path: '/ (recursive)', ...viaService(record) },
    };
  }
  return null;
};

export default defineRule({
  id: 'ssm.ssm-parameters-decrypted',
  title: 'SSM SecureString parameters decrypted in bulk',
  description: 'SecureString parameters hold passwords and keys; reading many of them decrypted at once is how they are harvested.',
  category: 'secrets-harvesting',
  severity: 'MEDIUM',
  status: 'active',
  pattern: serviceCallPattern('ssm', {
    eventName: ['GetParameters', 'GetParametersByPath'],
    requestParameters: { withDecryption: [true, 'true'] },
    errorCode: succeededCall(),
  }),
  // Cost: one invocation per call the pattern names; matching the other read-only calls is free. On the sample
  // history, 0 invocations for its 255 read-only Describe/Get/List events (`trailguard rules --stats`).
  allManagementEvents: true,
  classify,
  guidance:
    'Confirm the principal needs those parameters. If not: rotate the values they hold, and deactivate its credentials.',
  references: {
    mitre: ['T1552', 'T1555.006'],
    stratus: ['aws.credential-access.ssm-retrieve-securestring-parameters'],
    links: ['https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameters.html'],
  },
});
