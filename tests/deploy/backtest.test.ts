import { BACKTEST_BATCH_BYTES, BACKTEST_BATCH_ITEMS, BACKTEST_LOGICAL_IDS, BACKTEST_PREFIX_CONCURRENCY } from '../../lib/backtest-deploy';
import { BACKTEST_ENV } from '../../lib/backtest/layout';
import { RULES } from '../../rules';
import { getAttToken, refToken, resolve } from './cfn';
import { BACKTEST_TRAIL_BUCKET, PACKAGE_TIMEOUT_MS, packageBacktest, packageStages, resource, resourcesOfType, type PackagedStage, type Stage } from './packaged';

// `sls package --param backtest=true`: the state machine, its functions and the least-privilege roles, as
// CloudFormation will create them; and nothing of it without the param.
let backtest: PackagedStage;
let stages: Readonly<Record<Stage, PackagedStage>>;
beforeAll(async () => {
  stages = await packageStages();
  backtest = await packageBacktest();
}, PACKAGE_TIMEOUT_MS);

const ids = BACKTEST_LOGICAL_IDS;
type Statement = { Sid: string; Effect: string; Action: string[]; Resource: unknown; Condition?: unknown };
const statements = (roleId: string): Statement[] => {
  const role = resource(backtest.template, roleId);
  expect(role.Properties.Policies).toHaveLength(1);
  return resolve(role.Properties.Policies[0].PolicyDocument).Statement as Statement[];
};
/** Every (action, resource) pair a role allows, as readable text. */
const grants = (roleId: string): string[] =>
  statements(roleId).flatMap((s) => {
    expect(s.Effect).toBe('Allow');
    const resources = Array.isArray(s.Resource) ? s.Resource : [s.Resource];
    return s.Action.flatMap((action) => resources.map((r) => `${action} ${r}${s.Condition ? ` if ${JSON.stringify(s.Condition)}` : ''}`));
  }).sort();

const RESULTS = getAttToken(ids.resultsBucket, 'Arn');
const definition = () => JSON.parse(resolve(resource(backtest.template, ids.stateMachine).Properties.DefinitionString)) as any;

