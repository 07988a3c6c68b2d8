import { renderBacktest, type BacktestDeployData } from './backtest-deploy';
import type { RemediationStatus } from './finding';
import { RESPONDERS, RESPONDER_IDS, grantsOf, iamActionsOf } from './functions';
import { rulesOf } from './routing';
import { Metric, METRICS_NAMESPACE, SERVICE } from './names';
import { ACTION_IDS } from './remediation';
import { ANY_RESOURCE, type IamPermission, type IamResourceType } from './remediation/action';
import { CATEGORIES, SEVERITIES, type RuleDefinition } from './rule';

/*
 * Everything serverless.yml deploys that follows from the rule and action declarations, rendered once into
 * rules/deploy.generated.json (`npm run rules:generate`; a test fails when it is stale) and pulled into the stack
 * with `resources: [${file(./rules/deploy.generated.json):cloudformation}, …]`. Nothing here is written by hand a
 * second time: EventBridge patterns and states come from the rules, IAM actions from the remediation actions, the
 * alarm and dashboard series from the categories, severities and actions.
 *
 * The fragment is plain CloudFormation plus one serverless variable, `${sls:stage}` (osls resolves variables inside
 * files loaded with ${file()}). It never uses Fn::Sub, so CloudFormation `${…}` and serverless `${…}` cannot collide.
 */

/** EventBridge rule state that also delivers read-only Describe/Get/List management calls. */
export const ALL_MANAGEMENT_EVENTS_STATE = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

/** Serverless variable for the stage; resolved by osls when it loads the generated file. */
export const STAGE = '${sls:stage}';

/** Logical ids shared between serverless.yml (hand-written resources) and the generated fragment. */
export const LOGICAL_IDS = {
  deadLetterQueue: 'DeadLetterQueue',
  deadLetterQueuePolicy: 'DeadLetterQueuePolicy',
  alertTopic: 'AlertTopic',
  alertTopicKey: 'AlertTopicKey',
  alarmTopic: 'AlarmTopic',
  remediationFailedAlarm: 'RemediationFailedAlarm',
  dashboard: 'Dashboard',
  stateTable: 'StateTable',
} as const;

/**
 * Async delivery bounds. EventBridge retries only when it cannot hand the event to Lambda at all (Invoke API
 * throttled, permission missing, function being replaced); Lambda queues async invokes even when the function is
 * throttled, so such failures are rare and short. Past an hour an alert is stale: the event goes to the
 * dead-letter queue (kept 14 days) to be looked at and replayed instead.
 */
export const EVENT_RULE_RETRY_POLICY = { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 3600 } as const;

/**
 * Async invocation: Lambda retries a failed event twice (the functions' TRAILGUARD_MAX_ATTEMPTS is this + 1: the
 * last attempt alerts "gave up"; a deployment test keeps the two in step), then hands it to the dead-letter queue,
 * as it does once the event is an hour old (a later alert is stale; the queue keeps it 14 days for replay).
 */
export const FUNCTION_RETRY = { maximumRetryAttempts: 2, maximumEventAge: 3600 } as const;

/** Remediation statuses a live function records (docs/replay-output.md); `failed` raises the alarm. */
export const REMEDIATION_OUTCOMES = ['applied', 'already-compliant', 'dry-run', 'excepted', 'failed', 'not-applicable'] as const satisfies readonly RemediationStatus[];



/** IAM role names are at most 64 characters (lib/deploy-params.cjs refuses stage names too long for them). */
export const ROLE_NAME_LIMIT = 64;

export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };
export interface CfnResource {
  readonly Type: string;
  readonly Condition?: string;
  readonly DependsOn?: string | readonly string[];
  readonly Properties: { readonly [key: string]: Json };
}

