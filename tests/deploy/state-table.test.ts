import { ENV } from '../../lib/config';
import { IDEMPOTENCY_ITEM_ACTIONS, renderDeployData } from '../../lib/deploy';
import { RULES } from '../../rules';
import { getAttToken, refToken, resolve } from './cfn';
import { PACKAGE_TIMEOUT_MS, packageStages, resource, resourcesOfType, type PackagedStage, type Stage } from './packaged';

// The stage's state table (idempotency on the CloudTrail eventID, failure counts; the shared alert dedup uses it
// too): one table per stage, on-demand, TTL on `expiration`, encrypted, PITR from the stage param; every function
// gets its name and only the item operations it needs.
let stages: Readonly<Record<Stage, PackagedStage>>;
beforeAll(async () => {
  stages = await packageStages();
}, PACKAGE_TIMEOUT_MS);

const deployed = renderDeployData(RULES).functions;

describe.each(['dev', 'prod'] as const)('state table (%s)', (stage) => {
  test('one AWS::DynamoDB::Table, StateTable, named trailguard-<stage>-state, keyed by id', () => {
    const tables = resourcesOfType(stages[stage].template, 'AWS::DynamoDB::Table').map(([id]) => id);
    expect(tables).toEqual(['StateTable']);
    expect(resolve(resource(stages[stage].template, 'StateTable').Properties)).toEqual({
      TableName: `trailguard-${stage}-state`,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      SSESpecification: { SSEEnabled: true },
      // The pointInTimeRecovery param's default: off.
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false },
    });
  });

  test.each(Object.entries(deployed))('%s: STATE_TABLE is the table, TRAILGUARD_MAX_ATTEMPTS its async retries + 1', (_name, fn) => {
    const { Properties } = resource(stages[stage].template, fn.functionLogicalId);
    const variables = resolve(Properties.Environment.Variables);
    expect(variables[ENV.stateTable]).toBe(refToken('StateTable'));
    const invokeConfigs = resourcesOfType(stages[stage].template, 'AWS::Lambda::EventInvokeConfig')
      .map(([, config]) => resolve(config.Properties))
      .filter((config) => config.FunctionName === refToken(fn.functionLogicalId));
    expect(invokeConfigs).toHaveLength(1);
    expect(Number(variables[ENV.maxAttempts])).toBe(invokeConfigs[0].MaximumRetryAttempts + 1);
  });

  test.each(Object.entries(deployed))('%s: its role may Get/Put/Update/Delete items of that table only, in its own statement', (_name, fn) => {
    const policy = resolve(resource(stages[stage].template, fn.roleLogicalId).Properties.Policies[0].PolicyDocument);
    const statements = (policy.Statement as { Sid: string; Action: string[]; Resource: unknown }[]).filter((s) => s.Action.some((a) => a.startsWith('dynamodb:')));
    expect(statements).toEqual([
      { Sid: 'IdempotencyState', Effect: 'Allow', Action: [...IDEMPOTENCY_ITEM_ACTIONS], Resource: getAttToken('StateTable', 'Arn') },
    ]);
    expect(IDEMPOTENCY_ITEM_ACTIONS).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
  });
});
