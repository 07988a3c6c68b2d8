import type { JsonObject } from '../../../lib/cloudtrail/record';
import type { Category } from '../../../lib/rule';
import { accessDenied, type Labelled } from './background';
import { ACCOUNTS, GLOBAL_REGION, responderActor, rootActor, userAgents, type AccountWorld, type Actor, type Fleet } from './fleet';
import type { CallSpec, Failure, Recorder } from './record-factory';
import {
  cloudtrail,
  config,
  ec2Reads,
  iam,
  kms,
  misc,
  network,
  organizations,
  policyDocument,
  s3,
  securityGroups,
  type Permission,
  type ShapeContext,
} from './shapes';

/**
 * Security-relevant events for every category in lib/rule.ts, each with the findings trailguard should produce, and
 * their near misses: the same call failing, its read-only sibling, the same name from another service, the
 * change that is fine (port 443 to the world). The benchmark injects them at a low rate; each scenario yields
 * labelled records so a run can be checked against what was planted.
 */
export interface Scene {
  readonly recorder: Recorder;
  readonly fleet: Fleet;
  readonly world: AccountWorld;
  readonly region: string;
  readonly time: number;
}

export interface Scenario {
  readonly name: string;
  readonly category: Category;
  readonly kind: 'positive' | 'near-miss';
  readonly build: (scene: Scene) => Labelled[];
}

const shape = (scene: Scene, region = scene.region, world = scene.world): ShapeContext => ({
  rng: scene.recorder.rng,
  fleet: scene.fleet,
  world,
  region,
  time: scene.time,
});

/** One record by `actor`, labelled. */
export const emit = (
  scene: Scene,
  actor: Actor,
  spec: CallSpec,
  expect: readonly Category[],
  note: string,
  failure?: Failure,
): Labelled => ({ record: scene.recorder.call(actor, scene.time, scene.region, spec, failure), expect, note });

/** Someone who makes changes: a person or the deploy pipeline of the scene's account. */
const changer = (scene: Scene): Actor => {
  const people = scene.world.actors.filter((a) => a.kind === 'sso-user' || a.kind === 'iam-user' || a.kind === 'ci');
  return scene.recorder.rng.pick(people.filter((a) => a.name !== 'audit-bot'));
};
const consoleUser = (scene: Scene): Actor | undefined => scene.world.actors.find((a) => a.kind === 'iam-user' && a.agent.kind === 'console');
/** Every account has at least one IAM user (fleet.ts). */
const iamUserOf = (scene: Scene): Actor => scene.world.actors.find((a) => a.kind === 'iam-user')!;
const root = (scene: Scene, agent: 'console' | 'cli' = 'console'): Actor =>
  rootActor(scene.world.account, { ip: '203.0.113.250', agent: agent === 'console' ? { kind: 'console' } : { kind: 'cli' }, mfa: agent === 'console' });
const groupOf = (scene: Scene): string => {
  const vpc = scene.world.vpcs[scene.region] ?? Object.values(scene.world.vpcs)[0]!;
  return scene.recorder.rng.pick(vpc.securityGroups).id;
};
const vpcOf = (scene: Scene) => scene.world.vpcs[scene.region] ?? Object.values(scene.world.vpcs)[0]!;
/** Organizations calls are made in the management account and recorded in us-east-1. */
const orgScene = (scene: Scene): Scene => ({ ...scene, world: scene.fleet.accounts.security, region: GLOBAL_REGION });

const OPEN: readonly Category[] = ['sg-open-ingress', 'sg-change'];
const SG: readonly Category[] = ['sg-change'];

