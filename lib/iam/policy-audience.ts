import { isObject, items, str } from '../cloudtrail/record';
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
  ].map((key) => key.toLowerCase()),
);

/** Condition keys of a statement, lower-cased (IAM compares them case-insensitively). */
const conditionKeys = (condition: unknown): string[] =>
  isObject(condition)
    ? Object.values(condition).flatMap((block) => (isObject(block) ? Object.keys(block).map((key) => key.toLowerCase()) : []))
    : [];

/** True when no condition of the statement narrows who it admits (see NARROWING_KEYS). */
export const conditionAdmitsAnyone = (condition: unknown): boolean =>
  !conditionKeys(condition).some((key) => NARROWING_KEYS.has(key));

/** The 12-digit account of an AWS principal written as an account id, an IAM/STS ARN or `<account>:root`. */
export const accountOfPrincipal = (principal: unknown): string | undefined => {
  const value = str(principal)?.trim();
  if (value === undefined) return undefined;
  return /^(?:arn:aws[\w-]*:(?:iam|sts)::)?(\d{12})(?::|$)/.exec(value)?.[1];
};

export interface PolicyAudience {
  /** An Allow statement admits any AWS principal with no condition that narrows who. */
  readonly everyone: boolean;
  /** Accounts other than `ownAccount` that Allow statements name (by id or ARN), in document order. */
  readonly foreignAccounts: readonly string[];
}

/**
 * Who a trust or resource policy admits, seen from `ownAccount` (the event's recipientAccountId). An account of the
 * same organization counts as foreign: the record does not say which organization an account belongs to.
 */
export const policyAudience = (document: Record<string, unknown> | undefined, ownAccount: string): PolicyAudience => {
  let everyone = false;
  const foreign = new Set<string>();
  for (const statement of items(document?.Statement)) {
    if (statement.Effect !== 'Allow') continue;
    // NotPrincipal with Allow admits everyone but the listed principals.
    const principal = statement.Principal ?? (statement.NotPrincipal !== undefined ? '*' : undefined);
    const aws = principal === '*' ? ['*'] : isObject(principal) ? listOf(principal.AWS) : [];
    for (const value of aws) {
      if (value === '*') {
        if (conditionAdmitsAnyone(statement.Condition)) everyone = true;
        continue;
      }
      const account = accountOfPrincipal(value);
      if (account !== undefined && account !== ownAccount) foreign.add(account);
    }
  }
  return { everyone, foreignAccounts: [...foreign] };
};

/** How a grant reads in an alert: `everyone`, or the foreign accounts, at most ten. */
export const describeAudience = (audience: PolicyAudience): string =>
  audience.everyone ? 'any AWS principal (*)' : `account${audience.foreignAccounts.length > 1 ? 's' : ''} ${audience.foreignAccounts.slice(0, 10).join(', ')}`;