export interface DeployedEventRule {
  readonly ruleId: string;
  /** The serverless.yml function that responds to it. */
  readonly function: string;
  /** CloudFormation logical id of the AWS::Events::Rule (stable: derived from the rule id). */
  readonly logicalId: string;
  /** Logical id of the AWS::Lambda::Permission that lets the rule invoke the function. */
  readonly permissionLogicalId: string;
  readonly state: 'ENABLED' | typeof ALL_MANAGEMENT_EVENTS_STATE;
}

export interface DeployedResponder {
  readonly responder: string;
  readonly description: string;
  /** serverless.yml `handler:` of the function. */
  readonly handler: string;
  /** Logical ids serverless gives the function and its log group, and the one given here to its role. */
  readonly functionLogicalId: string;
  readonly logGroupLogicalId: string;
  readonly roleLogicalId: string;
  readonly rules: readonly string[];
  /** IAM actions the function's role gets for remediation: exactly what its rules' actions declare. */
  readonly permissions: readonly string[];
}

/**
 * A function's block under serverless.yml `functions:` (osls's function schema): serverless.yml takes them all
 * from here, so a function declared in lib/functions.ts deploys with no hand-written block.
 */
export interface ServerlessFunction {
  readonly handler: string;
  readonly description: string;
  /** The logical id of its generated role. */
  readonly role: string;
  readonly maximumRetryAttempts: number;
  readonly maximumEventAge: number;
  readonly destinations: { readonly onFailure: { readonly type: 'sqs'; readonly arn: Json } };
}

export interface DeployData {
  readonly comment: string;
  /** Severities from least to most severe: the SMS filter policy is computed from them (lib/deploy-params.cjs). */
  readonly severities: readonly string[];
  /** Keyed by serverless.yml function name. */
  readonly functions: Readonly<Record<string, DeployedResponder>>;
  /** Keyed by rule id. */
  readonly eventRules: Readonly<Record<string, DeployedEventRule>>;
  /** serverless.yml `functions:`, keyed by function name. */
  readonly serverlessFunctions: Readonly<Record<string, ServerlessFunction>>;
  /** Merged into the stack by serverless.yml `resources:`. */
  readonly cloudformation: { readonly Resources: Readonly<Record<string, CfnResource>> };
  /** Only with the `backtest` stage param (lib/backtest-deploy.ts; lib/deploy-params.cjs fills in the stage's values). */
  readonly backtest: BacktestDeployData;
}

const pascal = (id: string): string =>
  id.split(/[^A-Za-z0-9]+/).filter(Boolean).map((part) => part[0]!.toUpperCase() + part.slice(1)).join('');

/** osls naming (lib/plugins/aws/lib/naming.js getNormalizedFunctionName). */
const normalizedFunctionName = (name: string): string => {
  const replaced = name.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return replaced[0]!.toUpperCase() + replaced.slice(1);
};
export const functionLogicalId = (name: string): string => `${normalizedFunctionName(name)}LambdaFunction`;
export const logGroupLogicalId = (name: string): string => `${normalizedFunctionName(name)}LogGroup`;
export const roleLogicalId = (name: string): string => `${normalizedFunctionName(name)}Role`;

export const ref = (logicalId: string): Json => ({ Ref: logicalId });
export const arnOf = (logicalId: string): Json => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });
export const join = (separator: string, parts: readonly Json[]): Json => ({ 'Fn::Join': [separator, parts] });
export const PARTITION = ref('AWS::Partition');
const REGION = ref('AWS::Region');
const ACCOUNT = ref('AWS::AccountId');

/** `trailguard-<stage>-<region>-<function>`: IAM names are global, and the stack may run in several regions. */
export const roleName = (functionName: string, region: Json = REGION, stage: string = STAGE): Json => join('-', [SERVICE, stage, region, functionName]);

/** Alarm names carry the stage so dev and prod alarms can live in one account and region. */
export const alarmName = (suffix: string): Json => join('-', [SERVICE, STAGE, suffix]);

/**
 * This account's ARNs of each resource type an action may declare. Security groups are regional and EventBridge
 * only delivers this region's events, so they stay in the stack's region; a trail may be multi-region with
 * another home region, so any region.
 */
