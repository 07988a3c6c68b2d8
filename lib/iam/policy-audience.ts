import { isObject, items, str } from '../cloudtrail/record';
import { canonicalCidr } from '../ec2/cidr';
import { listOf } from './policy-document';

/*
 * Who a trust policy or resource policy (bucket, Lambda, …) lets in, for the rules that grade a change by it.
 * Documents are read by ./policy-document.
 */

/**
 * Condition keys that narrow who the statement admits (an organization, an account, a principal, a source or a
 * network). Everything else (`sts:ExternalId`, `aws:SecureTransport`, `aws:MultiFactorAuthPresent`, dates…) is a
 * value anyone outside can meet: an external id is a shared string, not an authentication boundary.
 */
const NARROWING_KEYS: ReadonlySet<string> = new Set(
  [
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:PrincipalServiceName',
    'aws:PrincipalServiceNamesList',
    'aws:PrincipalIsAWSService',
    'aws:ResourceOrgID',
    'aws:SourceAccount',
    'aws:SourceArn',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:SourceOwner',
    'aws:SourceIp',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:VpcSourceIp',
    'aws:userid',
    'aws:username',
    'aws:CalledVia',
    'aws:CalledViaFirst',
    'aws:CalledViaLast',
    'lambda:FunctionUrlAuthType',
    // The caller's account, in key policies: AWS's own "any principal of this account, through EBS" statements.
    'kms:CallerAccount',
  ].map((key) => key.toLowerCase()),
);

/**
 * Operators whose test admits what it names and nothing else. Negated ones (StringNotEquals…) admit everyone but
 * what they name, `…IfExists` and `Null` pass a request without the key, `ForAllValues:` passes an empty set.
 */
const ADMITTING_OPERATORS = /^(?:ForAnyValue:)?(?:String(?:Equals|Like)(?:IgnoreCase)?|Arn(?:Equals|Like)|IpAddress|Bool|Numeric(?:Equals|LessThan|LessThanEquals|GreaterThan|GreaterThanEquals))$/i;

const onlyWildcards = (value: string): boolean => /^[*?]*$/.test(value);
const hasWildcard = (value: string): boolean => /[*?]/.test(value);

/**
 * Whether one value of a narrowing key really narrows: a wildcard where the account, organization or principal
 * goes (`arn:aws:iam::*:role/x`, `o-*`), the whole internet (`0.0.0.0/0`) or `false` for "is an AWS service" lets
 * everyone through whatever the key.
 */
const valueNarrows = (key: string, raw: unknown): boolean => {
  if (typeof raw === 'boolean') raw = String(raw);
  if (typeof raw !== 'string') return false;
  const value = raw.trim();
  if (onlyWildcards(value)) return false;
  switch (key) {
    case 'aws:principalarn':
    case 'aws:sourcearn': {
      // arn:partition:service:region:account:resource; S3 bucket ARNs have no account: the bucket name decides.
      const parts = value.split(':');
      if (parts.length < 6) return !hasWildcard(value);
      const account = parts[4]!;
      return account === '' ? !onlyWildcards(parts.slice(5).join(':').replace(/\/.*$/, '')) : !hasWildcard(account);
    }
    case 'aws:sourceip':
    case 'aws:vpcsourceip':
      return !canonicalCidr(value).endsWith('/0');
    case 'aws:principalorgpaths':
    case 'aws:sourceorgpaths':
      return !hasWildcard(value.split('/')[0]!);
    case 'aws:userid':
      return !hasWildcard(value.split(':')[0]!);
    case 'aws:principalisawsservice':
      return value.toLowerCase() === 'true';
    case 'lambda:functionurlauthtype':
      return value === 'AWS_IAM';
    case 'aws:calledvia':
    case 'aws:calledviafirst':
    case 'aws:calledvialast':
    case 'aws:principalservicename':
    case 'aws:principalservicenameslist':
      return true;
    default:
      return !hasWildcard(value);
  }
};

/** Whether one condition operator block narrows who is admitted: an admitting operator on a narrowing key whose every value narrows. */
const blockNarrows = (operator: string, block: unknown): boolean =>
  ADMITTING_OPERATORS.test(operator) &&
  isObject(block) &&
  Object.entries(block).some(([key, values]) => {
    const name = key.toLowerCase();
    const list = listOf(values);
    return NARROWING_KEYS.has(name) && list.length > 0 && list.every((value) => valueNarrows(name, value));
  });

/**
 * True when no condition of the statement narrows who it admits: a narrowing key (NARROWING_KEYS) tested by an
 * operator that admits only what it names, with values that name someone (see valueNarrows). IAM would also let in
 * anyone a condition written `StringLike aws:PrincipalArn arn:aws:iam::*:*` lets in, so such a condition does not
 * make a `*` principal private.
 */
export const conditionAdmitsAnyone = (condition: unknown): boolean =>
  !(isObject(condition) && Object.entries(condition).some(([operator, block]) => blockNarrows(operator, block)));

