import type { UserIdentity } from '../../../lib/cloudtrail/record';
import { identities } from '../records';
import { Rng, UPPER_ALNUM } from './prng';

/**
 * The world the synthetic histories happen in: three accounts of one organisation, four regions, the people,
 * workloads and AWS services that act in them, and the resources they touch. Everything is derived from a seed,
 * so ids are stable between runs; documentation values only (AWS example accounts, TEST-NET addresses).
 */
export const ACCOUNTS = { prod: '123456789012', dev: '111122223333', security: '444455556666' } as const;
export type AccountName = keyof typeof ACCOUNTS;
export const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'us-west-2'] as const;
/** Where CloudTrail records global services (IAM, sign-in, Organizations, billing). */
export const GLOBAL_REGION = 'us-east-1';
export const ORG_ID = 'o-a1b2c3d4e5';

export type ActorKind =
  | 'sso-user'
  | 'iam-user'
  | 'ci'
  | 'lambda'
  | 'ec2'
  | 'service-linked'
  | 'aws-service'
  | 'responder'
  | 'attacker'
  | 'root';

/** How an actor's calls are made, which decides the userAgent and sourceIPAddress CloudTrail writes. */
export type Agent =
  /** The AWS console in a browser: sign-ins and console-only actions carry the browser's agent string. */
  | { readonly kind: 'console'; readonly browser?: string }
  | { readonly kind: 'cli' }
  | { readonly kind: 'sdk'; readonly userAgent: string }
  /** An AWS service calling with its own credentials or a service-linked role: host name as IP and agent. */
  | { readonly kind: 'service'; readonly host: string };

export interface Actor {
  readonly kind: ActorKind;
  /** Short label used in notes and the sample README (`dave`, `lambda:orders-api`). */
  readonly name: string;
  readonly account: string;
  readonly identity: UserIdentity;
  readonly agent: Agent;
  readonly sourceIp: string;
  /** Console sessions carry `sessionCredentialFromConsole` and MFA state in the session context. */
  readonly mfa: boolean;
  /** Regions this actor works in, first is home. */
  readonly regions: readonly string[];
  /** Relative share of its account's background activity. */
  readonly weight: number;
  /** When its current session began (a console sign-in), if known; otherwise derived from the call time. */
  readonly sessionStart?: number;
}

export interface Vpc {
  readonly vpcId: string;
  readonly cidr: string;
  readonly subnets: readonly string[];
  readonly securityGroups: readonly { readonly id: string; readonly name: string }[];
  readonly routeTables: readonly string[];
  readonly networkAcl: string;
  readonly internetGateway: string;
}

export interface AccountWorld {
  readonly name: AccountName;
  readonly account: string;
  /** Regions with activity and their share of it. */
  readonly regions: readonly (readonly [number, string])[];
  readonly vpcs: Readonly<Record<string, Vpc>>;
  readonly instances: Readonly<Record<string, readonly string[]>>;
  readonly amis: Readonly<Record<string, string>>;
  readonly keys: Readonly<Record<string, readonly string[]>>;
  readonly buckets: readonly { readonly name: string; readonly region: string }[];
  readonly functions: readonly { readonly name: string; readonly region: string; readonly runtime: string }[];
  readonly tables: readonly string[];
  readonly parameters: readonly string[];
  readonly repositories: readonly string[];
  readonly trail: { readonly name: string; readonly arn: string; readonly region: string; readonly bucket: string };
  readonly actors: readonly Actor[];
}

export interface Fleet {
  readonly accounts: Readonly<Record<AccountName, AccountWorld>>;
  readonly byAccount: ReadonlyMap<string, AccountWorld>;
  /** Random session tokens reused by STS responses (building 700 random characters per record is wasteful). */
  readonly sessionTokens: readonly string[];
}

// ---------------------------------------------------------------------------------------------------------------
// User agents, as CloudTrail records them for the tools people and workloads really use.

