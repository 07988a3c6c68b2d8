import { fieldText, request } from '../../lib/cloudtrail/fields';
import { serviceCallPattern, succeededCall } from '../../lib/cloudtrail/patterns';
import { num, succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { SERVICE_PREFIX, actorDid, functionNameOf, isCloudFormationDeployment, isOwnFunctionName, tamperingFacts } from '../../lib/own-resources';
import { defineRule, type FindingDraft, type RuleContext } from '../../lib/rule';

/** Lambda's CloudTrail event names carry an API version suffix (UpdateFunctionCode20150331v2). */
const CHANGES: readonly [RegExp, string][] = [
  [/^UpdateFunctionCode(\d{8}(v\d+)?)?$/, 'replaced the code of'],
  [/^UpdateFunctionConfiguration(\d{8}(v\d+)?)?$/, 'changed the configuration of'],
  [/^DeleteFunction(\d{8}(v\d+)?)?$/, 'deleted'],
  [/^PutFunctionConcurrency(\d{8}(v\d+)?)?$/, 'set the reserved concurrency of'],
  [/^AddPermission(\d{8}(v\d+)?)?$/, 'added a resource-policy statement to'],
  [/^RemovePermission(\d{8}(v\d+)?)?$/, 'removed a resource-policy statement from'],
  [/^(Put|Update|Delete)FunctionEventInvokeConfig(\d{8}(v\d+)?)?$/, 'changed the asynchronous invocation settings (retries, failure destination) of'],
  [/^(Create|Update)FunctionUrlConfig(\d{8}(v\d+)?)?$/, 'gave a URL endpoint to'],
];

/** What the stack itself does through CloudFormation: EventBridge may invoke its functions, nothing else is added. */
const isOwnDeployment = (record: CloudTrailRecord): boolean => {
  if (!isCloudFormationDeployment(record)) return false;
  if (/^AddPermission/.test(record.eventName)) return fieldText(request(record, 'principal')) === 'events.amazonaws.com';
  return !/FunctionUrlConfig/.test(record.eventName);
};

/**
 * trailguard's own functions changed by anyone but its deployment: new code or configuration, deletion, a
 * reserved concurrency of 0 (nothing runs; reverted), resource-policy statements, retry and failure settings.
 */
const classify = (record: CloudTrailRecord, context: RuleContext): FindingDraft | null => {
  if (!succeeded(record)) return null;
  const change = CHANGES.find(([pattern]) => pattern.test(record.eventName));
  if (!change) return null;
  const fn = functionNameOf(fieldText(request(record, 'functionName'), 200));
  if (!isOwnFunctionName(fn, context) || isOwnDeployment(record)) return null;
  const facts = tamperingFacts(record, `Lambda function ${fn}`);
  if (/^PutFunctionConcurrency/.test(record.eventName)) {
    const reserved = num(request(record, 'reservedConcurrentExecutions'));
    if (reserved === 0) {
      return {
        resources: [fn!],
        summary: actorDid(record, `set the reserved concurrency of trailguard's function ${fn} to 0: it cannot run`),
        facts: { ...facts, 'Reserved concurrency': '0' },
        remediation: { action: 'restore-function-concurrency', params: { functionName: fn!, region: record.awsRegion } },
      };
    }
    return {
      resources: [fn!],
      summary: actorDid(record, `${change[1]} trailguard's function ${fn} to ${reserved ?? '(unknown)'}`),
      facts: { ...facts, 'Reserved concurrency': String(reserved ?? 'unknown') },
    };
  }
  const principal = fieldText(request(record, 'principal'), 200);
  return {
    resources: [fn!],
    summary: actorDid(record, `${change[1]} trailguard's function ${fn}`),
    facts: { ...facts, ...(principal ? { 'Invocable by': principal } : {}) },
  };
};

export default defineRule({
  id: 'lambda.responder-function-tampering',
  title: 'trailguard function changed or stopped',
  description: 'Changing, deleting or throttling the responder\'s functions silences every alert and revert they would make.',
  category: 'responder-tampering',
  severity: 'CRITICAL',
  status: 'active',
  actions: ['restore-function-concurrency'],
  pattern: serviceCallPattern('lambda', {
    errorCode: succeededCall(),
    eventName: [
      { prefix: 'UpdateFunctionCode' },
      { prefix: 'UpdateFunctionConfiguration' },
      { prefix: 'DeleteFunction' },
      { prefix: 'PutFunctionConcurrency' },
      { prefix: 'AddPermission' },
      { prefix: 'RemovePermission' },
      { prefix: 'PutFunctionEventInvokeConfig' },
      { prefix: 'UpdateFunctionEventInvokeConfig' },
      { prefix: 'CreateFunctionUrlConfig' },
      { prefix: 'UpdateFunctionUrlConfig' },
    ],
    // A name, a partial ARN (123456789012:function:name) or a full ARN.
    requestParameters: { functionName: [{ prefix: SERVICE_PREFIX }, { wildcard: `*:function:${SERVICE_PREFIX}*` }] },
  }),
  classify,
  guidance:
    'If nobody was deploying trailguard: redeploy the stack (`sls deploy --stage <stage>`) to restore its code and ' +
    'settings, and find out who made the change.',
  references: {
    mitre: ['T1562.001', 'T1525'],
    links: ['https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html'],
  },
});
