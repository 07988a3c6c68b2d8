import type { RuleCase } from '../../lib/rule';
import { ec2Call } from '../../tests/support/service-records';

const run = (instanceType: string, count = 1, overrides: Parameters<typeof ec2Call>[3] = {}) =>
  ec2Call(
    'RunInstances',
    { instancesSet: { items: [{ imageId: 'ami-0abcdef1234567890', minCount: count, maxCount: count }] }, instanceType, monitoring: { enabled: false } },
    {
      reservationId: 'r-0123456789abcdef0',
      ownerId: '123456789012',
      instancesSet: {
        items: Array.from({ length: count }, (_, i) => ({ instanceId: `i-0a1b2c3d4e5f6a7b${i}`, imageId: 'ami-0abcdef1234567890', instanceType, instanceState: { code: 0, name: 'pending' } })),
      },
    },
    overrides,
  );

export default [
  {
    name: 'GPU instances launched (Stratus ec2-launch-unusual-instances, p2.xlarge)',
    record: run('p2.xlarge', 2),
    matches: true,
    findings: [{ category: 'unusual-instance-launched', severity: 'MEDIUM', resources: ['i-0a1b2c3d4e5f6a7b0', 'i-0a1b2c3d4e5f6a7b1'], action: 'none' }],
  },
  {
    name: 'bare-metal instance launched',
    record: run('c5.metal'),
    matches: true,
    findings: [{ resources: ['i-0a1b2c3d4e5f6a7b0'] }],
  },
  {
    name: 'GPU type set by a launch template: only the response names it',
    record: (() => {
      const record = run('g5.12xlarge');
      return { ...record, requestParameters: { instancesSet: { items: [{ minCount: 1, maxCount: 1 }] }, launchTemplate: { launchTemplateId: 'lt-0abcdef1234567890', version: '3' } } };
    })(),
    matches: true,
    findings: [{ resources: ['i-0a1b2c3d4e5f6a7b0'] }],
  },
  {
    name: 'near miss: ordinary instance type (the pattern leaves it out)',
    record: run('t3.micro'),
    matches: false,
  },
  {
    name: 'near miss: a large but ordinary size (m5.8xlarge)',
    record: run('m5.8xlarge'),
    matches: false,
  },
  {
    name: 'near miss: GPU launch refused for lack of quota',
    record: ec2Call('RunInstances', { instancesSet: { items: [{ imageId: 'ami-0abcdef1234567890', minCount: 4, maxCount: 4 }] }, instanceType: 'p4d.24xlarge' }, {}, {
      errorCode: 'Client.VcpuLimitExceeded',
      errorMessage: 'You have requested more vCPU capacity than your current vCPU limit of 0 allows for the instance bucket that the specified instance type belongs to.',
    }),
    matches: false,
  },
] satisfies readonly RuleCase[];