export const resourceArns = (region: Json, account: Json = ACCOUNT): { readonly [T in IamResourceType]: readonly Json[] } => ({
  'ec2:security-group': [join('', ['arn:', PARTITION, ':ec2:', region, ':', account, ':security-group/*'])],
  'ec2:security-group-rule': [join('', ['arn:', PARTITION, ':ec2:', region, ':', account, ':security-group-rule/*'])],
  'cloudtrail:trail': [join('', ['arn:', PARTITION, ':cloudtrail:*:', account, ':trail/*'])],
  // EC2 image and snapshot ARNs have an empty account field; only their owner can change who may use them.
  'ec2:image': [join('', ['arn:', PARTITION, ':ec2:', region, '::image/*'])],
  'ec2:snapshot': [join('', ['arn:', PARTITION, ':ec2:', region, '::snapshot/*'])],
  'rds:snapshot': [join('', ['arn:', PARTITION, ':rds:', region, ':', account, ':snapshot:*'])],
  'rds:cluster-snapshot': [join('', ['arn:', PARTITION, ':rds:', region, ':', account, ':cluster-snapshot:*'])],
  'lambda:function': [join('', ['arn:', PARTITION, ':lambda:', region, ':', account, ':function:*'])],
  // The stack's own rules and functions: CloudFormation names them `<stack>-…`, and the stack is trailguard-<stage>.
  // On the default bus `rule/<name>`; on a central stage's bus `trailguard-<stage>` (organization topology) `rule/<bus>/<name>`.
  'events:responder-rule': [
    join('', ['arn:', PARTITION, ':events:', region, ':', account, `:rule/${SERVICE}-`, STAGE, '-*']),
    join('', ['arn:', PARTITION, ':events:', region, ':', account, `:rule/${SERVICE}-`, STAGE, `/${SERVICE}-`, STAGE, '-*']),
  ],
  'lambda:responder-function': [join('', ['arn:', PARTITION, ':lambda:', region, ':', account, `:function:${SERVICE}-`, STAGE, '-*'])],
  // A role squatting the responder's prefix may sit under any path; the stack's own roles are denied (role()).
  'iam:responder-named-role': [
    join('', ['arn:', PARTITION, ':iam::', account, `:role/${SERVICE}-*`]),
    join('', ['arn:', PARTITION, ':iam::', account, `:role/*/${SERVICE}-*`]),
  ],
  'iam:instance-profile': [join('', ['arn:', PARTITION, ':iam::', account, ':instance-profile/*'])],
  // A ScheduleKeyDeletion event names the key by ARN, whose region is the key's, not necessarily the stack's.
  'kms:key': [join('', ['arn:', PARTITION, ':kms:*:', account, ':key/*'])],
  'config:configuration-recorder': [join('', ['arn:', PARTITION, ':config:', region, ':', account, ':configuration-recorder/*'])],
  'iam:user': [join('', ['arn:', PARTITION, ':iam::', account, ':user/*'])],
  'ec2:flow-log-target': ['vpc', 'subnet', 'network-interface', 'vpc-flow-log'].map((type) =>
    join('', ['arn:', PARTITION, ':ec2:', region, ':', account, `:${type}/*`]),
  ),
  [ANY_RESOURCE]: [ANY_RESOURCE],
});

/**
 * The stack's own ARNs. The region is a stage param's value (lib/deploy-params.cjs remediationRegion): the stack's
 * region in a single stage; in a central stage any region, since the central account's own events of every region
 * it forwards (member template) are remediated with the functions' own roles.
 */
const RESOURCE_ARNS = resourceArns('${file(./lib/deploy-params.cjs):remediationRegion}');

/** Only calls that read may be granted on "*" (and only because IAM offers nothing narrower for them). */
const READ_ONLY_ACTION = /^[a-z0-9-]+:(Describe|Get|List|Lookup)[A-Za-z]*$/;

