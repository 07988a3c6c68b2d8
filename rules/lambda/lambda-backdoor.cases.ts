import type { RuleCase } from '../../lib/rule';
import { ACCOUNT } from '../../tests/support/records';
import { OTHER_ACCOUNT, serviceCall } from '../../tests/support/service-records';

const FN = 'orders-processor';
const permission = (request: Record<string, unknown>, overrides: Parameters<typeof serviceCall>[4] = {}) =>
  serviceCall('lambda.amazonaws.com', 'AddPermission20150331v2', { functionName: FN, statementId: 'backdoor', action: 'lambda:InvokeFunction', ...request }, {
    statement: JSON.stringify({ Sid: 'backdoor', Effect: 'Allow', Principal: request.principal, Action: 'lambda:InvokeFunction', Resource: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${FN}` }),
  }, overrides);

export default [
  {
    name: 'function invocable by everyone (Stratus lambda-backdoor-function, CRITICAL)',
    record: permission({ principal: '*' }),
    matches: true,
    findings: [{
      category: 'lambda-backdoor', severity: 'CRITICAL', resources: [FN],
      action: 'remove-function-permission', params: { functionName: FN, statementId: 'backdoor', region: 'us-east-1', grantee: '*', action: 'lambda:InvokeFunction' },
    }],
  },
  {
    name: 'function invocable by another account (HIGH)',
    record: permission({ principal: `arn:aws:iam::${OTHER_ACCOUNT}:root` }),
    matches: true,
    findings: [{
      severity: 'HIGH', resources: [FN],
      action: 'remove-function-permission', params: { functionName: FN, statementId: 'backdoor', region: 'us-east-1', grantee: `arn:aws:iam::${OTHER_ACCOUNT}:root`, action: 'lambda:InvokeFunction' },
    }],
  },
  {
    name: 'alias invocable by another account with a source ARN: the redo keeps qualifier and condition',
    record: permission({ principal: OTHER_ACCOUNT, qualifier: 'live', sourceArn: `arn:aws:sns:us-east-1:${OTHER_ACCOUNT}:orders-topic` }),
    matches: true,
    findings: [{
      severity: 'HIGH',
      action: 'remove-function-permission',
      params: {
        functionName: FN, statementId: 'backdoor', region: 'us-east-1', grantee: OTHER_ACCOUNT, action: 'lambda:InvokeFunction',
        qualifier: 'live', sourceArn: `arn:aws:sns:us-east-1:${OTHER_ACCOUNT}:orders-topic`,
      },
    }],
  },
  {
    name: 'public function URL permission (auth type NONE)',
    record: permission({ principal: '*', action: 'lambda:InvokeFunctionUrl', functionUrlAuthType: 'NONE' }),
    matches: true,
    findings: [{
      severity: 'CRITICAL',
      action: 'remove-function-permission',
      params: { functionName: FN, statementId: 'backdoor', region: 'us-east-1', grantee: '*', action: 'lambda:InvokeFunctionUrl', functionUrlAuthType: 'NONE' },
    }],
  },
  {
    name: 'layer version shared with everyone (AddLayerVersionPermission)',
    record: serviceCall('lambda.amazonaws.com', 'AddLayerVersionPermission20181031', { layerName: 'shared-utils', versionNumber: 3, statementId: 'public', action: 'lambda:GetLayerVersion', principal: '*' }),
    matches: true,
    // Layers are alerted only: no action removes a layer permission.
    findings: [{ severity: 'CRITICAL', resources: ['shared-utils'], action: 'none' }],
  },
  {
    name: 'near miss: S3 allowed to invoke the function for its own bucket',
    record: permission({ principal: 's3.amazonaws.com', sourceArn: 'arn:aws:s3:::orders-uploads', sourceAccount: ACCOUNT }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: * narrowed to the organization (principalOrgID)',
    record: permission({ principal: '*', principalOrgID: 'o-a1b2c3d4e5' }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: a role of the own account',
    record: permission({ principal: `arn:aws:iam::${ACCOUNT}:role/orders-scheduler` }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: permission refused (policy too large)',
    record: permission({ principal: '*' }, { errorCode: 'PolicyLengthExceededException', errorMessage: 'The final policy size is bigger than the limit.' }),
    matches: false,
  },
] satisfies readonly RuleCase[];
