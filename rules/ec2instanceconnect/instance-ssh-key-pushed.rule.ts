import { describeActor, fieldText, request, resourceList, viaService } from '../../lib/cloudtrail/fields';
import { API_CALL, succeededCall } from '../../lib/cloudtrail/patterns';
import { succeeded } from '../../lib/cloudtrail/record';
import { defineRule } from '../../lib/rule';

/**
 * Stratus Red Team aws.lateral-movement.ec2-instance-connect and ec2-serial-console-send-ssh-public-key: an SSH
 * public key pushed to an instance (valid 60 seconds) through EC2 Instance Connect or its serial console, which
 * gives a shell without the instance's key pair; and the account-wide switch that allows serial console access.
 * The console's own "Connect" button makes the same call: MEDIUM, HIGH when the key goes to the serial console
 * (which bypasses the network and security groups).
 */
const EVENTS: ReadonlySet<string> = new Set(['SendSSHPublicKey', 'SendSerialConsoleSSHPublicKey', 'EnableSerialConsoleAccess']);

export default defineRule({
  id: 'ec2instanceconnect.instance-ssh-key-pushed',
  title: 'SSH key pushed to an instance or serial console on',
  description: 'A key pushed with EC2 Instance Connect or to the serial console opens a shell on the instance without its key pair.',
  category: 'instance-ssh-key-pushed',
  severity: 'MEDIUM',
  status: 'active',
  // Two services under one detail-type: apiCallPattern's layout would deploy a different (equivalent) pattern.
  pattern: {
    'detail-type': [API_CALL],
    $or: [
      {
        source: ['aws.ec2-instance-connect'],
        detail: {
          eventSource: ['ec2-instance-connect.amazonaws.com'],
          eventName: ['SendSSHPublicKey', 'SendSerialConsoleSSHPublicKey'],
          errorCode: succeededCall(),
        },
      },
      {
        source: ['aws.ec2'],
        detail: { eventSource: ['ec2.amazonaws.com'], eventName: ['EnableSerialConsoleAccess'], errorCode: succeededCall() },
      },
    ],
  },
  classify: (record) => {
    if (!EVENTS.has(record.eventName) || !succeeded(record)) return null;
    if (record.eventName === 'EnableSerialConsoleAccess') {
      return {
        resources: [],
        summary: `${describeActor(record)} allowed EC2 serial console access in ${fieldText(record.awsRegion, 30) ?? 'a region'}`,
        facts: { ...viaService(record) },
      };
    }
    const serial = record.eventName === 'SendSerialConsoleSSHPublicKey';
    const instance = fieldText(request(record, 'instanceId'), 64);
    const user = fieldText(request(record, 'instanceOSUser'), 40) ?? fieldText(request(record, 'osUser'), 40);
    return {
      severity: serial ? 'HIGH' : 'MEDIUM',
      resources: resourceList(instance),
      summary: `${describeActor(record)} pushed an SSH key to ${serial ? 'the serial console of ' : ''}instance ${instance ?? '(unknown)'}${user ? ` for OS user ${user}` : ''}`,
      facts: { ...(user ? { 'OS user': user } : {}), ...viaService(record) },
    };
  },
  guidance:
    'Confirm the principal administers that instance. If not: check the instance for new users and keys, and ' +
    'deny ec2-instance-connect:SendSSHPublicKey / SendSerialConsoleSSHPublicKey to principals that do not need them.',
  references: {
    mitre: ['T1021.004', 'T1098.004'],
    stratus: ['aws.lateral-movement.ec2-instance-connect', 'aws.lateral-movement.ec2-serial-console-send-ssh-public-key'],
    links: ['https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-connect-methods.html'],
  },
});