/**
 * The write actions that may be granted on "*", each because IAM supports no resource for it: CloudWatch Logs' log
 * delivery, which creating a flow log to S3 sets up on the caller's behalf (recreate-flow-logs).
 */
const WRITES_ON_ANY_RESOURCE: ReadonlySet<string> = new Set(['logs:CreateLogDelivery', 'logs:DeleteLogDelivery']);

/** One statement per set of resource types, each granting the declared actions on exactly those ARNs. */
export const remediationStatements = (grants: readonly IamPermission[], arns = RESOURCE_ARNS): Json[] => {
  const byResources = new Map<string, { resources: readonly IamResourceType[]; actions: Set<string> }>();
  for (const grant of grants) {
    if (grant.resources.length === 0) throw new Error(`permission ${grant.action} declares no resource type to scope it to`);
    const anyAllowed = READ_ONLY_ACTION.test(grant.action) || WRITES_ON_ANY_RESOURCE.has(grant.action);
    if (grant.resources.includes(ANY_RESOURCE) && (grant.resources.length > 1 || !anyAllowed)) {
      throw new Error(`permission ${grant.action} is declared on "*": only a read-only call with no resource-level permissions may be`);
    }
    const resources = [...new Set(grant.resources)].sort();
    const key = resources.join(' ');
    const entry = byResources.get(key) ?? { resources, actions: new Set<string>() };
    entry.actions.add(grant.action);
    byResources.set(key, entry);
  }
  const onAny = [...(byResources.get(ANY_RESOURCE)?.actions ?? [])].sort();
  byResources.delete(ANY_RESOURCE);
  const reads = onAny.filter((action) => READ_ONLY_ACTION.test(action));
  const writes = onAny.filter((action) => !READ_ONLY_ACTION.test(action));
  const groups = [...byResources.values()];
  return [
    ...groups.map(({ resources, actions }, index) =>
      statement(groups.length === 1 ? 'Remediate' : `Remediate${index + 1}`, [...actions].sort(), resources.flatMap((type) => arns[type])),
    ),
    ...(reads.length > 0 ? [statement('ReadForRemediation', reads, ANY_RESOURCE)] : []),
    ...(writes.length > 0 ? [statement('RemediateOnAnyResource', writes, ANY_RESOURCE)] : []),
  ];
};

export const statement = (sid: string, actions: readonly string[], resource: Json, condition?: Json): Json => ({
  Sid: sid,
  Effect: 'Allow',
  Action: [...actions],
  Resource: resource,
  ...(condition === undefined ? {} : { Condition: condition }),
});

/** The service a flow log's delivery role is passed to (iam:PassedToService). */
export const FLOW_LOGS_SERVICE = 'vpc-flow-logs.amazonaws.com';
export const FLOW_LOG_DELIVERY_POLICY = 'FlowLogDeliveryRolesPolicy';

/**
 * recreate-flow-logs' one stage-dependent grant: creating a flow log to a CloudWatch Logs log group passes its
 * delivery role, so the function running the action may pass exactly the roles the flowLogs param declares, and
 * only to the flow-logs service. Rendered at packaging from the param (lib/deploy-params.cjs flowLogResources),
 * never into rules/deploy.generated.json; nothing when no declared flow log goes to a log group.
 */
export const flowLogDeliveryResources = (deliveryRoleArns: readonly string[]): { Resources: Record<string, CfnResource> } | Record<string, never> => {
  if (deliveryRoleArns.length === 0) return {};
  const owner = RESPONDER_IDS.find((id) => (RESPONDERS[id].actions as readonly string[]).includes('recreate-flow-logs'));
  if (owner === undefined) throw new Error('no function runs recreate-flow-logs (lib/functions.ts): nothing may pass the flow logs\' delivery roles');
  const functionName = RESPONDERS[owner].functionName;
  return {
    Resources: {
      [FLOW_LOG_DELIVERY_POLICY]: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyName: `${SERVICE}-${functionName}-pass-flow-log-delivery-roles`,
          Roles: [ref(roleLogicalId(functionName))],
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              statement('PassFlowLogDeliveryRoles', ['iam:PassRole'], [...deliveryRoleArns], { StringEquals: { 'iam:PassedToService': FLOW_LOGS_SERVICE } }),
            ],
          },
        },
      },
    },
  };
};