const CLI_PREFIX = 'aws-cli/2.18.4 md/awscrt#0.22.0 ua/2.0';
export const userAgents = {
  cli: (os: string, command: string): string =>
    `${CLI_PREFIX} os/${os} lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#${command}`,
  terraform: (api: string): string =>
    `APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.74.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.3 ua/2.1 os/linux lang/go#1.23.2 md/GOOS#linux md/GOARCH#amd64 api/${api} m/E,g`,
  boto3Lambda:
    'Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.227-239.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.145',
  nodeLambda:
    'aws-sdk-js/3.666.0 ua/2.1 os/linux#5.10.227-239.884.amzn2.x86_64 lang/js md/nodejs#20.18.0 exec-env/AWS_Lambda_nodejs20.x m/N,E',
  javaEc2:
    'aws-sdk-java/2.28.16 Linux/6.1.112-122.189.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/21.0.5+11-LTS Java/21.0.5 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy',
  ssmAgent: 'aws-sdk-go/1.55.5 (go1.22.7; linux; amd64) amazon-ssm-agent/3.3.987.0',
  lambdaWorker: 'awslambda-worker/1.0 rusoto/0.48.0 rust/1.79.0 linux',
  chromeMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0',
  edgeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0',
  s3Console:
    '[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.750 Linux/5.10.226-192.879.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.412-b09 java/1.8.0_412 vendor/Oracle_Corporation cfg/retry-mode/standard]',
  /** The Kali build of the CLI: GuardDuty's PenTest:IAMUser/KaliLinux finding keys on this. */
  kaliCli: (command: string): string =>
    `aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.6.9-amd64 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#kali.2024 md/prompt#off md/command#${command}`,
  pacu: 'Boto3/1.26.165 Python/3.11.8 Linux/6.6.9-amd64 Botocore/1.29.165',
};

/** The agent string the AWS console's backends write for a call made from the browser. */
export const consoleUserAgent = (eventSource: string, browser: string): string => {
  if (eventSource === 'ec2.amazonaws.com') return 'console.ec2.amazonaws.com';
  if (eventSource === 's3.amazonaws.com') return userAgents.s3Console;
  if (eventSource === 'signin.amazonaws.com' || eventSource === 'billingconsole.amazonaws.com') return browser;
  return 'AWS Internal';
};

/** `aws ec2 describe-instances` style command for the CLI agent: `ec2.describe-instances`. */
export const cliCommand = (eventSource: string, eventName: string): string => {
  const service = eventSource.slice(0, eventSource.indexOf('.'));
  const verb = eventName.replace(/20\d{6}(v\d)?$/, '').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  return `${service === 'monitoring' ? 'cloudwatch' : service}.${verb}`;
};

// ---------------------------------------------------------------------------------------------------------------
// Identities. The record builders' identities share one principal id and key; real accounts have one per principal.

const principalSuffix = (rng: Rng): string => rng.chars(17, UPPER_ALNUM);

const iamUser = (rng: Rng, userName: string, account: string, mfa: boolean): UserIdentity => ({
  ...identities.iamUser(userName, account, mfa),
  principalId: `AIDA${principalSuffix(rng)}`,
  accessKeyId: `AKIA${rng.chars(16, UPPER_ALNUM)}`,
});

const roleSession = (rng: Rng, roleName: string, session: string, account: string, rolePath = ''): UserIdentity => {
  const base = identities.assumedRole(roleName, session, account);
  const roleId = `AROA${principalSuffix(rng)}`;
  return {
    ...base,
    principalId: `${roleId}:${session}`,
    accessKeyId: `ASIA${rng.chars(16, UPPER_ALNUM)}`,
    sessionContext: {
      ...base.sessionContext,
      sessionIssuer: {
        ...base.sessionContext?.sessionIssuer,
        principalId: roleId,
        arn: `arn:aws:iam::${account}:role/${rolePath}${roleName}`,
      },
    },
  };
};

const ssoRole = (permissionSet: string, rng: Rng): string => `AWSReservedSSO_${permissionSet}_${rng.hex(16)}`;

/** A person's IAM Identity Center session in an account (their permission set's reserved role). */
export const ssoActor = (
  rng: Rng,
  account: string,
  user: string,
  permissionSet: string,
  options: { ip: string; agent: Agent; regions: readonly string[]; weight?: number },
): Actor => ({
  kind: 'sso-user',
  name: user,
  account,
  identity: roleSession(rng, ssoRole(permissionSet, rng), user, account, 'aws-reserved/sso.amazonaws.com/'),
  agent: options.agent,
  sourceIp: options.ip,
  mfa: false,
  regions: options.regions,
  weight: options.weight ?? 1,
});

// ---------------------------------------------------------------------------------------------------------------

const hexId = (rng: Rng, prefix: string): string => `${prefix}-0${rng.hex(16)}`;

