import type { CloudTrailRecord } from '../../../lib/cloudtrail/record';
import type { Category } from '../../../lib/rule';
import type { Actor, AccountWorld, Fleet } from './fleet';
import type { Rng } from './prng';
import type { CallSpec, Failure, Recorder } from './record-factory';
import { cloudtrail, cloudwatch, config, dynamodb, ec2Reads, ec2Writes, ecr, iam, kms, lambda, logs, misc, organizations, s3, ssm, sts, type ShapeContext } from './shapes';

/** A record and the categories trailguard should report for it ([] for benign records and near misses). */
export interface Labelled {
  readonly record: CloudTrailRecord;
  readonly expect: readonly Category[];
  /** Why it is there: the sample README and benchmark checks print it. */
  readonly note?: string;
}

type Activity = (c: ShapeContext, actor: Actor) => CallSpec;
type Mix = readonly (readonly [number, Activity])[];

const describeAny: Activity = (c) => c.rng.pick(Object.values(ec2Reads))(c);
const instanceOf = (actor: Actor): string => String(actor.identity.principalId).split(':')[1] ?? 'i-0';
const roleArnOf = (c: ShapeContext): string => {
  const fn = c.rng.pick(c.world.functions);
  return `arn:aws:iam::${c.world.account}:role/service-role/${fn.name}-role`;
};

/**
 * What each kind of principal does all day, weighted like real accounts: workloads read objects, decrypt and
 * fetch parameters; services assume roles; Config describes everything; people mostly look.
 */
const LAMBDA: Mix = [
  [14, s3.getObject],
  [5, s3.putObject],
  [4, s3.headObject],
  [12, kms.decrypt],
  [6, kms.generateDataKey],
  [6, (c) => dynamodb.item(c, 'GetItem')],
  [4, (c) => dynamodb.item(c, 'PutItem')],
  [3, (c) => dynamodb.item(c, 'Query')],
  [6, ssm.getParameter],
  [5, (c, a) => logs.createLogStream(c, a.name.replace('lambda:', ''))],
  [1, () => sts.getCallerIdentity()],
  [2, (c) => lambda.invoke(c)],
];

const WEB_APP: Mix = [
  [10, s3.getObject],
  [4, s3.putObject],
  [6, kms.decrypt],
  [3, ssm.getParameter],
  [6, (c) => dynamodb.item(c, 'GetItem')],
  [2, (c) => dynamodb.item(c, 'PutItem')],
  [3, cloudwatch.putMetricData],
  [2, () => ecr.getAuthorizationToken()],
  [1, ecr.batchGetImage],
  [2, ec2Reads.describeTags],
  [1, () => sts.getCallerIdentity()],
];

const SSM_AGENT: Mix = [
  [10, (c, a) => ssm.updateInstanceInformation(c, instanceOf(a))],
  [4, (c, a) => ssm.listInstanceAssociations(c, instanceOf(a))],
  [1, s3.getObject],
];

const CONFIG_RECORDER: Mix = [
  [5, ec2Reads.describeSecurityGroups],
  [3, ec2Reads.describeInstances],
  [2, ec2Reads.describeVpcs],
  [2, ec2Reads.describeSubnets],
  [2, ec2Reads.describeNetworkInterfaces],
  [1, ec2Reads.describeNetworkAcls],
  [1, ec2Reads.describeRouteTables],
  [1, ec2Reads.describeInternetGateways],
  [1, ec2Reads.describeVolumes],
  [2, (c) => s3.getBucketAcl(c)],
  [2, (c) => s3.getBucketPolicy(c)],
  [1, (c) => s3.getBucketPublicAccessBlock(c)],
  [2, (c) => iam.getRole(c)],
  [2, iam.listAttachedRolePolicies],
  [1, iam.getPolicyVersion],
  [1, () => cloudtrail.describeTrails()],
  [1, cloudtrail.getTrailStatus],
  [1, kms.getKeyRotationStatus],
  [1, (c) => kms.describeKey(c)],
];