/** The item operations the alert dedup uses on the state table (lib/alert/dedup-store.ts): read, conditional put. */
export const DEDUP_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem'] as const;

/**
 * One role per function, holding only: its remediation permissions (from the action declarations, scoped to this
 * account's resources), publishing to the alert topic (and the key that encrypts it, only through SNS), sending
 * to the dead-letter queue (the on-failure destination of its async invocations), writing its own log group, and
 * the item operations the alert dedup, idempotency and failure counts make on the state table.
 */
const role = (
  functionName: string,
  responder: DeployedResponder,
  grants: readonly IamPermission[],
  ownFunctionNames: readonly string[],
): CfnResource => {
  const statements: Json[] = [
    statement('WriteOwnLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], arnOf(responder.logGroupLogicalId)),
    statement('PublishAlerts', ['sns:Publish'], ref(LOGICAL_IDS.alertTopic)),
    statement('EncryptAlertsThroughSns', ['kms:Decrypt', 'kms:GenerateDataKey'], arnOf(LOGICAL_IDS.alertTopicKey), {
      StringEquals: { 'kms:ViaService': join('', ['sns.', REGION, '.', ref('AWS::URLSuffix')]) },
    }),
    statement('DeadLetterFailedEvents', ['sqs:SendMessage'], arnOf(LOGICAL_IDS.deadLetterQueue)),
    // Idempotency records (handler, remediation and alert steps), the per-event failure count (lib/state) and the
    // alert dedup's windows (DEDUP_TABLE_ACTIONS, a subset: tests/deploy/dedup-table.test.ts keeps it one).
    statement('IdempotencyState', [...IDEMPOTENCY_ITEM_ACTIONS], arnOf(LOGICAL_IDS.stateTable)),
  ];
  statements.push(...remediationStatements(grants));
  // A function that may delete roles named trailguard-* must never delete or strip the stack's own: an explicit
  // deny wins over the allow, whatever a bug or a crafted event asks for. The ARNs are built from the role names
  // (a GetAtt of the function's own role would be a circular reference).
  const roleActions = grants.filter((grant) => grant.resources.includes('iam:responder-named-role')).map((grant) => grant.action);
  if (roleActions.length > 0) {
    const ownRoles = ownFunctionNames.map((name) => join('', ['arn:', PARTITION, ':iam::', ACCOUNT, ':role/', roleName(name)]));
    statements.push({ Sid: 'NeverTouchOwnRoles', Effect: 'Deny', Action: [...new Set(roleActions)].sort(), Resource: ownRoles });
  }
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: roleName(functionName),
      Description: `trailguard ${functionName} responder: ${responder.description}`.slice(0, 1000),
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      },
      Policies: [{ PolicyName: `${SERVICE}-${functionName}`, PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
    },
  };
};

/** The item operations Powertools idempotency and the failure count make on the state table: nothing else. */
export const IDEMPOTENCY_ITEM_ACTIONS = ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'] as const;

/**
 * The stage's state table: Powertools idempotency records (`<functionName>…#<hash>` ids), the failure counts
 * (`failures#…`) and the shared alert dedup (`dedup#…`). Every item carries `expiration` (epoch seconds) for TTL.
 * On-demand: a few writes per event, nothing when nothing happens. Point-in-time recovery is the
 * `pointInTimeRecovery` stage param (off by default: the items are short-lived and rebuilt by the next event).
 */
