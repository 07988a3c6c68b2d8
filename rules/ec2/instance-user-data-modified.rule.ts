import { describeActor, fieldText, request, resourceList, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { get, str, succeeded } from '../../lib/cloudtrail/record';
import { defineRule } from '../../lib/rule';

/**
 * Stratus Red Team aws.execution.ec2-user-data: an instance's user data replaced (ModifyInstanceAttribute while
 * it is stopped), so the attacker's script runs as root at the next start. CloudTrail hides the new value
 * (`<sensitiveDataRemoved>`); the call is recorded either as `userData: {…}` or as `attribute: "userData"`.
 */
export default defineRule({
  id: 'ec2.instance-user-data-modified',
  title: 'EC2 instance user data replaced',
  description: 'User data runs as root when the instance starts: replacing it is a way to run code on the instance.',
  category: 'instance-user-data-modified',
  severity: 'HIGH',
  status: 'active',
  pattern: apiCallPattern('ec2', ['ModifyInstanceAttribute']),
  classify: (record) => {
    if (record.eventName !== 'ModifyInstanceAttribute' || !succeeded(record)) return null;
    const changesUserData =
      request(record, 'userData') !== undefined || str(request(record, 'attribute'))?.toLowerCase() === 'userdata';
    if (!changesUserData) return null;
    const instance = fieldText(request(record, 'instanceId'), 64) ?? fieldText(get(record.responseElements, 'instanceId'), 64);
    return {
      resources: resourceList(instance),
      summary: `${describeActor(record)} replaced the user data of instance ${instance ?? '(unknown)'}`,
      facts: { ...viaService(record) },
    };
  },
  guidance:
    'Read the new user data (aws ec2 describe-instance-attribute --attribute userData) before starting the ' +
    'instance; restore the previous script if the change was not planned.',
  references: {
    mitre: ['T1059.009', 'T1098'],
    stratus: ['aws.execution.ec2-user-data'],
    links: ['https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html'],
  },
});
