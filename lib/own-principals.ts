import { isObject, str, type CloudTrailRecord } from './cloudtrail/record';
import { RESPONDERS } from './functions';
import { memberRoleName } from './organization';

/**
 * One principal whose events the responder never acts on (the loop guard). A deployed stage lists each of its
 * function roles as a pair: the role's unique id (`AROA…`, from `Fn::GetAtt Role.RoleId`) and its exact ARN, path
 * included (`Fn::GetAtt Role.Arn`); a session matches only when both agree, so a role that merely has the same
 * name (recreated, another stage, another account, another path) is not one of them. Replay, `sls invoke local`
 * and the `ownPrincipals` stage param take one of the two on its own.
 */
export type OwnPrincipal =
  | { readonly kind: 'role'; readonly id: string; readonly arn: string }
  | { readonly kind: 'arn'; readonly arn: string }
  | { readonly kind: 'id'; readonly id: string }
  /**
   * A central stage's member role (lib/organization.ts memberRoleName), in whichever member account the event
   * happened: a session matches only when its role is exactly `arn:<partition>:iam::<the event's account>:role/<name>`
   * (path `/`, as the member template creates it). Unique ids of thousands of member roles cannot be known to the
   * central stack; the exact name cannot be squatted instead: IAM role names are unique per account, so while the
   * member template's role exists nobody else can hold the name there, and creating it where it is missing is itself
   * a CreateRole of a `trailguard-<stage>-…` name that the role-tampering rule alerts on. The account must be the
   * event's own, so a role in one account never hides events of another.
   */
  | { readonly kind: 'member-role'; readonly name: string };

/** Separates a role's unique id from its ARN in one entry; neither an id nor an ARN can contain it. */
export const PAIR_SEPARATOR = '|';

/** IAM unique ids: four upper-case letters naming the kind (AROA role, AIDA user…), then upper-case letters and digits. */
const UNIQUE_ID = /^A[A-Z]{3}[A-Z0-9]{8,124}$/;
/** An IAM user/role ARN or an STS assumed-role ARN, exact (IAM names never contain `*` or `?`). */
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:(iam::\d{12}:(role|user)\/([\w+=,.@-]+\/)*[\w+=,.@-]+|sts::\d{12}:assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+)$/;

/** Why an entry is refused (the caller names where it came from: env var, flag, param). */
export const ownPrincipalProblem = (entry: string): string | undefined => {
  if (/[*?]/.test(entry)) {
    return `${JSON.stringify(entry)} is a glob: give exact ARNs or role unique ids (AROA…), since anyone who can create a role with a matching name would become invisible`;
  }
  const parts = entry.split(PAIR_SEPARATOR);
  if (parts.length > 2) return `${JSON.stringify(entry)} has more than one ${PAIR_SEPARATOR}`;
  if (parts.length === 2) {
    const [id, arn] = parts as [string, string];
    if (!UNIQUE_ID.test(id)) return `${JSON.stringify(id)} is not an IAM unique id (AROA…)`;
    if (!/:role\//.test(arn) || !PRINCIPAL_ARN.test(arn)) return `${JSON.stringify(arn)} is not an exact IAM role ARN`;
    return undefined;
  }
  if (UNIQUE_ID.test(entry) || PRINCIPAL_ARN.test(entry)) return undefined;
  return `${JSON.stringify(entry)} is neither an exact IAM/STS principal ARN nor an IAM unique id (AROA…, AIDA…)`;
};

/** Parses one checked entry (see ownPrincipalProblem). */
export const parseOwnPrincipal = (entry: string): OwnPrincipal => {
  const problem = ownPrincipalProblem(entry);
  if (problem !== undefined) throw new Error(problem);
  const [first, second] = entry.split(PAIR_SEPARATOR) as [string, string?];
  if (second !== undefined) return { kind: 'role', id: first, arn: second };
  return first.startsWith('arn:') ? { kind: 'arn', arn: first } : { kind: 'id', id: first };
};

/**
 * Entries of an environment variable or param: separated by commas or white space. IAM names may contain a comma;
 * such a principal is given by its unique id instead.
 */
export const splitOwnPrincipals = (text: string): string[] => text.split(/[\s,]+/).filter((entry) => entry !== '');

/** `arn:aws:iam::123456789012:role/path/name` -> partition, account and name (the path is not in STS ARNs). */
const roleParts = (arn: string): { partition: string; account: string; name: string } | undefined => {
  const match = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:[^/]+\/)*([^/]+)$/.exec(arn);
  return match ? { partition: match[1]!, account: match[2]!, name: match[3]! } : undefined;
};

const ASSUMED_ROLE = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/;

interface Identity {
  readonly type?: string;
  /** Before the first `:` of principalId: a role's or user's unique id. */
  readonly uniqueId?: string;
  readonly issuerId?: string;
  readonly issuerArn?: string;
  readonly arn?: string;
}