export const stateTable = (): CfnResource => ({
  Type: 'AWS::DynamoDB::Table',
  Properties: {
    TableName: `${SERVICE}-${STAGE}-state`,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
    SSESpecification: { SSEEnabled: true },
    PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: '${file(./lib/deploy-params.cjs):pointInTimeRecovery}' },
  },
});

const serverlessFunction = (deployed: DeployedResponder): ServerlessFunction => ({
  handler: deployed.handler,
  description: deployed.description,
  role: deployed.roleLogicalId,
  ...FUNCTION_RETRY,
  destinations: { onFailure: { type: 'sqs', arn: arnOf(LOGICAL_IDS.deadLetterQueue) } },
});

const eventRule = (rule: RuleDefinition, deployed: DeployedEventRule, functionName: string): CfnResource => ({
  Type: 'AWS::Events::Rule',
  Properties: {
    Description: `trailguard ${rule.id}: ${rule.title}`.slice(0, 512),
    // `default`, or in a central stage the organization bus (lib/deploy-params.cjs eventBusName).
    EventBusName: '${file(./lib/deploy-params.cjs):eventBusName}',
    // The rule's own pattern, unchanged: replay and the rule tests match exactly what is deployed.
    EventPattern: rule.pattern as Json,
    State: deployed.state,
    Targets: [
      {
        Id: functionName,
        Arn: arnOf(functionLogicalId(functionName)),
        RetryPolicy: { ...EVENT_RULE_RETRY_POLICY },
        DeadLetterConfig: { Arn: arnOf(LOGICAL_IDS.deadLetterQueue) },
      },
    ],
  },
});

const invokePermission = (deployed: DeployedEventRule): CfnResource => ({
  Type: 'AWS::Lambda::Permission',
  Properties: {
    Action: 'lambda:InvokeFunction',
    FunctionName: arnOf(functionLogicalId(deployed.function)),
    Principal: 'events.amazonaws.com',
    SourceArn: arnOf(deployed.logicalId),
  },
});

/** EventBridge may dead-letter into the queue, but only for these rules; nothing may use it without TLS. */
const deadLetterQueuePolicy = (eventRules: readonly DeployedEventRule[]): CfnResource => ({
  Type: 'AWS::SQS::QueuePolicy',
  Properties: {
    Queues: [ref(LOGICAL_IDS.deadLetterQueue)],
    PolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'EventBridgeRulesDeadLetter',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: arnOf(LOGICAL_IDS.deadLetterQueue),
          Condition: { ArnEquals: { 'aws:SourceArn': eventRules.map((r) => arnOf(r.logicalId)) } },
        },
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 'sqs:*',
          Resource: arnOf(LOGICAL_IDS.deadLetterQueue),
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    },
  },
});

/**
 * Failed remediations of any action. Remediations is emitted as a single metric per finding with exactly the
 * dimensions service, stage, action, outcome; one Metrics Insights query sums the failed ones over every action,
 * so the alarm needs no edit when an action is added (a metric-math alarm retrieves at most 10 metrics, one per
 * action, and stopped the 11th).
 */
const remediationFailedAlarm = (): CfnResource => ({
  Type: 'AWS::CloudWatch::Alarm',
  Properties: {
    AlarmName: alarmName('remediation-failed'),
    AlarmDescription:
      'A remediation failed (revert or restart not done): the change is still in place. The alert for the event ' +
      'says which; the event was retried and, if it kept failing, is in the dead-letter queue.',
    AlarmActions: [ref(LOGICAL_IDS.alarmTopic)],
    Metrics: [
      {
        Id: 'failed',
        Label: 'Failed remediations',
        // SCHEMA with the exact dimension set the function emits: only these series, never a look-alike.
        Expression:
          `SELECT SUM(${Metric.Remediations}) FROM SCHEMA("${METRICS_NAMESPACE}", action, outcome, service, stage) ` +
          `WHERE outcome = 'failed' AND service = '${SERVICE}' AND stage = '${STAGE}'`,
        Period: 300,
        ReturnData: true,
      },
    ],
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    Threshold: 1,
    EvaluationPeriods: 1,
    DatapointsToAlarm: 1,
    TreatMissingData: 'notBreaching',
  },
});

