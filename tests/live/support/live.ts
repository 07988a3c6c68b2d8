import { CreateBucketCommand } from '@aws-sdk/client-s3';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  DescribeSecurityGroupRulesCommand,
  ModifySecurityGroupRulesCommand,
  type IpPermission,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { CreateTrailCommand, GetTrailStatusCommand, StartLoggingCommand, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateTopicCommand, DeleteTopicCommand, GetTopicAttributesCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { EventBridgeEnvelope } from '../../../lib/cloudtrail/envelope';
import type { CloudTrailRecord } from '../../../lib/cloudtrail/record';
import { authorizeSecurityGroup, modifySecurityGroupRules, type PermissionSpec, type RuleUpdate } from '../../support/ec2-records';
import { apiCall, identities } from '../../support/records';
import { packageCentral, packageStages, ROOT, type PackagedStage, type Stage } from '../../deploy/packaged';
import { drainAlerts, type CapturedAlert } from './alerts';
import { deliveriesOf, envelopeOf, eventRulesOf, type Delivery, type EventRule } from './eventbridge';
import { functionsOf, LambdaContainer, type FunctionSpec, type Invocation } from './lambda';
import { motoAvailability, startMoto, type MotoServer, type RecordedRequest } from './moto';
import { ACCOUNT, awsClients, createStackWorld, destroyClients, REGION, subscribeCaptures, type AwsClients, type CaptureQueue, type StackWorld } from './world';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureNode22 } = require('../node22.cjs') as { ensureNode22: () => string };

/*
 * The live harness: the packaged functions of a stage under Node 22 against moto, with the world they act on.
 * One Live per test file (beforeAll: startLive, afterAll: close). See tests/live/README section in the project
 * README for what it proves; scenarios are one file each under tests/live/.
 */

/** Generous: packaging both stages (shared with tests/deploy, reused when unchanged) plus moto and Node 22. */
export const LIVE_SETUP_TIMEOUT_MS = 300_000;
export const LIVE_TEST_TIMEOUT_MS = 60_000;

const availability = motoAvailability();

/**
 * A live scenario file's `describe`: starts a Live (beforeAll) and closes it (afterAll); tests get it from the
 * callback's `live()`. Runs when moto can run here; otherwise the suite is skipped with a loud message, or, in CI
 * (CI=true), fails: CI must never pass without having run it.
 */
export const describeLive = (title: string, options: LiveOptions, body: (live: () => Live) => void): void => {
  if (!availability.available) {
    const message = `LIVE SUITE NOT RUN: ${availability.reason}. Install it with: pip install 'moto[server]'`;
    if (process.env.CI === 'true') {
      describe(title, () => {
        test('moto is installed (required in CI)', () => {
          throw new Error(message);
        });
      });
      return;
    }
    process.stderr.write(`\n*** ${message} ***\n\n`);
    describe.skip(title, () => body(() => undefined as never));
    return;
  }
  describe(title, () => {
    let started: Live | undefined;
    beforeAll(async () => {
      started = await startLive(options);
    }, LIVE_SETUP_TIMEOUT_MS);
    afterAll(async () => {
      await started?.close();
    });
    body(() => {
      if (!started) throw new Error('the live harness did not start (see beforeAll)');
      return started;
    });
  });
};

export interface LiveOptions {
  /** The packaged stage whose bundles and template run (default prod, mode enforce). */
  readonly stage?: Stage;
  /** Variables set on top of the template's environment, for every function. */
  readonly environment?: Readonly<Record<string, string>>;
  /** `central`: the prod stage packaged with topology central (organization scenarios; `stage` is then prod). */
  readonly packaging?: 'central';
}

export interface DeliverOptions {
  /** warm (default): each function's one warm container; fresh: a new container (cold start) per delivery. */
  readonly containers?: 'warm' | 'fresh';
  /** Invoke the deliveries all at once (EventBridge does not wait for one target before the next). Default: one by one. */
  readonly concurrent?: boolean;
  /**
   * Variables on top of the live environment for this delivery only (a stage param naming resources the scenario
   * has just created); such a delivery runs in a fresh container.
   */
  readonly environment?: Readonly<Record<string, string>>;
}

