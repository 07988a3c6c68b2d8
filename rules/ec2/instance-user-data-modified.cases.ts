import type { RuleCase } from '../../lib/rule';
import { ec2Call } from '../../tests/support/service-records';

const INSTANCE = 'i-0123456789abcdef0';

export default [
  {
    name: 'user data replaced on a stopped instance (Stratus ec2-user-data)',
    record: ec2Call('ModifyInstanceAttribute', { instanceId: INSTANCE, userData: '<sensitiveDataRemoved>' }),
    matches: true,
    findings: [{ category: 'instance-user-data-modified', severity: 'HIGH', resources: [INSTANCE], action: 'none' }],
  },
  {
    name: 'user data replaced, attribute/value request shape',
    record: ec2Call('ModifyInstanceAttribute', { instanceId: INSTANCE, attribute: 'userData', value: '<sensitiveDataRemoved>' }),
    matches: true,
    findings: [{ resources: [INSTANCE] }],
  },
  {
    name: 'near miss: instance type changed',
    record: ec2Call('ModifyInstanceAttribute', { instanceId: INSTANCE, instanceType: { value: 'm5.large' } }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: user data change refused while the instance runs',
    record: ec2Call('ModifyInstanceAttribute', { instanceId: INSTANCE, userData: '<sensitiveDataRemoved>' }, {}, {
      errorCode: 'Client.IncorrectInstanceState',
      errorMessage: `The instance '${INSTANCE}' is not in the 'stopped' state.`,
    }),
    matches: false,
  },
] satisfies readonly RuleCase[];