/** Placeholders inside the dashboard body, replaced by CloudFormation values through Fn::Join. */
const PLACEHOLDER = /\{\{(ref|queueName):([A-Za-z0-9:]+)\}\}/g;
const placeholderRef = (logicalId: string): string => `{{ref:${logicalId}}}`;

const searchFindings = (dimension: 'category' | 'severity', value: string): string =>
  `SUM(SEARCH('{${METRICS_NAMESPACE},category,service,severity,stage} MetricName="${Metric.Findings}" service="${SERVICE}" stage="${STAGE}" ${dimension}="${value}"', 'Sum', 300))`;

const expressions = (list: readonly { expression: string; label: string }[], prefix: string): Json[] =>
  list.map(({ expression, label }, index) => [{ expression, label, id: `${prefix}${index}` }]);

const lambdaMetric = (metric: string, stat: string, functions: readonly string[], suffix = ''): Json[] =>
  functions.map((name) => ['AWS/Lambda', metric, 'FunctionName', placeholderRef(functionLogicalId(name)), { stat, label: `${name}${suffix}` }]);

const plainMetric = (metric: string): Json => [METRICS_NAMESPACE, metric, 'service', SERVICE, 'stage', STAGE, { stat: 'Sum', label: metric }];

const widget = (x: number, y: number, width: number, title: string, metrics: Json[], extra: Record<string, Json> = {}): Json => ({
  type: 'metric',
  x,
  y,
  width,
  height: 6,
  properties: { title, region: '{{ref:AWS::Region}}', period: 300, view: 'timeSeries', metrics, ...extra },
});

/**
 * One dashboard per stage and region (dashboards are account-wide). Findings are read with SEARCH over the exact
 * dimension set Findings is emitted with, one summed series per category and per severity, so new combinations
 * appear without redeploying.
 */
