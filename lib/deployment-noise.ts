import { request, response } from './cloudtrail/fields';
import { accountOf, get, num, str, type CloudTrailRecord } from './cloudtrail/record';
import { severityRank, type Category, type FindingDraft, type RuleDefinition, type Severity } from './rule';

/**
 * Which findings of a deployment principal (lib/deployment-principals.ts) drop to LOW, category by category. In
 * real accounts most network and IAM findings are Terraform and CloudFormation runs; lowering them keeps them out
 * of SMS pages and folds a run into one alert and a digest, while anything that opens the account to the world or
 * blinds it keeps its severity whoever did it: a deployment role is a prized credential, and what it can do
 * quietly is only routine network plumbing.
 *
 * A category that lowers may still keep a finding (`keeps` says why), and no finding that its classifier raised
 * above the rule's default severity (an administrator grant, a trust opened to another account) is ever lowered.
 */
export type DeploymentDecision =
  | { readonly lowers: true; readonly why: string; readonly keeps?: (record: CloudTrailRecord) => boolean }
  | { readonly lowers: false; readonly why: string };

const WORLD = new Set(['0.0.0.0/0', '::/0']);
/** Remote administration ports (CIS 5.1: no network ACL may admit them from the world). */
const ADMIN_PORTS = [22, 3389];

/** A network ACL entry that allows ingress from the whole internet to all traffic or to SSH/RDP (CIS 5.1). */
const worldAdminAclEntry = (record: CloudTrailRecord): boolean => {
  if (record.eventName !== 'CreateNetworkAclEntry' && record.eventName !== 'ReplaceNetworkAclEntry') return false;
  const egress = request(record, 'egress');
  if (egress === true || egress === 'true') return false;
  if (str(request(record, 'ruleAction'))?.toLowerCase() !== 'allow') return false;
  const source = str(request(record, 'cidrBlock')) ?? str(request(record, 'ipv6CidrBlock'));
  if (source === undefined || !WORLD.has(source.trim())) return false;
  const protocolField = request(record, 'aclProtocol');
  const protocol = typeof protocolField === 'number' ? String(protocolField) : str(protocolField)?.trim();
  // -1 is every protocol and port; a protocol other than TCP (6) or UDP (17) carries no SSH or RDP.
  if (protocol === '-1' || protocol === 'all') return true;
  if (protocol !== '6' && protocol !== '17' && protocol !== 'tcp' && protocol !== 'udp') return false;
  const from = num(get(record.requestParameters, 'portRange', 'from'));
  const to = num(get(record.requestParameters, 'portRange', 'to')) ?? from;
  // TCP or UDP without a port range admits every port.
  if (from === undefined || to === undefined) return true;
  return ADMIN_PORTS.some((port) => from <= port && port <= to);
};

/** A peering connection whose other end is another account: a path for data to leave. */
const crossAccountPeering = (record: CloudTrailRecord): boolean => {
  if (!record.eventName.includes('VpcPeeringConnection')) return false;
  const own = accountOf(record);
  const others = [
    request(record, 'peerOwnerId'),
    response(record, 'vpcPeeringConnection', 'accepterVpcInfo', 'ownerId'),
    response(record, 'vpcPeeringConnection', 'requesterVpcInfo', 'ownerId'),
  ]
    .map((value) => (typeof value === 'number' ? String(value) : str(value)?.trim()))
    .filter((value): value is string => value !== undefined && value !== '');
  return others.some((account) => account !== own);
};

/** A trust policy rewritten, or a permissions boundary removed: who may assume a role, or how far it reaches. */
const trustOrBoundaryRemoval = (record: CloudTrailRecord): boolean =>
  record.eventName === 'UpdateAssumeRolePolicy' || /^Delete(User|Role)PermissionsBoundary$/.test(record.eventName);

const KEPT = (why: string): DeploymentDecision => ({ lowers: false, why });