const AUTOSCALING: Mix = [
  [3, (c) => ec2Writes.runInstances(c, { autoscaling: true })],
  [2, (c) => ec2Writes.createTags(c, [c.rng.pick(c.world.instances[c.region] ?? ['i-0'])], [['aws:autoscaling:groupName', 'web-asg']])],
  [2, ec2Writes.terminateInstances],
  [3, ec2Reads.describeInstanceStatus],
];

const CI: Mix = [
  [3, () => sts.getCallerIdentity()],
  [8, describeAny],
  [4, s3.getObject],
  [2, s3.putObject],
  [3, (c) => dynamodb.item(c, 'GetItem')],
  [2, (c) => dynamodb.item(c, 'PutItem')],
  [1, (c) => dynamodb.item(c, 'DeleteItem')],
  [4, (c) => iam.getRole(c)],
  [2, iam.getPolicy],
  [1, iam.getPolicyVersion],
  [2, iam.listRolePolicies],
  [3, lambda.getFunction],
  [1, lambda.updateFunctionCode],
  [2, logs.describeLogGroups],
  [0.3, (c) => logs.createLogGroup(c)],
  [0.3, logs.putRetentionPolicy],
  [1, (c) => ec2Writes.createTags(c, [c.rng.pick(c.world.instances[c.region] ?? ['i-0'])], [['deployed-by', 'terraform'], ['git-sha', c.rng.hex(12)]])],
  [2, (c) => kms.describeKey(c)],
  [1, () => cloudtrail.describeTrails()],
  [2, (c) => s3.getBucketPolicy(c)],
  [1, (c) => s3.getBucketAcl(c)],
  [1, (c) => s3.getBucketTagging(c)],
  [1, ssm.getParameter],
  [1, () => ecr.getAuthorizationToken()],
  [0.3, (c) => ec2Writes.runInstances(c)],
];

const PERSON_CLI: Mix = [
  [3, () => sts.getCallerIdentity()],
  [10, describeAny],
  [3, s3.listObjects],
  [2, s3.getObject],
  [1, (c) => s3.listBuckets(c)],
  [2, logs.describeLogGroups],
  [1, ssm.getParameter],
  [1, (c) => lambda.invoke(c)],
  [1, lambda.getFunction],
  [1, (c) => iam.getRole(c)],
  [1, () => iam.listRoles()],
  [1, cloudwatch.getMetricData],
  [1, cloudtrail.lookupEvents],
  [0.5, () => misc.autoscalingDescribe()],
];

const PERSON_CONSOLE: Mix = [
  [10, describeAny],
  [2, s3.listBuckets],
  [2, s3.listObjects],
  [4, cloudwatch.getMetricData],
  [2, logs.describeLogGroups],
  [2, () => iam.listRoles()],
  [1, (c) => iam.getRole(c)],
  [2, () => lambda.listFunctions()],
  [1, lambda.getFunction],
  [2, cloudtrail.lookupEvents],
  [1, () => config.describeComplianceByConfigRule()],
  [1, () => config.describeRecorderStatus()],
  [0.5, (c) => ec2Writes.createTags(c, [c.rng.pick(c.world.instances[c.region] ?? ['i-0'])], [['owner', 'platform']])],
  // Console-only pages are AwsConsoleAction records, not API calls.
  [0.4, (c) => misc.billingView(c, c.rng.pick(['GetTotal', 'GetBillsForBillingPeriod', 'GetTotalAmountForForecast']))],
];

const SECURITY_AUDIT: Mix = [
  [3, () => organizations.listAccounts()],
  [2, () => organizations.describeOrganization()],
  [2, () => iam.getAccountSummary()],
  [2, () => iam.listUsers()],
  [2, () => cloudtrail.describeTrails()],
  [2, cloudtrail.getTrailStatus],
  [2, cloudtrail.getEventSelectors],
  [2, () => config.describeRecorderStatus()],
  [1, () => config.describeRecorders()],
  [3, describeAny],
  [2, (c) => s3.getBucketPolicy(c)],
  [2, (c) => s3.getBucketPublicAccessBlock(c)],
  [1, kms.getKeyRotationStatus],
];

