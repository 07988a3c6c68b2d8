import { DEDUP_TABLE_ACTIONS, renderDeployData } from '../../lib/deploy';
import { RESPONDERS } from '../../lib/responders';
import { RESPONDER_IDS } from '../../lib/rule';
import { RULES } from '../../rules';
import { getAttToken, refToken, resolve } from './cfn';
import { PACKAGE_TIMEOUT_MS, packageStages, resource, resourcesOfType, type PackagedStage } from './packaged';

// The state table the alert dedup (and idempotency) share, as the packaged stacks deploy it.
let stages: Readonly<Record<'dev' | 'prod', PackagedStage>>;
beforeAll(async () => {
  stages = await packageStages();
}, PACKAGE_TIMEOUT_MS);

const resolver = require('../../lib/deploy-params.cjs') as Record<string, (context: unknown) => Promise<unknown>>;
const resolvePitr = (value: unknown, stage = 'dev') =>
  resolver.pointInTimeRecovery!({
    options: { stage, param: [`pointInTimeRecovery=${String(value)}`] },
    resolveVariable: async (variable: string) => (variable === 'sls:stage' ? stage : value),
    resolveConfigurationProperty: async () => ({ default: { pointInTimeRecovery: false }, dev: {}, prod: {} }),
  });

describe.each(['dev', 'prod'] as const)('state table (%s)', (stage) => {
  test('one on-demand table keyed by id, TTL on expiration, encrypted, point-in-time recovery off by default', () => {
    expect(resourcesOfType(stages[stage].template, 'AWS::DynamoDB::Table').map(([id]) => id)).toEqual(['StateTable']);
    expect(resolve(resource(stages[stage].template, 'StateTable').Properties)).toEqual({
      TableName: `trailguard-${stage}-state`,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false },
    });
  });

  test.each(RESPONDER_IDS.map((id) => RESPONDERS[id].functionName))('%s: gets STATE_TABLE, and only GetItem and PutItem on that table for dedup', (name) => {
    const fn = renderDeployData(RULES).functions[name]!;
    const variables = resolve(resource(stages[stage].template, fn.functionLogicalId).Properties.Environment.Variables);
    expect(variables.STATE_TABLE).toBe(refToken('StateTable'));
    const { Statement } = resolve(resource(stages[stage].template, fn.roleLogicalId).Properties.Policies[0].PolicyDocument) as {
      Statement: { Sid: string; Action: string[]; Resource: unknown }[];
    };
    const onTable = Statement.filter((s) => JSON.stringify(s.Resource).includes('StateTable'));
    expect(onTable).toEqual([{ Sid: 'DedupAlerts', Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: getAttToken('StateTable', 'Arn') }]);
    expect(Statement.flatMap((s) => s.Action).filter((action) => action.startsWith('dynamodb:'))).toEqual([...DEDUP_TABLE_ACTIONS]);
  });

  test('the dashboard has an AlertsSuppressed widget, with digests and dedup errors', () => {
    const { DashboardBody } = resolve(resource(stages[stage].template, 'Dashboard').Properties);
    const widgets = (JSON.parse(DashboardBody) as { widgets: { properties: { title: string; metrics: unknown[][] } }[] }).widgets;
    const dedup = widgets.find((w) => w.properties.title.startsWith('AlertsSuppressed'));
    expect(dedup?.properties.metrics.map((m) => m.slice(0, 6))).toEqual(
      ['AlertsSuppressed', 'AlertDigests', 'DedupErrors'].map((metric) => ['Trailguard', metric, 'service', 'trailguard', 'stage', stage]),
    );
  });
});

test('pointInTimeRecovery takes true or false and refuses anything else, naming the param', async () => {
  await expect(resolvePitr(true)).resolves.toBe(true);
  await expect(resolvePitr('false')).resolves.toBe(false);
  await expect(resolvePitr('yes')).rejects.toThrow(/"pointInTimeRecovery".*true or false/);
});

test('under `sls invoke local` STATE_TABLE is empty (there is no table), elsewhere the table\'s Ref', async () => {
  const { testing } = require('../../lib/deploy-params.cjs') as { testing: { setInvokeLocal: (value: boolean | undefined) => void } };
  const resolveTable = () => resolver.stateTable!({ options: { stage: 'dev', param: [] }, resolveVariable: async () => 'dev', resolveConfigurationProperty: async () => ({}) });
  testing.setInvokeLocal(true);
  try {
    await expect(resolveTable()).resolves.toBe('');
  } finally {
    testing.setInvokeLocal(false);
  }
  await expect(resolver.stateTable!({ options: { stage: 'prod', param: [] }, resolveVariable: async () => 'prod', resolveConfigurationProperty: async () => ({}) })).resolves.toEqual({ Ref: 'StateTable' });
});
