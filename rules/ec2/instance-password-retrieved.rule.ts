import { awsServiceCaller, describeActor, fieldText, request, resourceList, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { succeeded } from '../../lib/cloudtrail/record';
import { defineRule } from '../../lib/rule';

/**
 * Stratus Red Team aws.credential-access.ec2-get-password-data: the encrypted Windows administrator password of
 * an instance fetched. GetPasswordData is read-only, so the rule opts into all management events: in an account
 * that makes R read-only Describe/Get/List calls a day, EventBridge matches the pattern against all of them but
 * invokes the function only for GetPasswordData (figures in `trailguard rules --stats`). The technique calls it
 * for many instances at once: each successful call is reported here, one finding per instance; nothing counts the
 * burst. Stratus detonates it from a role without the permission: those denied calls are
 * account.unauthorized-api-call's findings (attack categories count successful calls only).
 */
export default defineRule({
  id: 'ec2.instance-password-retrieved',
  title: 'EC2 Windows password data retrieved',
  description: 'GetPasswordData returns the encrypted Windows administrator password of an instance; with the key pair it is a login.',
  category: 'instance-password-retrieved',
  severity: 'MEDIUM',
  status: 'active',
  pattern: apiCallPattern('ec2', ['GetPasswordData']),
  // Cost: one invocation per call the pattern names; matching the other read-only calls is free. On the sample
  // history, 1 invocation for its 255 read-only Describe/Get/List events (`trailguard rules --stats`).
  allManagementEvents: true,
  classify: (record) => {
    if (record.eventName !== 'GetPasswordData' || !succeeded(record) || awsServiceCaller(record) !== undefined) return null;
    const instance = fieldText(request(record, 'instanceId'), 64);
    return {
      resources: resourceList(instance),
      summary: `${describeActor(record)} retrieved the Windows password data of instance ${instance ?? '(unknown)'}`,
      facts: { ...viaService(record) },
    };
  },
  guidance:
    'Confirm the principal manages that Windows instance. If not: rotate the local administrator password and ' +
    'the key pair, and review logins to the instance.',
  references: {
    mitre: ['T1552'],
    stratus: ['aws.credential-access.ec2-get-password-data'],
    links: ['https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetPasswordData.html'],
  },
});