const CONFIG_RULE_LAMBDA: Mix = [
  [8, config.putEvaluations],
  [3, (c) => s3.getBucketPolicy(c)],
  [2, (c) => s3.getBucketPublicAccessBlock(c)],
  [2, kms.decrypt],
  [2, (c, a) => logs.createLogStream(c, a.name.replace('lambda:', ''))],
];

/** Services acting with their own credentials: mostly handing roles to Lambda functions and instances. */
const SERVICE: Readonly<Record<string, Mix>> = {
  'lambda.amazonaws.com': [[1, (c) => sts.assumeRole(c, roleArnOf(c), c.rng.pick(c.world.functions).name)]],
  'ec2.amazonaws.com': [[1, (c) => sts.assumeRole(c, `arn:aws:iam::${c.world.account}:role/web-instance-role`, `i-0${c.rng.hex(16)}`)]],
  'cloudtrail.amazonaws.com': [[1, kms.generateDataKey]],
  'kms.amazonaws.com': [[1, (c) => kms.serviceEvent(c, 'RotateKey')]],
};

const mixFor = (actor: Actor): Mix => {
  switch (actor.kind) {
    case 'lambda':
      return actor.name.includes('config-rule') ? CONFIG_RULE_LAMBDA : LAMBDA;
    case 'ec2':
      return actor.name.includes('ssm') ? SSM_AGENT : WEB_APP;
    case 'service-linked':
      return actor.name.includes('AutoScaling') ? AUTOSCALING : CONFIG_RECORDER;
    case 'aws-service':
      return SERVICE[String(actor.identity.invokedBy)] ?? SERVICE['lambda.amazonaws.com']!;
    case 'ci':
      return CI;
    case 'sso-user':
      if (actor.name === 'audit-bot') return SECURITY_AUDIT;
      return actor.agent.kind === 'console' ? PERSON_CONSOLE : PERSON_CLI;
    case 'iam-user':
      return actor.name === 'ci-deploy' ? CI : actor.agent.kind === 'console' ? PERSON_CONSOLE : PERSON_CLI;
    default:
      return PERSON_CLI;
  }
};

// ---------------------------------------------------------------------------------------------------------------
// Failures: throttling and not-found noise everywhere, access denied now and then.

const iamPrefix = (eventSource: string): string => {
  const service = eventSource.slice(0, eventSource.indexOf('.'));
  return service === 'monitoring' ? 'cloudwatch' : service;
};
const actionOf = (spec: CallSpec): string => `${iamPrefix(spec.eventSource)}:${spec.eventName.replace(/20\d{6}(v\d)?$/, '')}`;

/** AccessDenied as each service spells it (the unauthorized-api-call category is about these). */
export const accessDenied = (spec: CallSpec, actor: Actor): Failure => {
  const action = actionOf(spec);
  const arn = String(actor.identity.arn ?? actor.identity.invokedBy ?? 'unknown');
  const because = `because no identity-based policy allows the ${action} action`;
  switch (spec.eventSource) {
    case 'ec2.amazonaws.com':
      return { code: 'Client.UnauthorizedOperation', message: `You are not authorized to perform this operation. User: ${arn} is not authorized to perform: ${action} ${because}` };
    case 's3.amazonaws.com':
      return { code: 'AccessDenied', message: 'Access Denied' };
    case 'iam.amazonaws.com':
    case 'sts.amazonaws.com':
    case 'cloudtrail.amazonaws.com':
      return { code: 'AccessDenied', message: `User: ${arn} is not authorized to perform: ${action} ${because}` };
    default:
      return { code: 'AccessDeniedException', message: `User: ${arn} is not authorized to perform: ${action} ${because}` };
  }
};

