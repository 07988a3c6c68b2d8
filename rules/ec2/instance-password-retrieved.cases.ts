import type { RuleCase } from '../../lib/rule';
import { cisIdentities, ec2Call } from '../../tests/support/service-records';

const INSTANCE = 'i-0123456789abcdef0';

export default [
  {
    name: 'Windows password data retrieved (Stratus ec2-get-password-data)',
    record: ec2Call('GetPasswordData', { instanceId: INSTANCE }, {}, { readOnly: true }),
    matches: true,
    findings: [{ category: 'instance-password-retrieved', severity: 'MEDIUM', resources: [INSTANCE], action: 'none' }],
  },
  {
    name: 'near miss: GetPasswordData denied (the technique\'s usual outcome; account.unauthorized-api-call reports it)',
    record: ec2Call('GetPasswordData', { instanceId: INSTANCE }, {}, {
      readOnly: true,
      errorCode: 'Client.UnauthorizedOperation',
      errorMessage: 'You are not authorized to perform this operation.',
    }),
    matches: false,
    alsoFiredBy: ['account.unauthorized-api-call'],
  },
  {
    name: 'near miss: a service-linked role reading password data (Systems Manager Fleet Manager)',
    record: ec2Call('GetPasswordData', { instanceId: INSTANCE }, {}, {
      readOnly: true,
      userIdentity: cisIdentities.serviceLinkedRole('ssm.amazonaws.com', 'AWSServiceRoleForAmazonSSM'),
    }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: DescribeInstances',
    record: ec2Call('DescribeInstances', { instancesSet: { items: [{ instanceId: INSTANCE }] } }, {}, { readOnly: true }),
    matches: false,
  },
] satisfies readonly RuleCase[];