describe('distributed backtest in the template (backtest: true)', () => {
  test('without the param, no stage has any of it', () => {
    for (const stage of ['dev', 'prod'] as const) {
      expect(Object.keys(stages[stage].template.Resources).filter((id) => id.startsWith('Backtest'))).toEqual([]);
      expect(stages[stage].zips.map((z) => z.name)).not.toContain('backtestWorker.zip');
    }
  });

  test('a state machine, two functions with their own roles and log groups, a results bucket', () => {
    expect(Object.keys(backtest.template.Resources).filter((id) => id.startsWith('Backtest')).sort()).toEqual(
      [
        ids.merge.role,
        ids.merge.function,
        ids.merge.logGroup,
        ids.resultsBucket,
        ids.resultsBucketPolicy,
        ids.stateMachine,
        ids.stateMachineRole,
        ids.worker.function,
        ids.worker.logGroup,
        ids.worker.role,
      ].sort(),
    );
    expect(backtest.zips.map((z) => z.name)).toEqual(expect.arrayContaining(['backtestWorker.zip', 'backtestMerge.zip']));
    const machine = resource(backtest.template, ids.stateMachine).Properties;
    expect(machine).toMatchObject({ StateMachineName: 'trailguard-dev-backtest', StateMachineType: 'STANDARD' });
    expect(resolve(machine.RoleArn)).toBe(getAttToken(ids.stateMachineRole, 'Arn'));
    for (const [fn, role, handler] of [
      [ids.worker.function, ids.worker.role, 'handlers/backtest-worker.handler'],
      [ids.merge.function, ids.merge.role, 'handlers/backtest-merge.handler'],
    ] as const) {
      const props = resource(backtest.template, fn).Properties;
      expect(props.Handler).toBe(handler);
      expect(resolve(props.Role)).toBe(getAttToken(role, 'Arn'));
      expect(resolve(props.Environment.Variables[BACKTEST_ENV.resultsBucket])).toBe(refToken(ids.resultsBucket));
      // The stage's own config reaches the worker as it reaches the responders: the engine is the stage's.
      expect(props.Environment.Variables.TRAILGUARD_MODE).toBe('dry-run');
    }
    // Express child executions last at most five minutes.
    expect(resource(backtest.template, ids.worker.function).Properties.Timeout).toBeLessThan(300);
    expect(backtest.template.Outputs).toMatchObject({ BacktestStateMachineArn: { Value: { Ref: ids.stateMachine } } });
  });

  test('the results bucket is private, encrypted, TLS-only and expires what it holds', () => {
    const bucket = resource(backtest.template, ids.resultsBucket).Properties;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(bucket.LifecycleConfiguration.Rules[0]).toMatchObject({ Status: 'Enabled', ExpirationInDays: 30 });
    const policy = resolve(resource(backtest.template, ids.resultsBucketPolicy).Properties.PolicyDocument);
    expect(policy.Statement).toEqual([expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]);
  });

  test('worker role: read CloudTrail objects under the trail prefix, write partials, its own logs; nothing else', () => {
    expect(grants(ids.worker.role)).toEqual(
      [
        `logs:CreateLogStream ${getAttToken(ids.worker.logGroup, 'Arn')}`,
        `logs:PutLogEvents ${getAttToken(ids.worker.logGroup, 'Arn')}`,
        `s3:GetObject arn:aws:s3:::${BACKTEST_TRAIL_BUCKET}/AWSLogs/*`,
        `s3:PutObject ${RESULTS}/runs/*/partials/*`,
      ].sort(),
    );
  });

  test('merge role: list and read partials, write the results, its own logs; nothing else', () => {
    expect(grants(ids.merge.role)).toEqual(
      [
        `logs:CreateLogStream ${getAttToken(ids.merge.logGroup, 'Arn')}`,
        `logs:PutLogEvents ${getAttToken(ids.merge.logGroup, 'Arn')}`,
        `s3:ListBucket ${RESULTS} if {"StringLike":{"s3:prefix":"runs/*"}}`,
        `s3:GetObject ${RESULTS}/runs/*/partials/*`,
        `s3:PutObject ${RESULTS}/runs/*/results.ndjson`,
      ].sort(),
    );
  });

  test('state machine role: list the trail prefix, run its own children, invoke the two functions, write map results', () => {
    const machine = 'arn:aws:states:us-east-1:123456789012';
    expect(grants(ids.stateMachineRole)).toEqual(
      [
        `lambda:InvokeFunction ${getAttToken(ids.worker.function, 'Arn')}`,
        `lambda:InvokeFunction ${getAttToken(ids.merge.function, 'Arn')}`,
        `states:StartExecution ${machine}:stateMachine:trailguard-dev-backtest`,
        `states:DescribeExecution ${machine}:execution:trailguard-dev-backtest/*`,
        `states:DescribeExecution ${machine}:express:trailguard-dev-backtest/*`,
        `states:StopExecution ${machine}:execution:trailguard-dev-backtest/*`,
        `states:StopExecution ${machine}:express:trailguard-dev-backtest/*`,
        `s3:ListBucket arn:aws:s3:::${BACKTEST_TRAIL_BUCKET} if {"StringLike":{"s3:prefix":"AWSLogs/*"}}`,
        `s3:GetObject ${RESULTS}/runs/*/prefixes.json`,
        ...['s3:PutObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'].map((a) => `${a} ${RESULTS}/map-runs/*`),
      ].sort(),
    );
    const trust = resolve(resource(backtest.template, ids.stateMachineRole).Properties.AssumeRolePolicyDocument);
    expect(trust.Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'states.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } },
    ]);
  });

  test('definition: a Distributed Map over the prefix list, a Distributed Map over each prefix listing, batches to the worker, then the merge', () => {
    const asl = definition();
    expect(asl.StartAt).toBe('Prefixes');
    const outer = asl.States.Prefixes;
    expect(outer).toMatchObject({
      Type: 'Map',
      ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Parameters: { Bucket: refToken(ids.resultsBucket), 'Key.$': '$.prefixesKey' } },
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'Objects' },
      MaxConcurrency: BACKTEST_PREFIX_CONCURRENCY,
      ToleratedFailurePercentage: 0,
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: refToken(ids.resultsBucket), Prefix: 'map-runs' } },
      Next: 'Merge',
    });
    expect(outer.ItemSelector).toEqual({ 'prefix.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index', 'run.$': '$$.Execution.Name', 'bucket.$': '$.bucket', 'spec.$': '$.spec', trailPrefix: 'AWSLogs/' });
    const inner = outer.ItemProcessor.States.Objects;
    expect(inner).toMatchObject({
      Type: 'Map',
      ItemReader: { Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { Bucket: BACKTEST_TRAIL_BUCKET, 'Prefix.$': '$.prefix' } },
      ItemBatcher: { MaxItemsPerBatch: BACKTEST_BATCH_ITEMS, MaxInputBytesPerBatch: BACKTEST_BATCH_BYTES, BatchInput: { 'run.$': '$.run', 'index.$': '$.index', 'bucket.$': '$.bucket', 'spec.$': '$.spec' } },
      // backtestConcurrency=200 shared by the prefixes running at once.
      MaxConcurrency: 200 / BACKTEST_PREFIX_CONCURRENCY,
      ToleratedFailurePercentage: 0,
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, StartAt: 'Replay' },
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject' },
      End: true,
    });
    // The items leave room in the child's 256 KiB input for BatchInput beside them, even with every rule id and a
    // filter of 1,000 accounts and 40 regions in its spec.
    expect(BACKTEST_BATCH_BYTES).toBe(204_800);
    const spec = { ruleIds: RULES.map((rule) => rule.id), filter: { start: Date.now(), end: Date.now(), accounts: Array.from({ length: 1000 }, (_, i) => String(100_000_000_000 + i)), regions: Array.from({ length: 40 }, () => 'ap-southeast-5') } };
    const batchInput = { run: 'r'.repeat(80), index: 99_999, bucket: 'b'.repeat(63), spec };
    expect(BACKTEST_BATCH_BYTES + Buffer.byteLength(JSON.stringify({ BatchInput: batchInput, Items: [] }))).toBeLessThanOrEqual(256 * 1024);
    expect(inner.ItemProcessor.States.Replay).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: getAttToken(ids.worker.function, 'Arn'), 'Payload.$': '$' },
      End: true,
    });
    expect(asl.States.Merge).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: getAttToken(ids.merge.function, 'Arn'), Payload: { 'run.$': '$$.Execution.Name', 'started.$': '$$.Execution.StartTime' } },
      End: true,
    });
  });
});
