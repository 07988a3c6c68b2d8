import { describeActor, fieldText, request, resourceList, response, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { items, succeeded } from '../../lib/cloudtrail/record';
import { defineRule } from '../../lib/rule';

/**
 * GPU, accelerator and very large instance families: what cryptominers launch with stolen keys and what few
 * accounts run day to day. p (GPU training), g (graphics GPU), inf/trn (Inferentia/Trainium), dl (Gaudi), f (FPGA),
 * vt (video transcoding), x/u (memory-heavy, up to 24 TB), hpc.
 */
const UNUSUAL_PREFIXES = ['p', 'g', 'inf', 'trn', 'dl', 'f', 'vt', 'x', 'u-', 'u7', 'hpc'] as const;
const UNUSUAL_FAMILY = new RegExp(`^(${UNUSUAL_PREFIXES.join('|')})[a-z0-9-]*\\.`);
/** Sizes that are costly in any family: bare metal, and 16xlarge and up (the sizes EC2 offers). */
const LARGE_SIZES = ['16', '18', '24', '32', '48', '56', '64', '96', '112', '128', '192', '224', '256', '288', '384', '448', '480', '896'] as const;
const UNUSUAL_SIZE = new RegExp(`\\.(metal(-\\d+xl)?|(${LARGE_SIZES.join('|')})xlarge)$`);
/** The same test as an EventBridge value list, so ordinary launches never invoke the function. */
const TYPE_MATCHERS = [
  ...UNUSUAL_PREFIXES.map((prefix) => ({ prefix })),
  { suffix: '.metal' },
  { wildcard: '*.metal-*' },
  ...LARGE_SIZES.map((size) => ({ suffix: `.${size}xlarge` })),
];

export const isUnusualInstanceType = (type: string): boolean => UNUSUAL_FAMILY.test(type) || UNUSUAL_SIZE.test(type);

/**
 * Stratus Red Team aws.execution.ec2-launch-unusual-instances (resource hijacking): RunInstances of a GPU,
 * accelerator, memory-heavy or bare-metal type. Instances launched from a template without a type in the request
 * are judged by the types in the response.
 */
export default defineRule({
  id: 'ec2.unusual-instance-launched',
  title: 'Unusual EC2 instance type launched',
  description: 'GPU, accelerator and very large instances are what stolen credentials are used to mine cryptocurrency with.',
  category: 'unusual-instance-launched',
  severity: 'MEDIUM',
  status: 'active',
  pattern: apiCallPattern('ec2', ['RunInstances'], {
    // The type is in the request, or only in the response when a launch template sets it.
    $or: [
      { requestParameters: { instanceType: TYPE_MATCHERS } },
      { responseElements: { instancesSet: { items: { instanceType: TYPE_MATCHERS } } } },
    ],
  }),
  classify: (record) => {
    if (record.eventName !== 'RunInstances' || !succeeded(record)) return null;
    const launched = items(response(record, 'instancesSet'));
    const types = new Set<string>();
    const requested = fieldText(request(record, 'instanceType'), 40);
    if (requested) types.add(requested);
    for (const instance of launched) {
      const type = fieldText(instance.instanceType, 40);
      if (type) types.add(type);
    }
    const unusual = [...types].filter(isUnusualInstanceType);
    if (unusual.length === 0) return null;
    const ids = launched.map((instance) => fieldText(instance.instanceId, 32)).filter((id): id is string => id !== undefined);
    const count = ids.length || Number(items(request(record, 'instancesSet'))[0]?.maxCount) || 1;
    return {
      resources: resourceList(...ids.slice(0, 20)),
      summary: `${describeActor(record)} launched ${count} ${unusual.join(', ')} instance${count === 1 ? '' : 's'}`,
      facts: { 'Instance type': unusual.join(', '), Instances: String(count), ...viaService(record) },
    };
  },
  guidance:
    'Ask the owner of the principal whether the launch was planned. If not: terminate the instances, deactivate ' +
    'the credentials used, and check every region for more.',
  references: {
    mitre: ['T1496', 'T1578.002'],
    stratus: ['aws.execution.ec2-launch-unusual-instances'],
    links: ['https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-types.html'],
  },
});
