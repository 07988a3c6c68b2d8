import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { functionLogicalId } from '../../lib/deploy';
import { Metric, METRICS_NAMESPACE, SERVICE } from '../../lib/names';
import { RESPONDERS } from '../../lib/functions';
import { CATEGORIES, SEVERITIES } from '../../lib/rule';
import { RESPONDER_IDS } from '../../lib/functions';
import { refToken, resolve } from './cfn';
import { PACKAGE_TIMEOUT_MS, ROOT, packageStages, resource, resourcesOfType, type PackagedStage, type Stage } from './packaged';

let stages: Readonly<Record<Stage, PackagedStage>>;
beforeAll(async () => {
  stages = await packageStages();
}, PACKAGE_TIMEOUT_MS);

const dimensions = (stage: Stage, extra: Record<string, string> = {}) => [
  { Name: 'service', Value: 'trailguard' },
  { Name: 'stage', Value: stage },
  ...Object.entries(extra).map(([Name, Value]) => ({ Name, Value })),
];

interface Widget {
  properties: { title: string; region: string; metrics: unknown[][] };
}

const dashboard = (stage: Stage): { name: string; widgets: Widget[] } => {
  const { DashboardName, DashboardBody } = resolve(resource(stages[stage].template, 'Dashboard').Properties);
  return { name: DashboardName, widgets: (JSON.parse(DashboardBody) as { widgets: Widget[] }).widgets };
};

const widget = (stage: Stage, title: string): Widget => {
  const found = dashboard(stage).widgets.find((w) => w.properties.title === title);
  if (!found) throw new Error(`dashboard has no widget "${title}"`);
  return found;
};

const expressionsOf = (w: Widget) => w.properties.metrics.map((m) => m[0] as { expression: string; label: string });

describe('metric names the deployment reads are the ones the functions emit', () => {
  test.each(['dev', 'prod'] as const)('%s: every function emits under the namespace and service of lib/names.ts', (stage) => {
    const functions = resourcesOfType(stages[stage].template, 'AWS::Lambda::Function');
    expect(functions.length).toBe(RESPONDER_IDS.length);
    for (const [, fn] of functions) {
      expect(fn.Properties.Environment.Variables.POWERTOOLS_METRICS_NAMESPACE).toBe(METRICS_NAMESPACE);
      expect(fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME).toBe(SERVICE);
    }
  });

  test('lib/respond.ts emits every metric and dimension the alarms and dashboard use, by its lib/names.ts name', () => {
    const source = readFileSync(join(ROOT, 'lib', 'respond.ts'), 'utf8');
    for (const metric of ['Findings', 'Remediations', 'AlertsPublished', 'AlertsFailed', 'InvalidEvents', 'RuleErrors'] as const) {
      expect(source).toContain(`Metric.${metric}`);
    }
    // The state table's problems are counted where the table is wired (its guards fail open).
    expect(readFileSync(join(ROOT, 'lib', 'lambda', 'create-handler.ts'), 'utf8')).toContain('metrics.addMetric(Metric.StateErrors');
    expect(source).toMatch(/emit\(metrics, Metric\.Findings, \{ category: [^,]+, severity: [^}]+\}\)/);
    expect(source).toMatch(/emit\(metrics, Metric\.Remediations, \{ action: [^,]+, outcome: [^}]+\}\)/);
  });

  test('the metric names are distinct', () => {
    expect(new Set(Object.values(Metric)).size).toBe(Object.keys(Metric).length);
  });
});