export interface DeliveryResult extends Delivery {
  readonly invocation: Invocation;
}

export interface Delivered {
  readonly envelope: EventBridgeEnvelope;
  readonly deliveries: readonly DeliveryResult[];
}

/** An ingress rule as DescribeSecurityGroupRules reports it, reduced to what the scenarios compare. */
export interface IngressRule {
  readonly id: string;
  readonly protocol: string;
  readonly from: number;
  readonly to: number;
  readonly cidr: string;
}

const sourceOf = (rule: SecurityGroupRule): string =>
  rule.CidrIpv4 ?? rule.CidrIpv6 ?? rule.PrefixListId ?? rule.ReferencedGroupInfo?.GroupId ?? '?';

const toPermission = (spec: PermissionSpec): IpPermission => ({
  IpProtocol: String(spec.protocol ?? 'tcp'),
  ...(spec.from !== undefined ? { FromPort: Number(spec.from) } : {}),
  ...(spec.to !== undefined ? { ToPort: Number(spec.to) } : {}),
  ...(spec.v4?.length ? { IpRanges: spec.v4.map((CidrIp) => ({ CidrIp })) } : {}),
  ...(spec.v6?.length ? { Ipv6Ranges: spec.v6.map((CidrIpv6) => ({ CidrIpv6 })) } : {}),
  ...(spec.groups?.length ? { UserIdGroupPairs: spec.groups.map((GroupId) => ({ GroupId })) } : {}),
  ...(spec.prefixLists?.length ? { PrefixListIds: spec.prefixLists.map((PrefixListId) => ({ PrefixListId })) } : {}),
});

/** Fields every live record gets: CloudTrail's ids are random, and the event happened just now. */
const fresh = (): Partial<CloudTrailRecord> => {
  const now = `${new Date().toISOString().slice(0, 19)}Z`;
  return { eventID: randomUUID(), requestID: randomUUID(), eventTime: now, awsRegion: REGION, recipientAccountId: ACCOUNT };
};

export class Live {
  private readonly warm = new Map<string, LambdaContainer>();
  private readonly containers = new Set<LambdaContainer>();
  private all: CaptureQueue[];
  private captures: readonly CaptureQueue[];
  /** The organization member template the packaging wrote (central packagings only). */
  public memberTemplate: PackagedStage['memberTemplate'];

  private constructor(
    public readonly stage: Stage,
    public readonly moto: MotoServer,
    public readonly aws: AwsClients,
    public readonly world: StackWorld,
    public readonly functions: Readonly<Record<string, FunctionSpec>>,
    public readonly rules: readonly EventRule[],
    private readonly node22: string,
    private readonly workDir: string,
    private readonly environment: Readonly<Record<string, string>>,
    all: CaptureQueue[],
  ) {
    this.all = all;
    this.captures = world.captures;
  }

  public static async start(options: LiveOptions = {}): Promise<Live> {
    const node22 = ensureNode22();
    const packaged = options.packaging === 'central' ? await packageCentral() : (await packageStages())[options.stage ?? 'prod'];
    const stage = packaged.stage;
    if (!availability.available) throw new Error(availability.reason);
    const moto = await startMoto(availability);
    const aws = awsClients(moto.endpoint);
    try {
      const world = await createStackWorld(aws, packaged.template, stage);
      const functions = functionsOf(packaged.template, packaged.dir, world.created);
      const rules = eventRulesOf(packaged.template, functions);
      const all = await Live.subscribeAll(aws, world);
      const workDir = join(ROOT, '.tmp', 'live', `${stage}-${process.pid}-${Date.now()}`);
      mkdirSync(workDir, { recursive: true });
      const live = new Live(stage, moto, aws, world, functions, rules, node22, workDir, options.environment ?? {}, all);
      live.memberTemplate = packaged.memberTemplate;
      return live;
    } catch (error) {
      destroyClients(aws);
      await moto.stop();
      throw error;
    }
  }