const dashboard = (functions: readonly string[]): CfnResource => {
  const stacked = { stacked: true };
  const body = {
    widgets: [
      widget(0, 0, 12, 'Findings by category', expressions(CATEGORIES.map((c) => ({ expression: searchFindings('category', c), label: c })), 'c'), stacked),
      widget(12, 0, 12, 'Findings by severity', expressions(SEVERITIES.map((s) => ({ expression: searchFindings('severity', s), label: s })), 's'), stacked),
      widget(0, 6, 8, 'Remediations by outcome', expressions(REMEDIATION_OUTCOMES.map((outcome) => ({
        expression: `SUM(SEARCH('{${METRICS_NAMESPACE},action,outcome,service,stage} MetricName="${Metric.Remediations}" service="${SERVICE}" stage="${STAGE}" outcome="${outcome}"', 'Sum', 300))`,
        label: outcome,
      })), 'o'), stacked),
      widget(8, 6, 8, 'Alerts published / failed', [plainMetric(Metric.AlertsPublished), plainMetric(Metric.AlertsFailed)]),
      widget(16, 6, 8, 'Invalid events, rule errors, dead letters', [
        plainMetric(Metric.InvalidEvents),
        plainMetric(Metric.RuleErrors),
        ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', `{{queueName:${LOGICAL_IDS.deadLetterQueue}}}`, { stat: 'Maximum', label: 'Dead-letter queue depth' }],
      ]),
      widget(0, 12, 8, 'Invocations per function', lambdaMetric('Invocations', 'Sum', functions)),
      widget(8, 12, 8, 'Errors and throttles per function', [
        ...lambdaMetric('Errors', 'Sum', functions, ' errors'),
        ...lambdaMetric('Throttles', 'Sum', functions, ' throttles'),
      ]),
      widget(16, 12, 8, 'Duration per function (p95, ms)', lambdaMetric('Duration', 'p95', functions)),
      widget(0, 18, 12, 'AlertsSuppressed: repeats folded into digests', [
        plainMetric(Metric.AlertsSuppressed),
        plainMetric(Metric.AlertDigests),
        // The table failed and the event alerted anyway (fail-open): nonzero means dedup is not working.
        plainMetric(Metric.DedupErrors),
      ]),
    ],
  };
  const text = JSON.stringify(body);
  const parts: Json[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    parts.push(text.slice(last, match.index));
    parts.push(match[1] === 'ref' ? ref(match[2]!) : { 'Fn::GetAtt': [match[2]!, 'QueueName'] });
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return {
    Type: 'AWS::CloudWatch::Dashboard',
    Properties: {
      DashboardName: join('-', [SERVICE, STAGE, REGION]),
      DashboardBody: join('', parts.filter((part) => part !== '')),
    },
  };
};

/**
 * What serverless.yml deploys, derived from the rule and action declarations so nothing is written twice:
 * one EventBridge rule per trailguard rule (its pattern and delivery state) with its invoke permission, grouped
 * by the function that responds; one IAM role per function with that function's remediation permissions; the
 * dead-letter queue policy naming every rule; the remediation alarm and the dashboard.
 */
export const renderDeployData = (rules: readonly RuleDefinition[]): DeployData => {
  const functions: Record<string, DeployedResponder> = {};
  const serverlessFunctions: Record<string, ServerlessFunction> = {};
  const eventRules: Record<string, DeployedEventRule> = {};
  const resources: Record<string, CfnResource> = {};

  const deployedNames = RESPONDER_IDS.filter((id) => rulesOf(id, rules).length > 0).map((id) => RESPONDERS[id].functionName);
  for (const id of RESPONDER_IDS) {
    const responder = RESPONDERS[id];
    const own = rulesOf(id, rules);
    if (own.length === 0) continue;
    const name = responder.functionName;
    const deployed: DeployedResponder = {
      responder: id,
      description: responder.description,
      handler: `handlers/${id}.handler`,
      functionLogicalId: functionLogicalId(name),
      logGroupLogicalId: logGroupLogicalId(name),
      roleLogicalId: roleLogicalId(name),
      rules: own.map((rule) => rule.id),
      permissions: iamActionsOf(id),
    };
    functions[name] = deployed;
    serverlessFunctions[name] = serverlessFunction(deployed);
    resources[deployed.roleLogicalId] = role(name, deployed, grantsOf(id), deployedNames);
    for (const rule of own) {
      const base = pascal(rule.id);
      const eventRuleData: DeployedEventRule = {
        ruleId: rule.id,
        function: name,
        logicalId: `${base}EventRule`,
        permissionLogicalId: `${base}InvokePermission`,
        state: rule.allManagementEvents ? ALL_MANAGEMENT_EVENTS_STATE : 'ENABLED',
      };
      eventRules[rule.id] = eventRuleData;
      resources[eventRuleData.logicalId] = eventRule(rule, eventRuleData, name);
      resources[eventRuleData.permissionLogicalId] = invokePermission(eventRuleData);
    }
  }
  resources[LOGICAL_IDS.deadLetterQueuePolicy] = deadLetterQueuePolicy(Object.values(eventRules));
  resources[LOGICAL_IDS.remediationFailedAlarm] = remediationFailedAlarm();
  resources[LOGICAL_IDS.dashboard] = dashboard(Object.keys(functions));
  resources[LOGICAL_IDS.stateTable] = stateTable();

  return {
    comment: 'Generated by `npm run rules:generate` from rules/, lib/functions.ts and lib/remediation/ (lib/deploy.ts). Do not edit by hand.',
    severities: [...SEVERITIES],
    functions,
    eventRules,
    serverlessFunctions,
    cloudformation: { Resources: resources },
    backtest: renderBacktest(),
  };
};

export const serializeDeployData = (data: DeployData): string => `${JSON.stringify(data, null, 2)}\n`;