describe.each(['dev', 'prod'] as const)('alarms (%s)', (stage) => {
  test('the six alarms exist, each notifies the alarm topic, and each name is one its policy admits', () => {
    const alarms = resourcesOfType(stages[stage].template, 'AWS::CloudWatch::Alarm');
    expect(alarms.map(([id]) => id).sort()).toEqual(
      ['AlertsFailedAlarm', 'DeadLetterQueueAlarm', 'InvalidEventsAlarm', 'RemediationFailedAlarm', 'RuleErrorsAlarm', 'StateErrorsAlarm'],
    );
    for (const [, alarm] of alarms) {
      const properties = resolve(alarm.Properties);
      expect(properties.AlarmActions).toEqual([refToken('AlarmTopic')]);
      expect(properties.AlarmName).toMatch(new RegExp(`^trailguard-${stage}-[a-z-]+$`));
      expect(properties.TreatMissingData).toBe('notBreaching');
    }
  });

  test('RemediationFailed sums failed Remediations of every action, over the exact emitted dimension set', () => {
    const alarm = resolve(resource(stages[stage].template, 'RemediationFailedAlarm').Properties);
    expect(alarm.Metrics).toEqual([
      {
        Id: 'failed',
        Label: 'Failed remediations',
        Expression: `SELECT SUM(Remediations) FROM SCHEMA("Trailguard", action, outcome, service, stage) WHERE outcome = 'failed' AND service = 'trailguard' AND stage = '${stage}'`,
        Period: 300,
        ReturnData: true,
      },
    ]);
    expect(alarm).toMatchObject({ ComparisonOperator: 'GreaterThanOrEqualToThreshold', Threshold: 1, TreatMissingData: 'notBreaching' });
  });

  test.each([
    ['RuleErrorsAlarm', 'RuleErrors'],
    ['InvalidEventsAlarm', 'InvalidEvents'],
    ['AlertsFailedAlarm', 'AlertsFailed'],
    ['StateErrorsAlarm', 'StateErrors'],
  ])('%s: any %s in five minutes, over the default dimensions only', (id, metric) => {
    expect(resolve(resource(stages[stage].template, id).Properties)).toMatchObject({
      Namespace: 'Trailguard',
      MetricName: metric,
      Dimensions: dimensions(stage),
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });
});

describe.each(['dev', 'prod'] as const)('dashboard (%s)', (stage) => {
  test('one dashboard per stage and region, in the stack\'s region', () => {
    const { name, widgets } = dashboard(stage);
    expect(name).toBe(`trailguard-${stage}-us-east-1`);
    expect(resourcesOfType(stages[stage].template, 'AWS::CloudWatch::Dashboard')).toHaveLength(1);
    for (const w of widgets) expect(w.properties.region).toBe('us-east-1');
  });

  test('findings by category: one SEARCH over the Findings dimension set per category', () => {
    const found = expressionsOf(widget(stage, 'Findings by category'));
    expect(found.map((e) => e.label)).toEqual([...CATEGORIES]);
    for (const { expression, label } of found) {
      expect(expression).toBe(
        `SUM(SEARCH('{Trailguard,category,service,severity,stage} MetricName="Findings" service="trailguard" stage="${stage}" category="${label}"', 'Sum', 300))`,
      );
    }
  });

  test('findings by severity: one SEARCH per severity', () => {
    const found = expressionsOf(widget(stage, 'Findings by severity'));
    expect(found.map((e) => e.label)).toEqual([...SEVERITIES]);
    for (const { expression, label } of found) {
      expect(expression).toContain(`{Trailguard,category,service,severity,stage} MetricName="Findings" service="trailguard" stage="${stage}" severity="${label}"`);
    }
  });

  test('remediations by outcome, including failed', () => {
    const found = expressionsOf(widget(stage, 'Remediations by outcome'));
    expect(found.map((e) => e.label)).toEqual(expect.arrayContaining(['applied', 'dry-run', 'failed', 'excepted']));
    for (const { expression } of found) expect(expression).toContain(`{Trailguard,action,outcome,service,stage} MetricName="Remediations" service="trailguard" stage="${stage}"`);
  });

  test('alerts published and failed, over the default dimensions', () => {
    expect(widget(stage, 'Alerts published / failed').properties.metrics).toEqual([
      ['Trailguard', 'AlertsPublished', 'service', 'trailguard', 'stage', stage, expect.anything()],
      ['Trailguard', 'AlertsFailed', 'service', 'trailguard', 'stage', stage, expect.anything()],
    ]);
  });

  test.each([
    ['Invocations per function', 'Invocations'],
    ['Errors and throttles per function', 'Errors'],
    ['Duration per function (p95, ms)', 'Duration'],
  ])('%s: every function', (title, metric) => {
    const metrics = widget(stage, title).properties.metrics.filter((m) => m[1] === metric);
    expect(metrics).toEqual(
      RESPONDER_IDS.map((id) => ['AWS/Lambda', metric, 'FunctionName', refToken(functionLogicalId(RESPONDERS[id].functionName)), expect.anything()]),
    );
  });
});
