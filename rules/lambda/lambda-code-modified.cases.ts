import type { RuleCase } from '../../lib/rule';
import { ACCOUNT } from '../../tests/support/records';
import { OTHER_ACCOUNT, serviceCall } from '../../tests/support/service-records';

const FN = 'orders-processor';

export default [
  {
    name: 'function code replaced (Stratus lambda-overwrite-code, LOW)',
    record: serviceCall('lambda.amazonaws.com', 'UpdateFunctionCode20150331v2', { functionName: FN, s3Bucket: 'attacker-artifacts', s3Key: 'payload.zip', publish: false }, { functionName: FN, runtime: 'nodejs22.x', codeSha256: 'Q2hhbmdlZENvZGVTaGEyNTZFeGFtcGxlMDEyMzQ1Njc4OQ==' }),
    matches: true,
    findings: [{ category: 'lambda-code-modified', severity: 'LOW', resources: [FN], action: 'none' }],
  },
  {
    name: 'layer from another account set on a function (Stratus lambda-layer-extension, HIGH)',
    record: serviceCall('lambda.amazonaws.com', 'UpdateFunctionConfiguration20150331v2', { functionName: FN, layers: [`arn:aws:lambda:us-east-1:${OTHER_ACCOUNT}:layer:telemetry-extension:1`] }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [FN] }],
  },
  {
    name: 'own-account layer set on a function (LOW)',
    record: serviceCall('lambda.amazonaws.com', 'UpdateFunctionConfiguration20150331v2', { functionName: FN, layers: [`arn:aws:lambda:us-east-1:${ACCOUNT}:layer:shared-utils:3`] }),
    matches: true,
    findings: [{ severity: 'LOW' }],
  },
  {
    name: 'near miss: memory size changed',
    record: serviceCall('lambda.amazonaws.com', 'UpdateFunctionConfiguration20150331v2', { functionName: FN, memorySize: 512 }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: code update refused while another update is in progress',
    record: serviceCall('lambda.amazonaws.com', 'UpdateFunctionCode20150331v2', { functionName: FN, s3Bucket: 'artifacts', s3Key: 'orders.zip' }, null, {
      errorCode: 'ResourceConflictException',
      errorMessage: 'The operation cannot be performed at this time. An update is in progress for resource.',
    }),
    matches: false,
  },
] satisfies readonly RuleCase[];
