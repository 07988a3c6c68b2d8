import { DEDUP_TABLE_ACTIONS, renderDeployData } from '../../lib/deploy';
import { RESPONDERS } from '../../lib/functions';
import { RESPONDER_IDS } from '../../lib/functions';
import { RULES } from '../../rules';
import { getAttToken, resolve } from './cfn';
import { PACKAGE_TIMEOUT_MS, packageStages, resource, type PackagedStage } from './packaged';

// What the shared alert dedup needs of the state table (the table itself: state-table.test.ts).
let stages: Readonly<Record<'dev' | 'prod', PackagedStage>>;
beforeAll(async () => {
  stages = await packageStages();
}, PACKAGE_TIMEOUT_MS);

describe.each(['dev', 'prod'] as const)('alert dedup on the state table (%s)', (stage) => {
  test.each(RESPONDER_IDS.map((id) => RESPONDERS[id].functionName))('%s: the item operations the dedup makes are granted on that table', (name) => {
    const fn = renderDeployData(RULES).functions[name]!;
    const { Statement } = resolve(resource(stages[stage].template, fn.roleLogicalId).Properties.Policies[0].PolicyDocument) as {
      Statement: { Sid: string; Action: string[]; Resource: unknown }[];
    };
    const onTable = Statement.filter((s) => JSON.stringify(s.Resource) === JSON.stringify(getAttToken('StateTable', 'Arn')));
    expect(onTable.map((s) => s.Sid)).toEqual(['IdempotencyState']);
    expect(onTable[0]!.Action).toEqual(expect.arrayContaining([...DEDUP_TABLE_ACTIONS]));
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
