import type { RuleCase } from '../../lib/rule';
import { ACCOUNT } from '../../tests/support/records';
import { cloudFormationDeployment, intruder } from '../../tests/support/responder-records';
import { serviceCall } from '../../tests/support/service-records';

const FN = 'trailguard-prod-securityGroup';
const FN_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${FN}`;
const lambda = (eventName: string, request: Record<string, unknown>, overrides = {}, response: Record<string, unknown> | null = null) =>
  serviceCall('lambda.amazonaws.com', eventName, request, response, { ...intruder(), ...overrides });

export default [
  {
    name: 'reserved concurrency of trailguard\'s function set to 0: restored',
    record: lambda('PutFunctionConcurrency20171031', { functionName: FN, reservedConcurrentExecutions: 0 }, {}, { reservedConcurrentExecutions: 0 }),
    matches: true,
    findings: [{ category: 'responder-tampering', severity: 'CRITICAL', resources: [FN], action: 'restore-function-concurrency', params: { functionName: FN, region: 'us-east-1' } }],
  },
  {
    name: 'concurrency 0 on the function named by its full ARN',
    record: lambda('PutFunctionConcurrency20171031', { functionName: FN_ARN, reservedConcurrentExecutions: 0 }),
    matches: true,
    findings: [{ resources: [FN], action: 'restore-function-concurrency' }],
  },
  {
    name: 'reserved concurrency of 1 (throttled, not stopped): alerted',
    record: lambda('PutFunctionConcurrency20171031', { functionName: FN, reservedConcurrentExecutions: 1 }),
    matches: true,
    findings: [{ resources: [FN], action: 'none' }],
  },
  {
    name: 'code of trailguard\'s function replaced from a laptop',
    record: lambda('UpdateFunctionCode20150331v2', { functionName: FN, s3Bucket: 'scratch', s3Key: 'fn.zip' }),
    matches: true,
    findings: [{ resources: [FN], action: 'none' }],
    alsoFiredBy: ['lambda.lambda-code-modified'],
  },
  {
    name: 'environment of trailguard\'s function changed (partial ARN)',
    record: lambda('UpdateFunctionConfiguration20150331v2', { functionName: `${ACCOUNT}:function:trailguard-dev-alert`, environment: {} }),
    matches: true,
    findings: [{ resources: ['trailguard-dev-alert'] }],
  },
  {
    name: 'trailguard\'s function deleted',
    record: lambda('DeleteFunction20150331', { functionName: 'trailguard-prod-selfProtection' }),
    matches: true,
    findings: [{ resources: ['trailguard-prod-selfProtection'] }],
  },
  {
    name: 'trailguard\'s function made invocable by another account',
    record: lambda('AddPermission20150331v2', { functionName: FN, statementId: 'x', action: 'lambda:InvokeFunction', principal: '111122223333' }),
    matches: true,
    findings: [{ resources: [FN] }],
    alsoFiredBy: ['lambda.lambda-backdoor'],
  },
  {
    name: 'retries and failure destination of trailguard\'s function changed',
    record: lambda('PutFunctionEventInvokeConfig20190925', { functionName: FN, maximumRetryAttempts: 0 }),
    matches: true,
    findings: [{ resources: [FN] }],
  },
  {
    name: 'near miss: the stack\'s deployment updates the code and lets EventBridge invoke',
    record: lambda('UpdateFunctionCode20150331v2', { functionName: FN, s3Bucket: 'trailguard-deploys', s3Key: 'fn.zip' }, cloudFormationDeployment()),
    matches: true,
    findings: [],
    alsoFiredBy: ['lambda.lambda-code-modified'],
  },
  {
    name: 'near miss: the deployment adds the EventBridge invoke permission',
    record: lambda('AddPermission20150331v2', { functionName: FN, statementId: 'x', action: 'lambda:InvokeFunction', principal: 'events.amazonaws.com', sourceArn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/trailguard-prod-Ec2SgOpenIngressEventRule-1A2B3C4D5E6F` }, cloudFormationDeployment()),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: a same-prefix function of another project (trailguard-reports-export)',
    record: lambda('PutFunctionConcurrency20171031', { functionName: 'trailguard-reports-export', reservedConcurrentExecutions: 0 }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: the responder removing the concurrency again',
    record: lambda('DeleteFunctionConcurrency20171031', { functionName: FN }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: setting concurrency 0 failed',
    record: lambda('PutFunctionConcurrency20171031', { functionName: FN, reservedConcurrentExecutions: 0 }, { errorCode: 'AccessDeniedException', errorMessage: 'not authorized' }),
    matches: false,
    alsoFiredBy: ['account.unauthorized-api-call'],
  },
] satisfies readonly RuleCase[];