/** The 12-digit account of an AWS principal written as an account id, an IAM/STS ARN or `<account>:root`. */
export const accountOfPrincipal = (principal: unknown): string | undefined => {
  const value = str(principal)?.trim();
  if (value === undefined) return undefined;
  return /^(?:arn:aws[\w-]*:(?:iam|sts)::)?(\d{12})(?::|$)/.exec(value)?.[1];
};

export interface PolicyAudience {
  /** An Allow statement admits any AWS principal, or any user of a shared identity provider, with no condition that narrows who. */
  readonly everyone: boolean;
  /** Who `everyone` is when it comes through a federated provider (any GitHub Actions workflow…). */
  readonly everyoneVia?: string;
  /** Accounts other than `ownAccount` that Allow statements name (by id or ARN), in document order. */
  readonly foreignAccounts: readonly string[];
}

/**
 * Who a trust or resource policy admits, seen from `ownAccount` (the event's recipientAccountId). An account of the
 * same organization counts as foreign: the record does not say which organization an account belongs to.
 */
export const policyAudience = (document: Record<string, unknown> | undefined, ownAccount: string): PolicyAudience => {
  let everyone = false;
  let everyoneVia: string | undefined;
  const foreign = new Set<string>();
  for (const statement of items(document?.Statement)) {
    if (statement.Effect !== 'Allow') continue;
    // NotPrincipal with Allow admits everyone but the listed principals.
    const principal = statement.Principal ?? (statement.NotPrincipal !== undefined ? '*' : undefined);
    if (isObject(principal)) {
      for (const provider of listOf(principal.Federated)) {
        const via = sharedProviderAudience(str(provider), statement.Condition);
        if (via !== undefined && !everyone) [everyone, everyoneVia] = [true, via];
      }
    }
    const aws = principal === '*' ? ['*'] : isObject(principal) ? listOf(principal.AWS) : [];
    for (const value of aws) {
      if (value === '*') {
        if (conditionAdmitsAnyone(statement.Condition)) [everyone, everyoneVia] = [true, undefined];
        continue;
      }
      const account = accountOfPrincipal(value);
      if (account !== undefined && account !== ownAccount) foreign.add(account);
    }
  }
  return { everyone, ...(everyone && everyoneVia !== undefined ? { everyoneVia } : {}), foreignAccounts: [...foreign] };
};

/**
 * OIDC providers every AWS customer shares (CI services' token issuers). A role that trusts one of them with no
 * condition on the token's subject can be assumed by any of their users: any repository's workflow, any project's
 * pipeline. `owner` gives the part of a `sub` value that must be spelled out for the trust to name someone (the
 * repository owner, group or organization). Cognito identity pools are not graded here.
 */
const SHARED_PROVIDERS: readonly { readonly issuer: string; readonly users: string; readonly key: string; readonly owner: (sub: string) => string | undefined }[] = [
  { issuer: 'token.actions.githubusercontent.com', users: 'any GitHub Actions workflow', key: 'sub', owner: (sub) => /^repo:([^/]*)\//.exec(sub)?.[1] },
  { issuer: 'gitlab.com', users: 'any gitlab.com CI job', key: 'sub', owner: (sub) => /^project_path:([^/]*)\//.exec(sub)?.[1] },
  { issuer: 'app.terraform.io', users: 'any Terraform Cloud run', key: 'sub', owner: (sub) => /^organization:([^:]*):/.exec(sub)?.[1] },
];

/** `any … (federated <issuer> with no condition on <key>)` when the statement lets every user of a shared provider in. */
const sharedProviderAudience = (provider: string | undefined, condition: unknown): string | undefined => {
  if (provider === undefined) return undefined;
  // An OIDC provider is named by its ARN (…:oidc-provider/<issuer>).
  const issuer = provider.trim().replace(/^arn:aws[\w-]*:iam::\d{12}:oidc-provider\//, '').toLowerCase();
  const shared = SHARED_PROVIDERS.find((candidate) => candidate.issuer === issuer);
  if (shared === undefined) return undefined;
  const narrowed =
    isObject(condition) &&
    Object.entries(condition).some(
      ([operator, block]) =>
        ADMITTING_OPERATORS.test(operator) &&
        isObject(block) &&
        Object.entries(block).some(([key, values]) => {
          if (key.toLowerCase() !== `${shared.issuer}:${shared.key}`) return false;
          const list = listOf(values);
          return (
            list.length > 0 &&
            list.every((value) => {
              const text = str(value)?.trim();
              if (text === undefined || onlyWildcards(text)) return false;
              const owner = shared.owner(text);
              return owner !== undefined && owner !== '' && !hasWildcard(owner);
            })
          );
        }),
    );
  return narrowed ? undefined : `${shared.users} (federated ${shared.issuer} with no condition on ${shared.key} naming who)`;
};

/** How a grant reads in an alert: `everyone`, or the foreign accounts, at most ten. */
export const describeAudience = (audience: PolicyAudience): string =>
  audience.everyone
    ? (audience.everyoneVia ?? 'any AWS principal (*)')
    : `account${audience.foreignAccounts.length > 1 ? 's' : ''} ${audience.foreignAccounts.slice(0, 10).join(', ')}`;
