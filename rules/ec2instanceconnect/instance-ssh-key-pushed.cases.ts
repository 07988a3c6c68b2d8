import type { RuleCase } from '../../lib/rule';
import { ec2Call, serviceCall } from '../../tests/support/service-records';

const INSTANCE = 'i-0123456789abcdef0';
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyMaterialForDocumentationOnly0123456789 attacker@example';

export default [
  {
    name: 'SSH key pushed with EC2 Instance Connect (Stratus ec2-instance-connect)',
    record: serviceCall('ec2-instance-connect.amazonaws.com', 'SendSSHPublicKey', { instanceId: INSTANCE, instanceOSUser: 'ec2-user', sSHPublicKey: KEY }, { requestId: 'a1b2c3d4-5678-4e90-8abc-def012345678', success: true }),
    matches: true,
    findings: [{ category: 'instance-ssh-key-pushed', severity: 'MEDIUM', resources: [INSTANCE], action: 'none' }],
  },
  {
    name: 'SSH key pushed to the serial console (Stratus ec2-serial-console-send-ssh-public-key, HIGH)',
    record: serviceCall('ec2-instance-connect.amazonaws.com', 'SendSerialConsoleSSHPublicKey', { instanceId: INSTANCE, serialPort: 0, sSHPublicKey: KEY }, { requestId: 'a1b2c3d4-5678-4e90-8abc-def012345679', success: true }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [INSTANCE] }],
  },
  {
    name: 'serial console access allowed for the account',
    record: ec2Call('EnableSerialConsoleAccess', {}, { serialConsoleAccessEnabled: true }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [] }],
  },
  {
    name: 'near miss: key push refused (instance not running)',
    record: serviceCall('ec2-instance-connect.amazonaws.com', 'SendSSHPublicKey', { instanceId: INSTANCE, instanceOSUser: 'ec2-user', sSHPublicKey: KEY }, null, {
      errorCode: 'EC2InstanceStateInvalidException',
      errorMessage: 'Instance is not in a valid state for EC2 Instance Connect.',
    }),
    matches: false,
  },
  {
    name: 'near miss: serial console access turned off',
    record: ec2Call('DisableSerialConsoleAccess', {}, { serialConsoleAccessEnabled: false }),
    matches: false,
  },
] satisfies readonly RuleCase[];