const authorize = (name: string, kind: Scenario['kind'], expect: readonly Category[], permissions: readonly Permission[], extra: { shape?: 'items' | 'legacy'; ruleSet?: boolean; egress?: boolean; groupName?: string } = {}): Scenario => ({
  name,
  category: 'sg-open-ingress',
  kind,
  build: (scene) => {
    const c = shape(scene);
    const target = extra.groupName ? { groupName: extra.groupName } : { groupId: groupOf(scene) };
    const ruleSet = extra.ruleSet ?? scene.recorder.rng.chance(0.8);
    const spec = securityGroups.authorize(c, { ...target, permissions, ...extra, ruleSet });
    // Records without a rule set are the older ones: give some of them the eventVersion of their time.
    return [emit(scene, changer(scene), ruleSet ? spec : { ...spec, eventVersion: scene.recorder.rng.pick(['1.05', '1.08']) }, expect, name)];
  },
});

const simple = (
  name: string,
  category: Category,
  kind: Scenario['kind'],
  expect: readonly Category[],
  spec: (c: ShapeContext, scene: Scene) => CallSpec,
  options: { actor?: (scene: Scene) => Actor; failure?: (spec: CallSpec, actor: Actor) => Failure; org?: boolean } = {},
): Scenario => ({
  name,
  category,
  kind,
  build: (input) => {
    const scene = options.org ? orgScene(input) : input;
    const actor = (options.actor ?? changer)(scene);
    const built = spec(shape(scene), scene);
    return [emit(scene, actor, built, expect, name, options.failure?.(built, actor))];
  },
});

const failed = (code: string, message: string) => (): Failure => ({ code, message });
const denied = (spec: CallSpec, actor: Actor): Failure => accessDenied(spec, actor);