  /** An unfiltered SQS subscriber on every topic the stack created: it sees every alert, whatever the stage's subscriptions. */
  private static async subscribeAll(aws: AwsClients, world: StackWorld): Promise<CaptureQueue[]> {
    const captures: CaptureQueue[] = [];
    for (const [logicalId, resource] of Object.entries(world.created.template.Resources)) {
      if (resource.Type !== 'AWS::SNS::Topic') continue;
      const topicArn = world.created.ref(logicalId);
      const queue = await aws.sqs.create(`all-${logicalId}-${Date.now()}`);
      await aws.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queue.arn }));
      captures.push({ subscription: `all:${logicalId}`, protocol: 'sqs', topicArn, url: queue.url });
    }
    return captures;
  }

  /** Stops every container and the moto server (by pid), and removes the unpacked bundles. */
  public async close(): Promise<void> {
    for (const container of this.containers) container.stop();
    destroyClients(this.aws);
    await this.moto.stop();
    rmSync(this.workDir, { recursive: true, force: true });
  }

  // ---- functions and the event bus ----

  /** A new execution environment of one function (a cold start on its first event). */
  public async container(functionKey: string, environment: Readonly<Record<string, string>> = {}): Promise<LambdaContainer> {
    const spec = this.functions[functionKey];
    if (!spec) throw new Error(`no function ${functionKey} in the ${this.stage} package (${Object.keys(this.functions).join(', ')})`);
    const container = await LambdaContainer.start(spec, {
      node22: this.node22,
      endpoint: this.moto.endpoint,
      workDir: this.workDir,
      environment: { ...this.environment, ...environment },
    });
    this.containers.add(container);
    return container;
  }

  private async warmContainer(functionKey: string): Promise<LambdaContainer> {
    const existing = this.warm.get(functionKey);
    if (existing) return existing;
    const container = await this.container(functionKey);
    this.warm.set(functionKey, container);
    return container;
  }

  /** Invokes one function with an envelope, in its warm container (or a fresh one). */
  public async invoke(functionKey: string, envelope: unknown, options: { fresh?: boolean; environment?: Readonly<Record<string, string>> } = {}): Promise<Invocation> {
    const container =
      options.fresh || options.environment ? await this.container(functionKey, options.environment) : await this.warmContainer(functionKey);
    return container.invoke(envelope);
  }

  /** The (rule, function) pairs EventBridge would invoke for an envelope. */
  public routes(envelope: EventBridgeEnvelope): Delivery[] {
    return deliveriesOf(envelope, this.rules);
  }

  /** Puts a CloudTrail record on the bus: wraps it in a fresh envelope and invokes every function whose rule matches, once per rule. */
  public async deliver(record: CloudTrailRecord, options: DeliverOptions = {}): Promise<Delivered> {
    return this.deliverEnvelope(envelopeOf(record), options);
  }

  /** Delivers an existing envelope again (EventBridge's at-least-once duplicate, or Lambda's retry of a failed event). */
  public async deliverEnvelope(envelope: EventBridgeEnvelope, options: DeliverOptions = {}): Promise<Delivered> {
    const routes = this.routes(envelope);
    const run = async (route: Delivery): Promise<DeliveryResult> => ({
      ...route,
      invocation: await this.invoke(route.function, envelope, { fresh: options.containers === 'fresh' }),
    });
    const deliveries: DeliveryResult[] = [];
    if (options.concurrent) deliveries.push(...(await Promise.all(routes.map(run))));
    else for (const route of routes) deliveries.push(await run(route));
    return { envelope, deliveries };
  }

  /**
   * Delivers a record through one named EventBridge rule only (its targets), as if the other matching rules did not
   * exist: what a scenario about one response uses; `deliver` shows the whole fan-out.
   */
  public async deliverVia(ruleLogicalId: string, record: CloudTrailRecord | EventBridgeEnvelope, options: DeliverOptions = {}): Promise<Delivered> {
    const envelope = 'detail' in record && 'detail-type' in record ? (record as EventBridgeEnvelope) : envelopeOf(record as CloudTrailRecord);
    const rule = this.rules.find((candidate) => candidate.logicalId === ruleLogicalId);
    if (!rule) throw new Error(`no EventBridge rule ${ruleLogicalId} in the ${this.stage} template`);
    if (!this.routes(envelope).some((route) => route.rule === ruleLogicalId)) {
      throw new Error(`${ruleLogicalId} does not match this event (${envelope.detail.eventName}): EventBridge would not deliver it`);
    }
    const deliveries: DeliveryResult[] = [];
    for (const fn of rule.functions) {
      const invocation = await this.invoke(fn, envelope, { fresh: options.containers === 'fresh', ...(options.environment ? { environment: options.environment } : {}) });
      deliveries.push({ rule: ruleLogicalId, function: fn, invocation });
    }
    return { envelope, deliveries };
  }

  // ---- what happened ----

  /** Every request moto received so far; pass the length of an earlier list to get only what came after. */
  public requests(since = 0): RecordedRequest[] {
    return this.moto.requests().slice(since);
  }

  /** Requests sent by the functions (their SDK's user agent carries the Lambda execution environment). */
  public functionRequests(since = 0): RecordedRequest[] {
    return this.requests(since).filter((request) => request.userAgent.includes('exec-env/AWS_Lambda_nodejs22.x'));
  }

  /** The alerts delivered since the last call (each read once). */
  public async alerts(): Promise<CapturedAlert[]> {
    return drainAlerts(this.aws, this.all, this.captures, this.requests());
  }

  /** The SMS text as a phone receives it: SNS puts the topic's DisplayName, upper-cased, and "> " in front. */
  public async smsAsDelivered(alert: CapturedAlert): Promise<string> {
    const { Attributes = {} } = await this.aws.sns.send(new GetTopicAttributesCommand({ TopicArn: alert.topicArn }));
    const body = alert.bodies.sms ?? '';
    return Attributes.DisplayName ? `${Attributes.DisplayName.toUpperCase()}> ${body}` : body;
  }

  /** Deletes the alert topic (and with it its subscriptions), as an attacker or a bad change might. */
  public async deleteAlertTopic(): Promise<void> {
    await this.aws.sns.send(new DeleteTopicCommand({ TopicArn: this.alertTopicArn }));
  }

  /** Creates the alert topic again from the template (same name, so same ARN) and its capture subscriptions. */
  public async restoreAlertTopic(): Promise<void> {
    const { created } = this.world;
    const properties = created.template.Resources.AlertTopic!.Properties;
    await this.aws.sns.send(
      new CreateTopicCommand({ Name: created.resolve(properties.TopicName), Attributes: { DisplayName: created.resolve(properties.DisplayName) } }),
    );
    this.captures = await subscribeCaptures(this.aws, created);
    this.all = await Live.subscribeAll(this.aws, this.world);
  }

  /** The alert topic's ARN as the functions were given it. */
  public get alertTopicArn(): string {
    return this.world.created.ref('AlertTopic');
  }

  // ---- the world: security groups ----

  public async createVpc(cidr = '10.20.0.0/16'): Promise<string> {
    const { Vpc } = await this.aws.ec2.send(new CreateVpcCommand({ CidrBlock: cidr }));
    return Vpc!.VpcId!;
  }

  /** A security group in a new VPC, with these ingress rules already in place. */
  public async createSecurityGroup(name: string, existing: readonly PermissionSpec[] = []): Promise<string> {
    const vpcId = await this.createVpc();
    const { GroupId } = await this.aws.ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: `${name} (live suite)`, VpcId: vpcId }));
    if (existing.length > 0) {
      await this.aws.ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: existing.map(toPermission) }));
    }
    return GroupId!;
  }

  /** The group's ingress rules as EC2 reports them now. */
  public async ingressRules(groupId: string): Promise<IngressRule[]> {
    const { SecurityGroupRules = [] } = await this.aws.ec2.send(
      new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [groupId] }] }),
    );
    return SecurityGroupRules.filter((rule) => !rule.IsEgress)
      .map((rule) => ({ id: rule.SecurityGroupRuleId!, protocol: rule.IpProtocol!, from: rule.FromPort!, to: rule.ToPort!, cidr: sourceOf(rule) }))
      .sort((a, b) => a.from - b.from || a.cidr.localeCompare(b.cidr));
  }

  /**
   * Makes the AuthorizeSecurityGroupIngress call in moto, then returns the CloudTrail record CloudTrail would
   * write for it: the request as the caller sent it, and a response whose securityGroupRuleSet carries the rule ids
   * moto created (read back with DescribeSecurityGroupRules: moto's own response lists only some of them).
   */
  public async authorizeIngress(
    groupId: string,
    permissions: readonly PermissionSpec[],
    identity = identities.iamUser('dave'),
  ): Promise<{ record: CloudTrailRecord; ruleIds: string[] }> {
    const before = new Set((await this.ingressRules(groupId)).map((rule) => rule.id));
    await this.aws.ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: permissions.map(toPermission) }));
    const added = (await this.ingressRules(groupId)).filter((rule) => !before.has(rule.id));
    const withIds = permissions.map((spec) => {
      const sources = [...(spec.v4 ?? []), ...(spec.v6 ?? []), ...(spec.groups ?? []), ...(spec.prefixLists ?? [])];
      const ruleIds = sources.map((source) => {
        const rule = added.find((candidate) => candidate.cidr === source && candidate.from === Number(spec.from ?? -1) && candidate.to === Number(spec.to ?? -1));
        if (!rule) throw new Error(`moto created no rule for ${source} ${String(spec.from)}-${String(spec.to)} in ${groupId}`);
        return rule.id;
      });
      return { ...spec, ruleIds };
    });
    const record = authorizeSecurityGroup({ groupId, permissions: withIds, overrides: { ...fresh(), userIdentity: identity } });
    return { record, ruleIds: withIds.flatMap((spec) => spec.ruleIds) };
  }

  /** Every rule of the group, egress included, as EC2 reports them now. */
  public async securityGroupRules(groupId: string): Promise<SecurityGroupRule[]> {
    const { SecurityGroupRules = [] } = await this.aws.ec2.send(
      new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [groupId] }] }),
    );
    return SecurityGroupRules;
  }

  /** Makes the ModifySecurityGroupRules call in moto, then returns the record CloudTrail writes for it. */
  public async modifyRules(groupId: string, updates: readonly RuleUpdate[], identity = identities.iamUser('dave')): Promise<CloudTrailRecord> {
    await this.aws.ec2.send(
      new ModifySecurityGroupRulesCommand({
        GroupId: groupId,
        SecurityGroupRules: updates.map(({ ruleId, rule: { FromPort, ToPort, ...rest } }) => ({
          SecurityGroupRuleId: ruleId,
          SecurityGroupRule: {
            ...rest,
            ...(FromPort === undefined ? {} : { FromPort: Number(FromPort) }),
            ...(ToPort === undefined ? {} : { ToPort: Number(ToPort) }),
          },
        })),
      }),
    );
    return modifySecurityGroupRules({ groupId, updates, overrides: { ...fresh(), userIdentity: identity } });
  }

  // ---- the world: CloudTrail ----

  /** A trail writing to a new bucket, logging. */
  public async createTrail(name: string): Promise<string> {
    const bucket = `${name}-logs-${Date.now()}`;
    await this.aws.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const { TrailARN } = await this.aws.cloudtrail.send(new CreateTrailCommand({ Name: name, S3BucketName: bucket }));
    await this.aws.cloudtrail.send(new StartLoggingCommand({ Name: name }));
    return TrailARN!;
  }

  public async isLogging(name: string): Promise<boolean> {
    return (await this.aws.cloudtrail.send(new GetTrailStatusCommand({ Name: name }))).IsLogging === true;
  }

  /**
   * Stops logging in moto and returns the StopLogging record, whose requestParameters.name is the identifier the
   * caller used (a trail name here: moto's StopLogging/StartLogging resolve trails by name only).
   */
  public async stopLogging(name: string, identity = identities.iamUser('ci-deploy')): Promise<CloudTrailRecord> {
    await this.aws.cloudtrail.send(new StopLoggingCommand({ Name: name }));
    return apiCall({
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      requestParameters: { name },
      responseElements: null,
      readOnly: false,
      userIdentity: identity,
      ...fresh(),
    });
  }
}

export const startLive = (options?: LiveOptions): Promise<Live> => Live.start(options);
