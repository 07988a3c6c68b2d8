import { describeActor, fieldText, firstFieldText, request, resourceList, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { accountOf, str, succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { accountOfPrincipal } from '../../lib/iam/policy-audience';
import { paramsFit, removeFunctionPermission } from '../../lib/remediation';
import { defineRule, type FindingDraft, type RemediationRequest } from '../../lib/rule';

/**
 * Lambda records API versions in its event names (AddPermission20150331v2, AddLayerVersionPermission20181031);
 * the pattern matches by prefix so a new API version is still seen.
 */
const FUNCTION_PERMISSION = /^AddPermission(\d{8}(v\d+)?)?$/;
const LAYER_PERMISSION = /^AddLayerVersionPermission(\d{8}(v\d+)?)?$/;

interface Audience {
  readonly everyone: boolean;
  readonly account?: string;
}

/**
 * Who the statement admits. `*` narrowed by sourceAccount, sourceArn or principalOrgID is not everyone (the
 * documented way to let a service or an organization in); a function URL with auth type NONE is. AWS service
 * principals (`s3.amazonaws.com`) are the function's own triggers, never a foreign account.
 */
const audienceOf = (record: CloudTrailRecord): Audience | undefined => {
  const principal = str(request(record, 'principal'))?.trim();
  if (principal === undefined) return undefined;
  const own = accountOf(record);
  if (principal === '*') {
    const narrowed = ['sourceAccount', 'sourceArn', 'principalOrgID', 'organizationId'].some((key) => fieldText(request(record, key)) !== undefined);
    const publicUrl = str(request(record, 'functionUrlAuthType'))?.toUpperCase() === 'NONE';
    return narrowed && !publicUrl ? undefined : { everyone: true };
  }
  const account = accountOfPrincipal(principal);
  return account !== undefined && account !== own ? { everyone: false, account } : undefined;
};

/**
 * The statement a function permission added, by its id, with what the redo command needs; only the event's own
 * request fields. Layer permissions are alerted, never reverted (RemoveLayerVersionPermission is not granted).
 */
const removal = (record: CloudTrailRecord): RemediationRequest | undefined => {
  const optional = (key: string) => {
    const value = str(request(record, key))?.trim();
    return value ? { [key]: value } : {};
  };
  const params = {
    functionName: str(request(record, 'functionName'))?.trim(),
    statementId: str(request(record, 'statementId')),
    region: record.awsRegion,
    grantee: str(request(record, 'principal'))?.trim(),
    action: str(request(record, 'action'))?.trim(),
    ...optional('qualifier'),
    ...optional('sourceArn'),
    ...optional('sourceAccount'),
    ...optional('functionUrlAuthType'),
  };
  return paramsFit(removeFunctionPermission, params) ? { action: 'remove-function-permission', params } : undefined;
};

/**
 * Stratus Red Team aws.persistence.lambda-backdoor-function and lambda-layer-extension: a function's resource
 * policy (AddPermission) or a layer version's (AddLayerVersionPermission) opened to everyone or another account,
 * so the outsider can invoke the function or pull the layer. CRITICAL for everyone, HIGH for an account.
 */
const classify = (record: CloudTrailRecord): FindingDraft | null => {
  const layer = LAYER_PERMISSION.test(record.eventName);
  if ((!layer && !FUNCTION_PERMISSION.test(record.eventName)) || !succeeded(record)) return null;
  const audience = audienceOf(record);
  if (audience === undefined) return null;
  const who = audience.everyone ? 'everyone (*)' : `account ${audience.account}`;
  const action = fieldText(request(record, 'action'), 80);
  const statement = fieldText(request(record, 'statementId'), 100);
  const target = layer
    ? `layer ${firstFieldText(request(record, 'layerName')) ?? '(unknown)'} version ${fieldText(String(request(record, 'versionNumber') ?? ''), 10) ?? '?'}`
    : `function ${firstFieldText(request(record, 'functionName')) ?? '(unknown)'}`;
  const remediation = layer ? undefined : removal(record);
  return {
    severity: audience.everyone ? 'CRITICAL' : 'HIGH',
    resources: resourceList(firstFieldText(request(record, 'functionName'), request(record, 'layerName'))),
    summary: `${describeActor(record)} let ${who} ${action ?? (layer ? 'use' : 'invoke')} ${target}`,
    facts: {
      'Granted to': who,
      ...(action ? { Action: action } : {}),
      ...(statement ? { 'Statement id': statement } : {}),
      ...(layer ? {} : remediation ? {} : { 'Not reverted': 'the event does not name a usable function, statement id, principal and action' }),
      ...viaService(record),
    },
    ...(remediation ? { remediation } : {}),
  };
};

export default defineRule({
  id: 'lambda.lambda-backdoor',
  title: 'Lambda function or layer opened to outsiders',
  description: 'A Lambda resource policy that admits everyone or another account lets them run the function or copy the layer.',
  category: 'lambda-backdoor',
  severity: 'HIGH',
  status: 'active',
  pattern: apiCallPattern('lambda', [{ prefix: 'AddPermission' }, { prefix: 'AddLayerVersionPermission' }]),
  actions: ['remove-function-permission'],
  classify,
  guidance:
    'Review the function\'s invocations since the statement was added. If it was not reverted (a layer, or a ' +
    'dry-run stage): aws lambda remove-permission --function-name <fn> --statement-id <id> (or remove-layer-version-permission).',
  references: {
    mitre: ['T1546', 'T1098'],
    stratus: ['aws.persistence.lambda-backdoor-function'],
    links: ['https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html'],
  },
});