const adminPolicy = policyDocument([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
const publicRead = (bucket: string): JsonObject[] => [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }];
const bucketName = (scene: Scene): string => scene.recorder.rng.pick(scene.world.buckets).name;
const keyIdOf = (scene: Scene): string => scene.recorder.rng.pick(scene.world.keys[scene.region] ?? [scene.recorder.rng.uuid()]);
const roleName = (scene: Scene): string => `${scene.recorder.rng.pick(scene.world.functions).name}-role`;
const aclEntry = (scene: Scene, cidr: string, action: 'allow' | 'deny' = 'allow') => ({
  aclId: vpcOf(scene).networkAcl,
  ruleNumber: scene.recorder.rng.pick([90, 100, 110, 120, 200]),
  action,
  protocol: scene.recorder.rng.pick(['-1', '6']),
  cidr,
  ports: [0, 65535] as const,
});
const igw = { gatewayId: 'igw-0a1b2c3d4e5f60718' };

export const SCENARIOS: readonly Scenario[] = [
  // sg-open-ingress, in each shape CloudTrail writes, and what must not trip it.
  authorize('ssh to the world (ipPermissions.items)', 'positive', OPEN, [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }]),
  authorize('rdp to ::/0 (ipv6Ranges)', 'positive', OPEN, [{ protocol: 'tcp', from: 3389, to: 3389, v6: ['::/0'] }]),
  authorize('ssh to the world (legacy top-level cidrIp)', 'positive', OPEN, [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }], { shape: 'legacy' }),
  authorize('postgres to the world without securityGroupRuleSet', 'positive', OPEN, [{ protocol: 'tcp', from: 5432, to: 5432, v4: ['0.0.0.0/0'], v6: ['::/0'] }], { ruleSet: false }),
  authorize('all traffic to the world', 'positive', OPEN, [{ protocol: '-1', v4: ['0.0.0.0/0'] }]),
  authorize('port range 80-443 to the world', 'positive', OPEN, [{ protocol: 'tcp', from: 80, to: 443, v4: ['0.0.0.0/0'] }]),
  authorize('https plus ssh to the world', 'positive', OPEN, [{ protocol: 'tcp', from: 443, to: 443, v4: ['0.0.0.0/0'] }, { protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'], description: 'temp debug' }]),
  authorize('ssh to the world by group name (default VPC)', 'positive', OPEN, [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }], { groupName: 'launch-wizard-3' }),
  authorize('https to the world', 'near-miss', SG, [{ protocol: 'tcp', from: 443, to: 443, v4: ['0.0.0.0/0'], v6: ['::/0'] }]),
  authorize('http to the world', 'near-miss', SG, [{ protocol: 'tcp', from: 80, to: 80, v4: ['0.0.0.0/0'] }]),
  authorize('ssh from 10.0.0.0/8', 'near-miss', SG, [{ protocol: 'tcp', from: 22, to: 22, v4: ['10.0.0.0/8'] }]),
  authorize('ssh from the office /24', 'near-miss', SG, [{ protocol: 'tcp', from: 22, to: 22, v4: ['203.0.113.0/24'] }]),
  authorize('icmp from the world', 'near-miss', SG, [{ protocol: 'icmp', from: -1, to: -1, v4: ['0.0.0.0/0'] }]),
  authorize('all egress to the world', 'near-miss', SG, [{ protocol: '-1', v4: ['0.0.0.0/0'] }], { egress: true }),
  authorize('postgres from another security group', 'near-miss', SG, [{ protocol: 'tcp', from: 5432, to: 5432, groups: ['sg-0aa11bb22cc33dd44'] }]),
  {
    name: 'ssh to the world, duplicate rule (failed)',
    category: 'sg-open-ingress',
    kind: 'near-miss',
    build: (scene) => [
      emit(scene, changer(scene), securityGroups.authorize(shape(scene), { groupId: groupOf(scene), permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }] }), [], 'failed authorize', {
        code: 'Client.InvalidPermission.Duplicate',
        message: 'the specified rule "peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW" already exists',
      }),
    ],
  },
  {
    name: "the responder's own revoke (loop guard)",
    category: 'sg-open-ingress',
    kind: 'near-miss',
    build: (scene) => [
      // Replay knows no role ids: without --own-principal the revert is a security-group change like anyone's.
      emit(scene, responderActor(scene.world.account, 'dev', 'securityGroup', scene.region), securityGroups.revoke(shape(scene), groupOf(scene), [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }]), ['sg-change'], 'trailguard revert: not sg-open-ingress (a revoke); sg-change unless --own-principal names the role'),
    ],
  },

  // sg-change
  simple('create security group', 'sg-change', 'positive', SG, (c) => securityGroups.create(c, `svc-${c.rng.hex(4)}`, 'Managed by Terraform')),
  simple('delete security group', 'sg-change', 'positive', SG, (c, s) => securityGroups.delete(c, groupOf(s))),
  simple('revoke ingress', 'sg-change', 'positive', SG, (c, s) => securityGroups.revoke(c, groupOf(s), [{ protocol: 'tcp', from: 8080, to: 8080, v4: ['10.20.0.0/16'] }])),
  simple('describe security groups', 'sg-change', 'near-miss', [], (c) => ec2Reads.describeSecurityGroups(c)),
  simple('describe security group rules', 'sg-change', 'near-miss', [], (c) => ec2Reads.describeSecurityGroupRules(c)),

  // root
  {
    name: 'root console sign-in',
    category: 'root-login',
    kind: 'positive',
    build: (scene) => [{ record: scene.recorder.signIn(root(scene), scene.time, { outcome: 'Success', mfaUsed: scene.recorder.rng.pick(['Yes', 'No'] as const) }), expect: ['root-login'], note: 'root sign-in' }],
  },
  {
    name: 'root sign-in failure',
    category: 'root-login',
    kind: 'near-miss',
    build: (scene) => [{ record: scene.recorder.signIn(root(scene), scene.time, { outcome: 'Failure', mfaUsed: 'No' }), expect: ['console-login-failure'], note: 'failed root sign-in' }],
  },
  simple('root describes instances in the console', 'root-activity', 'positive', ['root-activity'], (c) => ec2Reads.describeInstances(c), { actor: root }),
  simple('root views the bill (console action)', 'root-activity', 'positive', ['root-activity'], (c) => misc.billingView(c, 'GetBillsForBillingPeriod'), { actor: root }),
  simple('root key lists users', 'root-activity', 'positive', ['root-activity'], () => iam.listUsers(), { actor: (s) => root(s, 'cli') }),
  simple('root denied by an SCP', 'root-activity', 'positive', ['root-activity', 'unauthorized-api-call'], () => cloudtrail.logging('StopLogging', 'org-trail'), {
    actor: (s) => root(s, 'cli'),
    failure: denied,
  }),
  {
    name: 'root password recovery (service event)',
    category: 'root-activity',
    kind: 'near-miss',
    build: (scene) => {
      const owner = root(scene);
      const { sessionContext: _s, accessKeyId: _k, ...identity } = owner.identity;
      return [emit(scene, owner, { ...misc.passwordRecovery(shape(scene), 'PasswordRecoveryRequested'), identity }, [], 'AwsServiceEvent')];
    },
  },
  simple('root call invoked by Trusted Advisor', 'root-activity', 'near-miss', [], () => ({ ...misc.trustedAdvisorCheck() }), {
    actor: (s) => {
      const base = root(s);
      return { ...base, identity: { ...base.identity, invokedBy: 'trustedadvisor.amazonaws.com' }, agent: { kind: 'service', host: 'trustedadvisor.amazonaws.com' }, sourceIp: 'trustedadvisor.amazonaws.com' };
    },
  }),
  simple('root creates a root access key', 'root-access-key', 'positive', ['root-activity', 'root-access-key'], (c) => iam.createAccessKey(c), { actor: root }),
  simple("root creates an IAM user's key", 'root-access-key', 'near-miss', ['root-activity'], (c) => iam.createAccessKey(c, 'svc-backup'), { actor: root }),
  simple('user creates a key for another user', 'root-access-key', 'near-miss', [], (c) => iam.createAccessKey(c, 'svc-backup')),

  // console sign-ins
  {
    name: 'IAM user signs in without MFA',
    category: 'console-login-no-mfa',
    kind: 'positive',
    build: (scene) => {
      const user = { ...(consoleUser(scene) ?? iamUserOf(scene)), mfa: false };
      return [{ record: scene.recorder.signIn(user, scene.time, { outcome: 'Success', mfaUsed: 'No' }), expect: ['console-login-no-mfa'], note: 'password-only sign-in' }];
    },
  },
  {
    name: 'IAM Identity Center sign-in (MFAUsed No, federated)',
    category: 'console-login-no-mfa',
    kind: 'near-miss',
    build: (scene) => {
      const actor = scene.world.actors.find((a) => a.kind === 'sso-user') ?? changer(scene);
      return [{ record: scene.recorder.signIn(actor, scene.time, { outcome: 'Success', mfaUsed: 'No' }), expect: [], note: 'federated sign-in' }];
    },
  },
  {
    name: 'IAM user signs in with MFA',
    category: 'console-login-no-mfa',
    kind: 'near-miss',
    build: (scene) => {
      const actor = iamUserOf(scene);
      return [{ record: scene.recorder.signIn({ ...actor, mfa: true }, scene.time, { outcome: 'Success', mfaUsed: 'Yes' }), expect: [], note: 'MFA sign-in' }];
    },
  },
  {
    name: 'wrong password',
    category: 'console-login-failure',
    kind: 'positive',
    build: (scene) => {
      const actor = iamUserOf(scene);
      const { arn: _a, sessionContext: _s, ...identity } = actor.identity;
      return [{ record: scene.recorder.signIn({ ...actor, sourceIp: `198.51.100.${scene.recorder.rng.int(100, 250)}` }, scene.time, { outcome: 'Failure', mfaUsed: 'No', identity: { ...identity, accessKeyId: '' } }), expect: ['console-login-failure'], note: 'wrong password' }];
    },
  },
  {
    name: 'unknown user name',
    category: 'console-login-failure',
    kind: 'positive',
    build: (scene) => {
      const identity = { type: 'IAMUser', accountId: scene.world.account, accessKeyId: '', userName: 'HIDDEN_DUE_TO_SECURITY_REASONS' };
      const actor = { ...changer(scene), sourceIp: `198.51.100.${scene.recorder.rng.int(100, 250)}`, agent: { kind: 'sdk' as const, userAgent: userAgents.firefoxLinux } };
      return [{ record: scene.recorder.signIn(actor, scene.time, { outcome: 'Failure', mfaUsed: 'No', identity, errorMessage: 'No username found in supplied account' }), expect: ['console-login-failure'], note: 'unknown user' }];
    },
  },

  // unauthorized-api-call
  simple('denied describe (UnauthorizedOperation)', 'unauthorized-api-call', 'positive', ['unauthorized-api-call'], (c) => ec2Reads.describeInstances(c), { failure: denied }),
  simple('denied IAM write (AccessDenied)', 'unauthorized-api-call', 'positive', ['unauthorized-api-call'], () => iam.putUserPolicy('ci-deploy', 'escalate', adminPolicy), { failure: denied }),
  simple('denied KMS decrypt (AccessDeniedException)', 'unauthorized-api-call', 'positive', ['unauthorized-api-call'], (c) => kms.decrypt(c), { failure: denied }),
  simple('throttled describe', 'unauthorized-api-call', 'near-miss', [], (c) => ec2Reads.describeInstances(c), { failure: failed('Client.RequestLimitExceeded', 'Request limit exceeded.') }),
  simple('parameter not found', 'unauthorized-api-call', 'near-miss', [], () => ({ eventSource: 'ssm.amazonaws.com', eventName: 'GetParameter', requestParameters: { name: '/orders-api/prod/old-key', withDecryption: true } }), {
    failure: failed('ParameterNotFound', ''),
  }),

  // cloudtrail-tampering
  simple('stop logging', 'cloudtrail-tampering', 'positive', ['cloudtrail-tampering'], (c) => cloudtrail.logging('StopLogging', c.world.trail.arn)),
  simple('delete trail', 'cloudtrail-tampering', 'positive', ['cloudtrail-tampering'], (c) => cloudtrail.deleteTrail(c.world.trail.name)),
  simple('update trail to one region', 'cloudtrail-tampering', 'positive', ['cloudtrail-tampering'], (c) => cloudtrail.updateTrail(c, { isMultiRegionTrail: false })),
  simple('event selectors without management events', 'cloudtrail-tampering', 'positive', ['cloudtrail-tampering'], (c) => cloudtrail.putEventSelectors(c)),
  simple('create trail', 'cloudtrail-tampering', 'positive', ['cloudtrail-tampering'], (c) => cloudtrail.createTrail(c, 'scratch-trail', `acme-dev-scratch-${c.world.account}`)),
  simple('start logging', 'cloudtrail-tampering', 'near-miss', [], (c) => cloudtrail.logging('StartLogging', c.world.trail.arn)),
  simple('describe trails', 'cloudtrail-tampering', 'near-miss', [], () => cloudtrail.describeTrails()),
  simple('stop logging a trail that does not exist', 'cloudtrail-tampering', 'near-miss', [], () => cloudtrail.logging('StopLogging', 'default'), {
    failure: failed('TrailNotFoundException', 'Unknown trail: default for the user: ' + ACCOUNTS.prod),
  }),

  // iam-policy-change
  simple('attach role policy', 'iam-policy-change', 'positive', ['iam-policy-change'], (c, s) => iam.attachRolePolicy(roleName(s), `arn:aws:iam::${c.world.account}:policy/orders-table-access`)),
  simple('inline admin policy on a user', 'iam-policy-change', 'positive', ['iam-policy-change'], () => iam.putUserPolicy('ci-deploy', 'break-glass', adminPolicy)),
  simple('create policy', 'iam-policy-change', 'positive', ['iam-policy-change'], (c) => iam.createPolicy(c, `svc-${c.rng.hex(4)}-access`, policyDocument([{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }]))),
  simple('new policy version', 'iam-policy-change', 'positive', ['iam-policy-change'], (c) => iam.createPolicyVersion(c, `arn:aws:iam::${c.world.account}:policy/orders-table-access`, policyDocument([{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }]))),
  simple('delete user policy', 'iam-policy-change', 'positive', ['iam-policy-change'], () => iam.deleteUserPolicy('dave', 'temp-access')),
  simple('auto scaling DeletePolicy', 'iam-policy-change', 'near-miss', [], () => misc.autoscalingDeletePolicy()),
  simple('get policy', 'iam-policy-change', 'near-miss', [], (c) => iam.getPolicy(c)),
  simple('tag role', 'iam-policy-change', 'near-miss', [], (c, s) => iam.tagRole(roleName(s))),
  simple('malformed inline policy (failed)', 'iam-policy-change', 'near-miss', [], (c, s) => iam.putRolePolicy(roleName(s), 'inline', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow"'), {
    failure: failed('MalformedPolicyDocumentException', 'Syntax errors in policy.'),
  }),

  // kms-key-deletion
  simple('schedule key deletion', 'kms-key-deletion', 'positive', ['kms-key-deletion'], (c, s) => kms.scheduleKeyDeletion(c, keyIdOf(s), c.rng.pick([7, 30]))),
  simple('disable key', 'kms-key-deletion', 'positive', ['kms-key-deletion'], (c, s) => kms.keyState(c, 'DisableKey', keyIdOf(s))),
  simple('cancel key deletion', 'kms-key-deletion', 'near-miss', [], (c, s) => kms.cancelKeyDeletion(c, keyIdOf(s))),
  simple('enable key', 'kms-key-deletion', 'near-miss', [], (c, s) => kms.keyState(c, 'EnableKey', keyIdOf(s))),
  simple('describe key', 'kms-key-deletion', 'near-miss', [], (c, s) => kms.describeKey(c, keyIdOf(s))),
  simple('KMS deletes a key (service event)', 'kms-key-deletion', 'near-miss', [], (c, s) => kms.serviceEvent(c, 'DeleteKey', keyIdOf(s)), {
    actor: (s) => s.world.actors.find((a) => a.identity.invokedBy === 'kms.amazonaws.com')!,
  }),
  simple('schedule deletion of a pending key (failed)', 'kms-key-deletion', 'near-miss', [], (c, s) => kms.scheduleKeyDeletion(c, keyIdOf(s)), {
    failure: failed('KMSInvalidStateException', 'is pending deletion.'),
  }),

  // s3-bucket-policy-change
  simple('public bucket policy', 's3-bucket-policy-change', 'positive', ['s3-bucket-policy-change'], (c, s) => {
    const bucket = bucketName(s);
    return s3.putBucketPolicy(c, bucket, publicRead(bucket));
  }),
  simple('delete bucket policy', 's3-bucket-policy-change', 'positive', ['s3-bucket-policy-change'], (c, s) => s3.deleteBucketPolicy(c, bucketName(s))),
  simple('public-read bucket ACL', 's3-bucket-policy-change', 'positive', ['s3-bucket-policy-change'], (c, s) => s3.putBucketAcl(c, bucketName(s), true)),
  simple('public access block off', 's3-bucket-policy-change', 'positive', ['s3-bucket-policy-change'], (c, s) => s3.putBucketPublicAccessBlock(c, bucketName(s), false)),
  simple('delete public access block', 's3-bucket-policy-change', 'positive', ['s3-bucket-policy-change'], (c, s) => s3.deleteBucketPublicAccessBlock(c, bucketName(s))),
  simple('lifecycle rule', 's3-bucket-policy-change', 'positive', ['s3-bucket-policy-change'], (c, s) => s3.putBucketLifecycle(c, bucketName(s))),
  simple('CORS rule', 's3-bucket-policy-change', 'positive', ['s3-bucket-policy-change'], (c, s) => s3.putBucketCors(c, bucketName(s))),
  simple('get bucket policy', 's3-bucket-policy-change', 'near-miss', [], (c, s) => s3.getBucketPolicy(c, bucketName(s))),
  simple('bucket tagging', 's3-bucket-policy-change', 'near-miss', [], (c, s) => s3.putBucketTagging(c, bucketName(s))),
  simple('object ACL (data event)', 's3-bucket-policy-change', 'near-miss', [], (c, s) => s3.putObjectAcl(c, bucketName(s))),
  simple('malformed bucket policy (failed)', 's3-bucket-policy-change', 'near-miss', [], (c, s) => s3.putBucketPolicy(c, bucketName(s), [{ Effect: 'Allow', Principal: '*' }]), {
    failure: failed('MalformedPolicy', 'Policy has invalid action'),
  }),

  // config-change
  simple('stop configuration recorder', 'config-change', 'positive', ['config-change'], () => config.recorder('StopConfigurationRecorder')),
  simple('delete delivery channel', 'config-change', 'positive', ['config-change'], () => config.deleteDeliveryChannel()),
  simple('put delivery channel', 'config-change', 'positive', ['config-change'], (c) => config.putDeliveryChannel(c)),
  simple('put configuration recorder', 'config-change', 'positive', ['config-change'], (c) => config.putConfigurationRecorder(c)),
  simple('start configuration recorder', 'config-change', 'near-miss', [], () => config.recorder('StartConfigurationRecorder')),
  simple('describe recorder status', 'config-change', 'near-miss', [], () => config.describeRecorderStatus()),

  // nacl-change
  simple('allow all from the world', 'nacl-change', 'positive', ['nacl-change'], (c, s) => network.createNetworkAclEntry(c, aclEntry(s, '0.0.0.0/0'))),
  simple('replace ACL entry', 'nacl-change', 'positive', ['nacl-change'], (c, s) => network.replaceNetworkAclEntry(c, aclEntry(s, '0.0.0.0/0'))),
  simple('delete ACL entry', 'nacl-change', 'positive', ['nacl-change'], (c, s) => network.deleteNetworkAclEntry(c, vpcOf(s).networkAcl, 100)),
  simple('create network ACL', 'nacl-change', 'positive', ['nacl-change'], (c) => network.createNetworkAcl(c)),
  simple('replace ACL association', 'nacl-change', 'positive', ['nacl-change'], (c, s) => network.replaceNetworkAclAssociation(c, vpcOf(s).networkAcl)),
  simple('describe network ACLs', 'nacl-change', 'near-miss', [], (c) => ec2Reads.describeNetworkAcls(c)),
  simple('duplicate ACL entry (failed)', 'nacl-change', 'near-miss', [], (c, s) => network.createNetworkAclEntry(c, aclEntry(s, '10.0.0.0/8')), {
    failure: failed('Client.NetworkAclEntryAlreadyExists', 'The network acl entry identified by 100 already exists.'),
  }),

  // network-gateway-change
  simple('create internet gateway', 'network-gateway-change', 'positive', ['network-gateway-change'], (c) => network.createInternetGateway(c)),
  simple('attach internet gateway', 'network-gateway-change', 'positive', ['network-gateway-change'], (c, s) => network.attachInternetGateway(c, vpcOf(s).internetGateway, vpcOf(s).vpcId)),
  simple('detach internet gateway', 'network-gateway-change', 'positive', ['network-gateway-change'], (c, s) => network.detachInternetGateway(c, vpcOf(s).internetGateway, vpcOf(s).vpcId)),
  simple('create customer gateway', 'network-gateway-change', 'positive', ['network-gateway-change'], (c) => network.createCustomerGateway(c, '198.51.100.200')),
  simple('create NAT gateway', 'network-gateway-change', 'near-miss', [], (c) => network.createNatGateway(c)),
  simple('describe internet gateways', 'network-gateway-change', 'near-miss', [], (c) => ec2Reads.describeInternetGateways(c)),

  // route-table-change
  simple('default route to an internet gateway', 'route-table-change', 'positive', ['route-table-change'], (c, s) => network.createRoute(c, vpcOf(s).routeTables[0]!, '0.0.0.0/0', igw)),
  simple('replace route', 'route-table-change', 'positive', ['route-table-change'], (c, s) => network.replaceRoute(c, vpcOf(s).routeTables[1]!, '10.60.0.0/16', { vpcPeeringConnectionId: 'pcx-0a1b2c3d4e5f60718' })),
  simple('delete route', 'route-table-change', 'positive', ['route-table-change'], (c, s) => network.deleteRoute(c, vpcOf(s).routeTables[1]!, '10.60.0.0/16')),
  simple('create route table', 'route-table-change', 'positive', ['route-table-change'], (c) => network.createRouteTable(c)),
  simple('disassociate route table', 'route-table-change', 'positive', ['route-table-change'], (c) => network.disassociateRouteTable(c)),
  simple('API Gateway CreateRoute', 'route-table-change', 'near-miss', [], (c) => misc.apigatewayCreateRoute(c)),
  simple('transit gateway route', 'route-table-change', 'near-miss', [], (c) => network.createTransitGatewayRoute(c, '10.40.0.0/16')),
  simple('describe route tables', 'route-table-change', 'near-miss', [], (c) => ec2Reads.describeRouteTables(c)),

  // vpc-change
  simple('create VPC', 'vpc-change', 'positive', ['vpc-change'], (c) => network.createVpc(c, '10.99.0.0/16')),
  simple('delete VPC', 'vpc-change', 'positive', ['vpc-change'], (c) => network.deleteVpc(c, `vpc-0${c.rng.hex(16)}`)),
  simple('modify VPC attribute', 'vpc-change', 'positive', ['vpc-change'], (c, s) => network.modifyVpcAttribute(c, vpcOf(s).vpcId)),
  simple('peer with another account', 'vpc-change', 'positive', ['vpc-change'], (c, s) => network.createVpcPeeringConnection(c, vpcOf(s).vpcId, { vpcId: 'vpc-0f1e2d3c4b5a69788', account: ACCOUNTS.dev, region: 'us-west-2' })),
  simple('accept peering', 'vpc-change', 'positive', ['vpc-change'], (c) => network.acceptVpcPeeringConnection(c, `pcx-0${c.rng.hex(16)}`)),
  simple('create VPC endpoint', 'vpc-change', 'near-miss', [], (c) => network.createVpcEndpoint(c)),
  simple('describe VPCs', 'vpc-change', 'near-miss', [], (c) => ec2Reads.describeVpcs(c)),

  // organizations-change
  simple('detach SCP', 'organizations-change', 'positive', ['organizations-change'], () => organizations.policyTarget('DetachPolicy', 'p-a1b2c3d4', 'ou-a1b2-c3d4e5f6'), { org: true }),
  simple('attach SCP', 'organizations-change', 'positive', ['organizations-change'], () => organizations.policyTarget('AttachPolicy', 'p-a1b2c3d4', 'ou-a1b2-c3d4e5f6'), { org: true }),
  simple('move account', 'organizations-change', 'positive', ['organizations-change'], () => organizations.moveAccount(ACCOUNTS.dev, `r-a1b2`, 'ou-a1b2-c3d4e5f6'), { org: true }),
  simple('describe organization', 'organizations-change', 'near-miss', [], () => organizations.describeOrganization(), { org: true }),
  simple('list accounts', 'organizations-change', 'near-miss', [], () => organizations.listAccounts(), { org: true }),
  simple('IoT AttachPolicy', 'organizations-change', 'near-miss', [], (c) => misc.iotAttachPolicy(c)),
];

/** Scenarios by category and kind, for drawing injections evenly across categories. */
export const scenarioIndex = (): ReadonlyMap<Category, { positive: Scenario[]; nearMiss: Scenario[] }> => {
  const index = new Map<Category, { positive: Scenario[]; nearMiss: Scenario[] }>();
  for (const scenario of SCENARIOS) {
    const entry = index.get(scenario.category) ?? { positive: [], nearMiss: [] };
    (scenario.kind === 'positive' ? entry.positive : entry.nearMiss).push(scenario);
    index.set(scenario.category, entry);
  }
  return index;
};
