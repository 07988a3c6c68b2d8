import type { RuleCase } from '../../lib/rule';
import { ACCOUNT, identities } from '../../tests/support/records';
import { serviceCall } from '../../tests/support/service-records';

const config = (
  eventName: string,
  requestParameters: Record<string, unknown> | null,
  overrides: Parameters<typeof serviceCall>[4] = {},
) => serviceCall('config.amazonaws.com', eventName, requestParameters, null, overrides);

const RECORDER_ROLE = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
const RECORDER_ARN = `arn:aws:config:us-east-1:${ACCOUNT}:configuration-recorder/default/0a1b2c3d4e5f6a7b`;

export default [
  {
    name: 'StopConfigurationRecorder',
    record: config('StopConfigurationRecorder', { configurationRecorderName: 'default' }),
    matches: true,
    findings: [
      { category: 'config-change', severity: 'HIGH', resources: ['default'], action: 'restart-config-recorder', params: { recorderName: 'default', region: 'us-east-1' } },
    ],
  },
  {
    name: 'DeleteDeliveryChannel',
    record: config('DeleteDeliveryChannel', { deliveryChannelName: 'default' }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: ['default'], action: 'none' }],
  },
  {
    name: 'PutDeliveryChannel pointing snapshots at a new bucket',
    record: config('PutDeliveryChannel', {
      deliveryChannel: {
        name: 'default',
        s3BucketName: `config-history-${ACCOUNT}`,
        snsTopicARN: `arn:aws:sns:us-east-1:${ACCOUNT}:config-changes`,
        configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
      },
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: ['default'] }],
  },
  {
    name: 'PutConfigurationRecorder recording every resource type',
    record: config('PutConfigurationRecorder', {
      configurationRecorder: {
        name: 'default',
        roleARN: RECORDER_ROLE,
        recordingGroup: {
          allSupported: true,
          includeGlobalResourceTypes: true,
          resourceTypes: [],
          exclusionByResourceTypes: { resourceTypes: [] },
          recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' },
        },
        recordingMode: { recordingFrequency: 'CONTINUOUS', recordingModeOverrides: [] },
      },
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: ['default'] }],
  },
  {
    name: 'PutConfigurationRecorder excluding security groups and roles from recording',
    record: config(
      'PutConfigurationRecorder',
      {
        configurationRecorder: {
          name: 'default',
          roleARN: RECORDER_ROLE,
          recordingGroup: {
            allSupported: false,
            includeGlobalResourceTypes: false,
            resourceTypes: [],
            exclusionByResourceTypes: { resourceTypes: ['AWS::EC2::SecurityGroup', 'AWS::IAM::Role'] },
            recordingStrategy: { useOnly: 'EXCLUSION_BY_RESOURCE_TYPES' },
          },
          recordingMode: { recordingFrequency: 'CONTINUOUS', recordingModeOverrides: [] },
        },
      },
      { userIdentity: identities.assumedRole('Admin', 'mallory') },
    ),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: ['default'] }],
  },
  {
    name: 'DeleteConfigurationRecorder (addition)',
    record: config('DeleteConfigurationRecorder', { configurationRecorderName: 'default' }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: ['default'], action: 'none' }],
  },
  {
    name: 'DisassociateResourceTypes stops recording IAM roles and security groups (addition)',
    record: serviceCall(
      'config.amazonaws.com',
      'DisassociateResourceTypes',
      { configurationRecorderArn: RECORDER_ARN, resourceTypes: ['AWS::IAM::Role', 'AWS::EC2::SecurityGroup'] },
      {
        configurationRecorder: {
          arn: RECORDER_ARN,
          name: 'default',
          roleARN: RECORDER_ROLE,
          recordingGroup: {
            allSupported: false,
            includeGlobalResourceTypes: false,
            resourceTypes: [],
            exclusionByResourceTypes: { resourceTypes: ['AWS::IAM::Role', 'AWS::EC2::SecurityGroup'] },
            recordingStrategy: { useOnly: 'EXCLUSION_BY_RESOURCE_TYPES' },
          },
          recordingScope: 'PAID',
        },
      },
      { userIdentity: identities.assumedRole('Admin', 'mallory') },
    ),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: ['default'] }],
  },
  {
    name: 'AssociateResourceTypes adds resource types to the recorder (addition)',
    record: config('AssociateResourceTypes', { configurationRecorderArn: RECORDER_ARN, resourceTypes: ['AWS::Lambda::Function'] }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: ['default'] }],
  },
  {
    name: 'odd record: StopConfigurationRecorder with null requestParameters',
    record: config('StopConfigurationRecorder', null),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [], action: 'restart-config-recorder', notPlannedReason: 'does not name a usable recorder' }],
  },
  {
    name: 'near miss: StopConfigurationRecorder on a recorder that does not exist',
    record: config('StopConfigurationRecorder', { configurationRecorderName: 'defualt' }, {
      errorCode: 'NoSuchConfigurationRecorderException',
      errorMessage: 'Cannot find configuration recorder with the specified name \'defualt\'.',
    }),
    matches: false,
  },
  {
    name: 'near miss: DeleteDeliveryChannel denied (account.unauthorized-api-call reports it)',
    record: config('DeleteDeliveryChannel', { deliveryChannelName: 'default' }, {
      errorCode: 'AccessDenied',
      errorMessage: `User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: config:DeleteDeliveryChannel`,
    }),
    matches: false,
    alsoFiredBy: ['account.unauthorized-api-call'],
  },
  {
    name: 'near miss: DescribeConfigurationRecorders',
    record: config('DescribeConfigurationRecorders', {}),
    matches: false,
  },
  {
    name: 'near miss: DescribeConfigurationRecorderStatus',
    record: config('DescribeConfigurationRecorderStatus', { configurationRecorderNames: ['default'] }),
    matches: false,
  },
  {
    name: 'near miss: StartConfigurationRecorder turns recording back on',
    record: config('StartConfigurationRecorder', { configurationRecorderName: 'default' }),
    matches: false,
  },
  {
    name: 'near miss: DisassociateResourceTypes refused for a recorder recording all types',
    record: config('DisassociateResourceTypes', { configurationRecorderArn: RECORDER_ARN, resourceTypes: ['AWS::IAM::Role'] }, {
      errorCode: 'ValidationException',
      errorMessage: 'The configuration recorder must use a recording strategy of INCLUSION_BY_RESOURCE_TYPES or EXCLUSION_BY_RESOURCE_TYPES.',
    }),
    matches: false,
  },
  {
    name: 'near miss: DeleteConfigRule is a rule change, not the recorder',
    record: config('DeleteConfigRule', { configRuleName: 'restricted-ssh' }),
    matches: false,
  },
] satisfies readonly RuleCase[];