const identityOf = (record: CloudTrailRecord): Identity | undefined => {
  const identity = record.userIdentity;
  if (!isObject(identity)) return undefined;
  const principalId = str(identity.principalId);
  const issuer = isObject(identity.sessionContext) && isObject(identity.sessionContext.sessionIssuer) ? identity.sessionContext.sessionIssuer : undefined;
  const type = str(identity.type);
  const uniqueId = principalId?.split(':')[0];
  const issuerId = str(issuer?.principalId);
  const issuerArn = str(issuer?.arn);
  const arn = str(identity.arn);
  return {
    ...(type ? { type } : {}),
    ...(uniqueId ? { uniqueId } : {}),
    ...(issuerId ? { issuerId } : {}),
    ...(issuerArn ? { issuerArn } : {}),
    ...(arn ? { arn } : {}),
  };
};

/**
 * A session of a role pair: its principalId starts with the role's unique id and its issuer is that exact ARN.
 * Records without a session issuer (rare; some older events) still carry the assumed-role ARN, which names the
 * role without its path: the unique id, never reused by IAM, then pins the rest.
 */
const isSessionOf = (identity: Identity, id: string, arn: string): boolean => {
  if (identity.uniqueId !== id) return false;
  if (identity.issuerId !== undefined && identity.issuerId !== id) return false;
  if (identity.issuerArn !== undefined) return identity.issuerArn === arn;
  const role = roleParts(arn);
  const session = identity.arn === undefined ? null : ASSUMED_ROLE.exec(identity.arn);
  return role !== undefined && session !== null && session[1] === role.partition && session[2] === role.account && session[3] === role.name;
};

/**
 * An assumed-role session of the member role `name` in `account` (the event's recipient account): the issuer is
 * exactly that role at path `/` (or, without an issuer, the session ARN names that role in that account).
 */
const isMemberRoleSession = (identity: Identity, name: string, account: string | undefined): boolean => {
  if (account === undefined || identity.type !== 'AssumedRole') return false;
  if (identity.issuerArn !== undefined) {
    const role = /^arn:aws[a-z-]*:iam::(\d{12}):role\/([^/]+)$/.exec(identity.issuerArn);
    return role !== null && role[1] === account && role[2] === name;
  }
  const session = identity.arn === undefined ? null : ASSUMED_ROLE.exec(identity.arn);
  return session !== null && session[2] === account && session[3] === name;
};

/**
 * The member roles of a central stage's remediating functions (see OwnPrincipal `member-role`); the alert function
 * has none, so its name is no one's (a role created under it is reported by the role-tampering rule).
 */
export const memberRolePrincipals = (stage: string): OwnPrincipal[] =>
  Object.values(RESPONDERS)
    .filter((responder) => responder.actions.length > 0)
    .map((responder) => ({ kind: 'member-role', name: memberRoleName(stage, responder.functionName) }));

/** The responder's own principals, matched by identity (see OwnPrincipal). Empty: nothing is ignored. */
export class OwnPrincipals {
  public static readonly NONE = new OwnPrincipals([]);

  public constructor(public readonly entries: readonly OwnPrincipal[]) {}

  /** Parses entries, throwing an Error that names the offending one (callers wrap it with where it came from). */
  public static parse(entries: readonly string[]): OwnPrincipals {
    return new OwnPrincipals(entries.map(parseOwnPrincipal));
  }

  public get size(): number {
    return this.entries.length;
  }

  /** True when the record's caller is one of these principals. */
  public caused(record: CloudTrailRecord): boolean {
    return this.matching(record) !== undefined;
  }

  /** The entry the record's caller is, if any (the first that matches), so a caller can say which one it was. */
  public matching(record: CloudTrailRecord): OwnPrincipal | undefined {
    if (this.entries.length === 0) return undefined;
    const identity = identityOf(record);
    if (identity === undefined) return undefined;
    for (const entry of this.entries) {
      switch (entry.kind) {
        case 'role':
          if (isSessionOf(identity, entry.id, entry.arn)) return entry;
          break;
        case 'arn':
          if (identity.issuerArn === entry.arn || identity.arn === entry.arn) return entry;
          break;
        case 'id':
          if (identity.uniqueId === entry.id || identity.issuerId === entry.id) return entry;
          break;
        case 'member-role':
          if (isMemberRoleSession(identity, entry.name, str(record.recipientAccountId))) return entry;
          break;
      }
    }
    return undefined;
  }

  /** Names of the IAM users given by exact ARN (path dropped): events name a user by its name only. */
  public userNames(): ReadonlySet<string> {
    const names = this.entries.flatMap((entry) => {
      const match = entry.kind === 'arn' ? /^arn:aws[a-z-]*:iam::\d{12}:user\/(?:[^/]+\/)*([^/]+)$/.exec(entry.arn) : null;
      return match ? [match[1]!] : [];
    });
    return new Set(names);
  }

  /** The entries as given (`id|arn`, `arn`, `id`), for logs and help. */
  public describe(): string[] {
    return this.entries.map((entry) =>
      entry.kind === 'role'
        ? `${entry.id}${PAIR_SEPARATOR}${entry.arn}`
        : entry.kind === 'arn'
          ? entry.arn
          : entry.kind === 'id'
            ? entry.id
            : `arn:aws:iam::<event account>:role/${entry.name}`,
    );
  }
}