const makeVpc = (rng: Rng, cidr: string, groups: readonly string[]): Vpc => ({
  vpcId: hexId(rng, 'vpc'),
  cidr,
  subnets: [hexId(rng, 'subnet'), hexId(rng, 'subnet'), hexId(rng, 'subnet')],
  securityGroups: groups.map((name) => ({ id: hexId(rng, 'sg'), name })),
  routeTables: [hexId(rng, 'rtb'), hexId(rng, 'rtb')],
  networkAcl: hexId(rng, 'acl'),
  internetGateway: hexId(rng, 'igw'),
});

interface AccountPlan {
  readonly name: AccountName;
  readonly regions: readonly (readonly [number, string])[];
  readonly vpcCidr: string;
  readonly groups: readonly string[];
  readonly buckets: readonly string[];
  readonly functions: readonly (readonly [string, string])[];
  readonly tables: readonly string[];
  readonly parameters: readonly string[];
  readonly repositories: readonly string[];
  readonly trail: string;
}

const PLANS: readonly AccountPlan[] = [
  {
    name: 'prod',
    regions: [[0.55, 'us-east-1'], [0.3, 'eu-west-1'], [0.08, 'us-west-2'], [0.07, 'ap-southeast-2']],
    vpcCidr: '10.20.0.0/16',
    groups: ['web-alb', 'web-app', 'bastion', 'rds-orders', 'default'],
    buckets: ['acme-orders-exports', 'acme-web-assets', 'acme-invoices', 'acme-app-logs'],
    functions: [['orders-api', 'nodejs20.x'], ['image-resizer', 'python3.12'], ['nightly-report', 'python3.12'], ['stripe-webhook', 'nodejs20.x']],
    tables: ['orders', 'sessions', 'idempotency-keys'],
    parameters: ['/orders-api/prod/db-password', '/orders-api/prod/stripe-key', '/shared/prod/feature-flags'],
    repositories: ['orders-api', 'web-frontend'],
    trail: 'prod-audit-trail',
  },
  {
    name: 'dev',
    regions: [[0.4, 'us-west-2'], [0.25, 'ap-southeast-2'], [0.2, 'eu-west-1'], [0.15, 'us-east-1']],
    vpcCidr: '10.40.0.0/16',
    groups: ['sandbox-ssh', 'dev-app', 'dev-db', 'default'],
    buckets: ['acme-dev-scratch', 'acme-terraform-state', 'acme-dev-artifacts'],
    functions: [['orders-api-dev', 'nodejs20.x'], ['sandbox-cleaner', 'python3.12']],
    tables: ['orders-dev', 'sessions-dev'],
    parameters: ['/orders-api/dev/db-password', '/shared/dev/feature-flags'],
    repositories: ['orders-api', 'sandbox-tools'],
    trail: 'dev-trail',
  },
  {
    name: 'security',
    regions: [[0.75, 'us-east-1'], [0.1, 'eu-west-1'], [0.08, 'us-west-2'], [0.07, 'ap-southeast-2']],
    vpcCidr: '10.60.0.0/16',
    groups: ['tooling', 'default'],
    buckets: ['acme-org-cloudtrail', 'acme-config-history', 'acme-security-reports'],
    functions: [['config-rule-s3-public', 'python3.12'], ['guardduty-forwarder', 'nodejs20.x']],
    tables: ['exceptions'],
    parameters: ['/security/slack-webhook'],
    repositories: ['security-tools'],
    trail: 'org-trail',
  },
];

