import { describeActor, fieldText, firstFieldText, request, resourceList, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { accountOf, items, succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { defineRule, type FindingDraft } from '../../lib/rule';

const CODE_UPDATE = /^UpdateFunctionCode(\d{8}(v\d+)?)?$/;
const CONFIG_UPDATE = /^UpdateFunctionConfiguration(\d{8}(v\d+)?)?$/;
const LAYER_ARN = /^arn:aws[\w-]*:lambda:[a-z0-9-]+:(\d{12}):layer:[^:]+(:\d+)?$/;

/** Layer ARNs in the request: a list of strings, or of `{ arn }` objects in some SDK records. */
const layersOf = (record: CloudTrailRecord): string[] => {
  const value = request(record, 'layers');
  const list = Array.isArray(value) ? value : [];
  return list
    .map((layer) => (typeof layer === 'string' ? fieldText(layer, 200) : fieldText(items(layer)[0]?.arn, 200)))
    .filter((arn): arn is string => arn !== undefined);
};

/**
 * Stratus Red Team aws.persistence.lambda-overwrite-code and lambda-layer-extension: a function's code replaced, or
 * layers (which can carry an extension that sees every invocation) set on it. Deployments do both all day, so LOW
 * for code and own-account layers (below the SMS threshold; a deployment principal is the reader's call); HIGH when
 * a layer comes from another account.
 */
const classify = (record: CloudTrailRecord): FindingDraft | null => {
  if (!succeeded(record)) return null;
  const fn = firstFieldText(request(record, 'functionName'));
  if (CODE_UPDATE.test(record.eventName)) {
    const bucket = fieldText(request(record, 's3Bucket'), 80);
    const key = fieldText(request(record, 's3Key'), 200);
    const image = fieldText(request(record, 'imageUri'), 200);
    const source = image ?? (bucket ? `s3://${bucket}/${key ?? ''}` : undefined);
    return {
      resources: resourceList(fn),
      summary: `${describeActor(record)} replaced the code of function ${fn ?? '(unknown)'}`,
      facts: { ...(source ? { 'New code from': source } : {}), ...viaService(record) },
    };
  }
  if (!CONFIG_UPDATE.test(record.eventName)) return null;
  const layers = layersOf(record);
  if (layers.length === 0) return null;
  const own = accountOf(record);
  const foreign = layers.filter((arn) => {
    const account = LAYER_ARN.exec(arn)?.[1];
    return account !== undefined && account !== own;
  });
  return {
    severity: foreign.length > 0 ? 'HIGH' : 'LOW',
    resources: resourceList(fn),
    summary: `${describeActor(record)} set ${layers.length} layer${layers.length === 1 ? '' : 's'} on function ${fn ?? '(unknown)'}${foreign.length > 0 ? ' from another account' : ''}`,
    facts: {
      Layers: layers.slice(0, 5).join(', '),
      ...(foreign.length > 0 ? { 'From another account': foreign.slice(0, 5).join(', ') } : {}),
      ...viaService(record),
    },
  };
};

export default defineRule({
  id: 'lambda.lambda-code-modified',
  title: 'Lambda function code or layers replaced',
  description: 'Replacing a function\'s code or adding a layer runs new code with the function\'s role and sees its data.',
  category: 'lambda-code-modified',
  severity: 'LOW',
  status: 'active',
  pattern: apiCallPattern('lambda', [{ prefix: 'UpdateFunctionCode' }, { prefix: 'UpdateFunctionConfiguration' }]),
  classify,
  guidance:
    'Match the change to a deployment. If none: publish the previous version\'s code again (or point the alias ' +
    'back), remove unknown layers, and review what the function did since.',
  references: {
    mitre: ['T1525', 'T1546'],
    stratus: ['aws.persistence.lambda-overwrite-code', 'aws.persistence.lambda-layer-extension'],
    links: ['https://docs.aws.amazon.com/lambda/latest/dg/chapter-layers.html'],
  },
});