/** Every category, decided (the type makes a new category choose). */
export const DEPLOYMENT_NOISE: Readonly<Record<Category, DeploymentDecision>> = {
  'sg-open-ingress': KEPT('world-open ingress: reverted whoever opened it'),
  'sg-change': { lowers: true, why: 'security groups are created, edited and deleted by every deployment (already LOW: the finding says who and joins the digest)' },
  'root-login': KEPT('root is never a deployment principal'),
  'root-activity': KEPT('root is never a deployment principal'),
  'root-access-key': KEPT('root is never a deployment principal'),
  'console-login-no-mfa': KEPT('a sign-in, not a change'),
  'console-login-failure': KEPT('a sign-in, not a change'),
  'unauthorized-api-call': KEPT('denied calls by a deployment role are how a stolen CI credential shows itself'),
  'cloudtrail-tampering': KEPT('trail changes blind the account'),
  'iam-policy-change': {
    lowers: true,
    why: 'deployments create, attach and detach policies on every run; an administrator grant, a trust policy rewrite or a removed permissions boundary keeps its severity',
    keeps: trustOrBoundaryRemoval,
  },
  'kms-key-deletion': KEPT('a deleted key loses its data for good'),
  's3-bucket-policy-change': KEPT('a bucket policy can make data public: not network plumbing'),
  'config-change': KEPT('Config recording is logging'),
  'nacl-change': {
    lowers: true,
    why: 'network ACLs are deployment plumbing; an entry allowing all traffic or SSH/RDP from the world (CIS 5.1) keeps its severity',
    keeps: worldAdminAclEntry,
  },
  'network-gateway-change': { lowers: true, why: 'internet and VPN gateways are built and torn down with their VPCs' },
  'route-table-change': { lowers: true, why: 'routes and route tables are built and torn down with their VPCs' },
  'vpc-change': {
    lowers: true,
    why: 'VPCs and their attributes are deployment plumbing; a peering with another account keeps its severity',
    keeps: crossAccountPeering,
  },
  'organizations-change': KEPT('the account boundary itself'),
  'instance-password-retrieved': KEPT('credential access'),
  'secrets-harvesting': KEPT('credential access'),
  'flow-logs-deleted': KEPT('logging deleted'),
  'dns-query-logging-deleted': KEPT('logging deleted'),
  'security-service-disabled': KEPT('detection turned off'),
  'instance-user-data-modified': KEPT('code run on an instance'),
  'remote-command-execution': KEPT('code run on instances'),
  'unusual-instance-launched': KEPT('not network or IAM plumbing'),
  'ami-shared': KEPT('data shared outside the account'),
  'snapshot-shared': KEPT('data shared outside the account'),
  'lambda-backdoor': KEPT('a function opened to outsiders'),
  'lambda-code-modified': KEPT('code replaced: the backdoor path, and already LOW'),
  'instance-ssh-key-pushed': KEPT('interactive access to an instance'),
  'iam-backdoor-user': KEPT('credentials for another user'),
  'role-trust-opened': KEPT('a trust policy that admits outsiders'),
  'rolesanywhere-trust-anchor': KEPT('a trust anchor for outside certificates'),
  'identity-provider-changed': KEPT('an identity provider decides who may sign in to the roles that trust it'),
  'federation-token': KEPT('credentials handed out'),
  'kms-key-shared': KEPT('a key opened to outsiders'),
  'ebs-encryption-disabled': KEPT('data protection turned off'),
  'responder-tampering': KEPT('trailguard itself'),
};

/** The categories a deployment principal's findings may drop from (README). */
export const LOWERED_CATEGORIES: readonly Category[] = (Object.keys(DEPLOYMENT_NOISE) as Category[]).filter((category) => DEPLOYMENT_NOISE[category].lowers);

/** What a lowered finding says about it: in the finding (`lowered`), its summary and its alert. */
export interface LoweredSeverity {
  /** The severity the finding would have had. */
  readonly from: Severity;
  /** The deployment principal's exact ARN. */
  readonly by: string;
  readonly reason: string;
}

/**
 * Whether a deployment principal's finding drops to LOW: its category lowers, nothing in the event keeps it, and
 * its classifier did not raise it above the rule's default (what raises it is what makes it security-relevant).
 */
export const lowersForDeployment = (rule: RuleDefinition, draft: FindingDraft, record: CloudTrailRecord): boolean => {
  const decision = DEPLOYMENT_NOISE[draft.category ?? rule.category];
  if (decision === undefined || !decision.lowers) return false;
  if (severityRank(draft.severity ?? rule.severity) > severityRank(rule.severity)) return false;
  return decision.keeps === undefined || !decision.keeps(record);
};

/** The finding's `lowered` field for a finding lowered from `from` because `by` made the change. */
export const loweredSeverity = (from: Severity, by: string): LoweredSeverity => ({
  from,
  by,
  reason: `${from === 'LOW' ? 'LOW' : `lowered from ${from} to LOW`}: by deployment principal ${by}`,
});