/** People and workloads per account. Weights are shares of the account's background traffic. */
const makeActors = (rng: Rng, plan: AccountPlan, account: string, regions: readonly string[]): Actor[] => {
  const home = regions[0]!;
  const natIp = (n: number): string => `192.0.2.${n}`;
  const office = (n: number): string => `203.0.113.${n}`;
  const vpn = (n: number): string => `198.51.100.${n}`;
  const actors: Actor[] = [];
  const sso = (user: string, permissionSet: string, weight: number, ip: string, agent: Agent, roleRegions = regions): void => {
    actors.push(ssoActor(rng, account, user, permissionSet, { ip, agent, regions: roleRegions, weight }));
  };
  const fn = (name: string, weight: number, runtime: string): void => {
    actors.push({
      kind: 'lambda',
      name: `lambda:${name}`,
      account,
      identity: roleSession(rng, `${name}-role-${rng.chars(8, 'abcdefghijklmnopqrstuvwxyz0123456789')}`, name, account, 'service-role/'),
      agent: { kind: 'sdk', userAgent: runtime.startsWith('python') ? userAgents.boto3Lambda : userAgents.nodeLambda },
      sourceIp: natIp(10 + actors.length),
      mfa: false,
      regions: [home],
      weight,
    });
  };
  const service = (host: string, weight: number, actorRegions = regions): void => {
    actors.push({
      kind: 'aws-service',
      name: `service:${host.split('.')[0]}`,
      account,
      identity: identities.awsService(host),
      agent: { kind: 'service', host },
      sourceIp: host,
      mfa: false,
      regions: actorRegions,
      weight,
    });
  };
  const linked = (host: string, roleName: string, session: string, weight: number): void => {
    actors.push({
      kind: 'service-linked',
      name: `linked:${roleName}`,
      account,
      identity: { ...roleSession(rng, roleName, session, account, `aws-service-role/${host}/`), invokedBy: host },
      agent: { kind: 'service', host },
      sourceIp: host,
      mfa: false,
      regions,
      weight,
    });
  };

  for (const [name, runtime] of plan.functions) fn(name, plan.name === 'prod' ? 7 : 3, runtime);
  // Services hand out role credentials where the workloads run: mostly the account's busiest regions.
  service('lambda.amazonaws.com', 3, regions.slice(0, 2));
  service('ec2.amazonaws.com', 1, regions.slice(0, 2));
  service('cloudtrail.amazonaws.com', 1, [home]);
  service('kms.amazonaws.com', 0.01);
  linked('config.amazonaws.com', 'AWSServiceRoleForConfig', 'AWSConfig-Describe', 3);
  linked('autoscaling.amazonaws.com', 'AWSServiceRoleForAutoScaling', 'AutoScaling', plan.name === 'prod' ? 1.5 : 0.3);

  if (plan.name !== 'security') {
    actors.push({
      kind: 'ec2',
      name: 'ec2:web-instance-role',
      account,
      identity: roleSession(rng, plan.name === 'prod' ? 'web-instance-role' : 'dev-instance-role', `i-0${rng.hex(16)}`, account),
      agent: { kind: 'sdk', userAgent: userAgents.javaEc2 },
      sourceIp: natIp(40 + actors.length),
      mfa: false,
      regions: [home],
      weight: plan.name === 'prod' ? 6 : 2,
    });
    actors.push({
      kind: 'ec2',
      name: 'ec2:ssm-agent',
      account,
      identity: roleSession(rng, 'AmazonSSMManagedInstanceCore-role', `i-0${rng.hex(16)}`, account),
      agent: { kind: 'sdk', userAgent: userAgents.ssmAgent },
      sourceIp: natIp(60 + actors.length),
      mfa: false,
      regions,
      weight: 3,
    });
    actors.push({
      kind: 'ci',
      name: 'ci:github-actions',
      account,
      identity: roleSession(rng, 'github-actions-deploy', `GitHubActions-${rng.int(1000000000, 9999999999)}`, account),
      agent: { kind: 'sdk', userAgent: userAgents.terraform('ec2#1.187.1') },
      sourceIp: vpn(50 + actors.length),
      mfa: false,
      regions,
      weight: 1.5,
    });
  }

  if (plan.name === 'prod') {
    sso('priya@example.com', 'AdministratorAccess', 1.5, office(21), { kind: 'console' });
    sso('oncall@example.com', 'ReadOnlyAccess', 1.5, vpn(24), { kind: 'cli' });
    actors.push({
      kind: 'iam-user',
      name: 'dave',
      account,
      identity: iamUser(rng, 'dave', account, false),
      agent: { kind: 'cli' },
      sourceIp: office(34),
      mfa: false,
      regions,
      weight: 1,
    });
    actors.push({
      kind: 'iam-user',
      name: 'ci-deploy',
      account,
      identity: iamUser(rng, 'ci-deploy', account, false),
      agent: { kind: 'sdk', userAgent: userAgents.terraform('s3#1.66.0') },
      sourceIp: vpn(51),
      mfa: false,
      regions,
      weight: 1,
    });
  } else if (plan.name === 'dev') {
    sso('erin@example.com', 'PowerUserAccess', 2, office(47), { kind: 'console' });
    sso('kenji@example.com', 'PowerUserAccess', 2, vpn(62), { kind: 'cli' }, ['ap-southeast-2', ...regions.filter((r) => r !== 'ap-southeast-2')]);
    actors.push({
      kind: 'iam-user',
      name: 'jay-contractor',
      account,
      identity: iamUser(rng, 'jay-contractor', account, false),
      agent: { kind: 'console' },
      sourceIp: '198.51.100.143',
      mfa: false,
      regions,
      weight: 0.6,
    });
  } else {
    sso('sam@example.com', 'AdministratorAccess', 2, office(12), { kind: 'console' });
    sso('audit-bot', 'SecurityAudit', 3, natIp(90), { kind: 'sdk', userAgent: userAgents.boto3Lambda });
    actors.push({
      kind: 'iam-user',
      name: 'alice',
      account,
      identity: iamUser(rng, 'alice', account, true),
      agent: { kind: 'console' },
      sourceIp: office(15),
      mfa: true,
      regions,
      weight: 0.8,
    });
  }
  return actors;
};

