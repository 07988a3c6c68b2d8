import type { RuleCase } from '../../lib/rule';
import { identities } from '../../tests/support/records';
import { serviceCall } from '../../tests/support/service-records';

const instances = (count: number) => Array.from({ length: count }, (_, i) => `i-0123456789abcdef${i}`);
const send = (request: Record<string, unknown>, overrides: Parameters<typeof serviceCall>[4] = {}) =>
  serviceCall('ssm.amazonaws.com', 'SendCommand', { parameters: 'HIDDEN_DUE_TO_SECURITY_REASONS', interactive: false, ...request }, {
    command: { commandId: '0831e1a8-a1ac-4257-a1fd-c831bexample', documentName: request.documentName, status: 'Pending' },
  }, overrides);

const ASSOCIATION_ID = 'b2f3c4d5-6789-4abc-9def-0123456789ab';
const associate = (request: Record<string, unknown>, overrides: Parameters<typeof serviceCall>[4] = {}) =>
  serviceCall('ssm.amazonaws.com', 'CreateAssociation', { parameters: 'HIDDEN_DUE_TO_SECURITY_REASONS', ...request }, {
    associationDescription: { name: request.name, associationId: ASSOCIATION_ID, associationVersion: '1', targets: request.targets, overview: { status: 'Pending' } },
  }, overrides);

export default [
  {
    name: 'shell script sent to three instances (Stratus ssm-send-command, HIGH)',
    record: send({ instanceIds: instances(3), documentName: 'AWS-RunShellScript' }),
    matches: true,
    findings: [{ category: 'remote-command-execution', severity: 'HIGH', resources: instances(3), action: 'none' }],
  },
  {
    name: 'shell script sent to one instance (MEDIUM)',
    record: send({ instanceIds: instances(1), documentName: 'AWS-RunPowerShellScript' }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: instances(1) }],
  },
  {
    name: 'shell script sent by tag target (HIGH)',
    record: send({ targets: [{ key: 'tag:Environment', values: ['prod'] }], documentName: 'AWS-RunShellScript' }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [] }],
  },
  {
    name: 'Session Manager session started (Stratus ssm-start-session, LOW)',
    record: serviceCall('ssm.amazonaws.com', 'StartSession', { target: 'i-0123456789abcdef0' }, {
      sessionId: 'alice-0a1b2c3d4e5f6a7b8',
      tokenValue: 'Value hidden due to security reasons.',
      streamUrl: 'wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/alice-0a1b2c3d4e5f6a7b8?role=publish_subscribe',
    }),
    matches: true,
    findings: [{ severity: 'LOW', resources: ['i-0123456789abcdef0'] }],
  },
  {
    name: 'shell document named by ARN',
    record: send({ instanceIds: instances(1), documentName: 'arn:aws:ssm:us-east-1::document/AWS-RunShellScript' }),
    matches: true,
    findings: [{ severity: 'MEDIUM' }],
  },
  {
    name: 'near miss: patch baseline run (not a script document)',
    record: send({ instanceIds: instances(5), documentName: 'AWS-RunPatchBaseline' }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: command refused (instances not managed)',
    record: send({ instanceIds: instances(3), documentName: 'AWS-RunShellScript' }, { errorCode: 'InvalidInstanceId', errorMessage: 'Instances not in a valid state for account' }),
    matches: false,
  },
  {
    name: 'association running a shell script on every instance every 30 minutes (HIGH)',
    record: associate({ name: 'AWS-RunShellScript', targets: [{ key: 'InstanceIds', values: ['*'] }], scheduleExpression: 'rate(30 minutes)' }),
    matches: true,
    findings: [{ category: 'remote-command-execution', severity: 'HIGH', resources: [ASSOCIATION_ID], action: 'none' }],
  },
  {
    name: 'association running PowerShell on tagged instances (MEDIUM)',
    record: associate({ name: 'AWS-RunPowerShellScript', targets: [{ key: 'tag:Role', values: ['web'] }], scheduleExpression: 'cron(0 2 ? * * *)' }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [ASSOCIATION_ID] }],
  },
  {
    name: 'association of a shell script on one instance, legacy instanceId (MEDIUM)',
    record: associate({ name: 'AWS-RunShellScript', instanceId: 'i-0123456789abcdef0' }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [ASSOCIATION_ID, 'i-0123456789abcdef0'] }],
  },
  {
    name: 'association retargeted to every instance (UpdateAssociation names no document: the response does)',
    record: serviceCall('ssm.amazonaws.com', 'UpdateAssociation', { associationId: ASSOCIATION_ID, targets: [{ key: 'InstanceIds', values: ['*'] }], parameters: 'HIDDEN_DUE_TO_SECURITY_REASONS' }, {
      associationDescription: { name: 'AWS-RunShellScript', associationId: ASSOCIATION_ID, associationVersion: '2', targets: [{ key: 'InstanceIds', values: ['*'] }] },
    }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [ASSOCIATION_ID] }],
  },
  {
    name: 'near miss: inventory association on every instance (not a script document)',
    record: associate({ name: 'AWS-GatherSoftwareInventory', targets: [{ key: 'InstanceIds', values: ['*'] }], scheduleExpression: 'rate(30 minutes)' }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: association created by a service-linked role (Quick Setup)',
    record: associate({ name: 'AWS-RunShellScript', targets: [{ key: 'InstanceIds', values: ['*'] }] }, {
      userIdentity: identities.awsService('ssm.amazonaws.com'),
    }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: association refused',
    record: associate({ name: 'AWS-RunShellScript', targets: [{ key: 'InstanceIds', values: ['*'] }] }, { errorCode: 'AccessDenied', errorMessage: 'User is not authorized to perform: ssm:CreateAssociation' }),
    matches: false,
    alsoFiredBy: ['account.unauthorized-api-call'],
  },
] satisfies readonly RuleCase[];