/** Failures that are not about authorisation: what most errorCodes in a real trail are. */
const benignFailure = (spec: CallSpec, rng: Rng): Failure | undefined => {
  const name = spec.eventName;
  if (name === 'CreateLogStream' || name === 'CreateLogGroup') {
    return rng.chance(0.12) ? { code: 'ResourceAlreadyExistsException', message: `The specified log ${name === 'CreateLogGroup' ? 'group' : 'stream'} already exists` } : undefined;
  }
  if (!rng.chance(0.018)) return undefined;
  switch (spec.eventSource) {
    case 'ec2.amazonaws.com':
      return { code: 'Client.RequestLimitExceeded', message: 'Request limit exceeded.' };
    case 's3.amazonaws.com':
      return name === 'GetObject' || name === 'HeadObject' ? { code: 'NoSuchKey', message: 'The specified key does not exist.' } : { code: 'SlowDown', message: 'Please reduce your request rate.' };
    case 'iam.amazonaws.com':
      return name === 'GetRole' ? { code: 'NoSuchEntityException', message: `The role with name ${String(spec.requestParameters?.roleName)} cannot be found.` } : { code: 'ThrottlingException', message: 'Rate exceeded' };
    case 'ssm.amazonaws.com':
      return name === 'GetParameter' ? { code: 'ParameterNotFound', message: '' } : { code: 'ThrottlingException', message: 'Rate exceeded' };
    case 'lambda.amazonaws.com':
      return { code: 'ResourceNotFoundException', message: `Function not found: ${String(spec.requestParameters?.functionName)}` };
    case 'dynamodb.amazonaws.com':
      return { code: 'ProvisionedThroughputExceededException', message: 'The level of configured provisioned throughput for the table was exceeded.' };
    case 'sts.amazonaws.com':
      return undefined;
    default:
      return { code: 'ThrottlingException', message: 'Rate exceeded' };
  }
};

export interface BackgroundOptions {
  /** Share of background calls that fail with AccessDenied / UnauthorizedOperation (0 for the sample history). */
  readonly unauthorizedRate: number;
}

/** One background call by `actor`, labelled: only an AccessDenied failure makes it a finding. */
export const backgroundCall = (
  recorder: Recorder,
  fleet: Fleet,
  world: AccountWorld,
  actor: Actor,
  time: number,
  region: string,
  options: BackgroundOptions,
): Labelled => {
  const rng = recorder.rng;
  const c: ShapeContext = { rng, fleet, world, region, time };
  const spec = rng.weighted(mixFor(actor))(c, actor);
  const denied = actor.agent.kind !== 'service' && options.unauthorizedRate > 0 && rng.chance(options.unauthorizedRate);
  const failure = denied ? accessDenied(spec, actor) : benignFailure(spec, rng);
  const record = recorder.call(actor, time, region, spec, failure);
  if (denied) return { record, expect: ['unauthorized-api-call'], note: 'background access denied' };
  // Every deployment replaces function code: lambda.lambda-code-modified reports it (LOW, for the digest).
  if (failure === undefined && /^UpdateFunctionCode/.test(spec.eventName)) return { record, expect: ['lambda-code-modified'], note: 'deployment: function code replaced' };
  return { record, expect: [] };
};

/** Picks who acts next in a region of an account, by their share of its traffic. */
export const actorTable = (world: AccountWorld, region: string): readonly (readonly [number, Actor])[] =>
  world.actors.filter((actor) => actor.regions.includes(region) && actor.weight > 0).map((actor) => [actor.weight, actor] as const);

/** Console sign-ins people make every morning: with MFA, or federated through IAM Identity Center. */
export const routineSignIn = (recorder: Recorder, actor: Actor, time: number): Labelled => {
  const mfa = actor.identity.type === 'IAMUser' && actor.mfa;
  return {
    record: recorder.signIn(actor, time, { outcome: 'Success', mfaUsed: mfa ? 'Yes' : 'No' }),
    // A federated (AssumedRole) sign-in says MFAUsed No: its IdP did MFA, CloudTrail cannot see it.
    expect: actor.identity.type === 'IAMUser' && !mfa ? ['console-login-no-mfa'] : [],
  };
};