const buildAccount = (rng: Rng, plan: AccountPlan): AccountWorld => {
  const account = ACCOUNTS[plan.name];
  const regions = plan.regions.map(([, region]) => region);
  const home = regions[0]!;
  const perRegion = <T>(make: (region: string) => T): Record<string, T> =>
    Object.fromEntries(REGIONS.map((region) => [region, make(region)]));
  return {
    name: plan.name,
    account,
    regions: plan.regions,
    vpcs: perRegion(() => makeVpc(rng, plan.vpcCidr, plan.groups)),
    instances: perRegion(() => Array.from({ length: 6 }, () => hexId(rng, 'i'))),
    amis: perRegion(() => hexId(rng, 'ami')),
    keys: perRegion(() => [rng.uuid(), rng.uuid(), rng.uuid()]),
    buckets: plan.buckets.map((name, i) => ({ name: `${name}-${account}`, region: i === 1 && plan.name === 'prod' ? 'eu-west-1' : home })),
    functions: plan.functions.map(([name, runtime]) => ({ name, region: home, runtime })),
    tables: plan.tables,
    parameters: plan.parameters,
    repositories: plan.repositories,
    trail: {
      name: plan.trail,
      arn: `arn:aws:cloudtrail:${home}:${account}:trail/${plan.trail}`,
      region: home,
      bucket: `acme-org-cloudtrail-${ACCOUNTS.security}`,
    },
    actors: makeActors(rng, plan, account, regions),
  };
};

export const createFleet = (seed: number | string = 1): Fleet => {
  const rng = new Rng(`fleet:${seed}`);
  const built = PLANS.map((plan) => buildAccount(rng.fork(plan.name), plan));
  const accounts = Object.fromEntries(built.map((world) => [world.name, world])) as Record<AccountName, AccountWorld>;
  const tokenRng = rng.fork('tokens');
  return {
    accounts,
    byAccount: new Map(built.map((world) => [world.account, world])),
    sessionTokens: Array.from({ length: 32 }, () => `IQoJb3JpZ2luX2VjE${tokenRng.chars(620, `${UPPER_ALNUM}abcdefghijklmnopqrstuvwxyz+/`)}`),
  };
};

export const actorNamed = (world: AccountWorld, name: string): Actor => {
  const actor = world.actors.find((candidate) => candidate.name === name);
  if (!actor) throw new Error(`no actor ${name} in ${world.name}`);
  return actor;
};

/** The root user: a console session (browser) or its access key (CLI). Never part of background traffic. */
export const rootActor = (account: string, options: { ip: string; agent: Agent; mfa: boolean; accessKeyId?: string }): Actor => ({
  kind: 'root',
  name: 'root',
  account,
  identity: {
    ...identities.root(account, options.mfa),
    accessKeyId: options.accessKeyId ?? (options.agent.kind === 'console' ? 'ASIAQROOTCONSOLE0001' : 'AKIAQROOTACCESSKEY01'),
  },
  agent: options.agent,
  sourceIp: options.ip,
  mfa: options.mfa,
  regions: [GLOBAL_REGION],
  weight: 0,
});

/** Someone else using a principal's credentials: same identity, their own address and tooling. */
export const impostor = (victim: Actor, ip: string, userAgent: string): Actor => ({
  ...victim,
  kind: 'attacker',
  name: `${victim.name} (leaked key)`,
  agent: { kind: 'sdk', userAgent },
  sourceIp: ip,
});

/** trailguard's own Lambda role (`trailguard-<stage>-<region>-<function>`): what the loop guard must recognise. */
export const responderActor = (account: string, stage = 'dev', fn = 'securityGroup', region = GLOBAL_REGION): Actor => ({
  kind: 'responder',
  name: `trailguard-${stage}-${fn}`,
  account,
  identity: identities.responder(stage, fn, account, region),
  agent: { kind: 'sdk', userAgent: userAgents.nodeLambda },
  sourceIp: '192.0.2.200',
  mfa: false,
  regions: [GLOBAL_REGION],
  weight: 0,
});
