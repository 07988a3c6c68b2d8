import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { CloudTrailRecord } from '../cloudtrail/record';
import { TrailguardError } from '../errors';
import { memberRoleName, sessionName } from '../organization';
import type { AwsClients } from './client-factory';
import { awsErrorCode, hasErrorCode } from './errors';
import { withRetry, type RetryOptions } from './retry';

/*
 * Where a central stage's function remediates (issue 13): in the event's account (recipientAccountId) and region
 * (awsRegion, which every action's params already carry). For a member account the function assumes that account's
 * trailguard-<stage>-member-<function> role; for its own account it keeps its own credentials. Credentials are
 * cached per account and role until shortly before they expire, and one set of clients is kept per account, so a
 * burst of events in one account costs one AssumeRole.
 */

/** Credentials an AssumeRole returned, as the SDK's credential providers give them. */
export interface MemberCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
  /** The session name the credentials were issued under (`trailguard-<eventID of the first event>`). */
  readonly sessionName: string;
}

/** AssumeRole refused because the role is not there or does not trust this function (the member template is missing). */
export class MemberRoleMissingError extends TrailguardError {
  public override readonly name = 'MemberRoleMissingError';

  public constructor(
    public readonly account: string,
    public readonly roleArn: string,
    options: { cause: unknown },
  ) {
    super(`cannot remediate in ${account}: role missing (${roleArn} could not be assumed: ${awsErrorCode(options.cause)}; deploy the member StackSet to this account)`, options);
  }
}

/**
 * AssumeRole answers AccessDenied both for a role that does not exist and for one whose trust policy refuses the
 * caller (IAM does not tell them apart, on purpose); NoSuchEntity comes from some partitions and older endpoints.
 * Either way the member template is not in place in that account.
 */
const ROLE_MISSING_CODES = ['AccessDenied', 'AccessDeniedException', 'NoSuchEntity', 'NoSuchEntityException'];

/** Renew this long before expiry, so a credential never runs out in the middle of a remediation. */
export const CREDENTIAL_REFRESH_MARGIN_MS = 5 * 60_000;
/** The member roles' MaxSessionDuration (lib/deploy-organization.ts): STS refuses more. */
export const SESSION_SECONDS = 3600;

export interface MemberAccessOptions {
  readonly stage: string;
  /** The function's serverless.yml name: its member role is trailguard-<stage>-member-<function>. */
  readonly functionName: string;
  /** The central account (the function's own): its events use `ownClients`. Unknown: every event assumes. */
  readonly ownAccount?: string;
  readonly ownClients: AwsClients;
  readonly sts: STSClient;
  /** Builds a client factory that signs with the given credentials (lib/aws/client-factory.ts createClients). */
  readonly clientsWith: (credentials: () => Promise<MemberCredentials>) => AwsClients;
  readonly partition?: string;
  readonly now?: () => number;
  readonly retry?: RetryOptions;
}

/** The clients a central function remediates an event with. */
export class MemberAccess {
  private readonly credentials = new Map<string, MemberCredentials>();
  private readonly pending = new Map<string, Promise<MemberCredentials>>();
  private readonly clients = new Map<string, AwsClients>();
  private readonly now: () => number;

  public constructor(private readonly options: MemberAccessOptions) {
    this.now = options.now ?? Date.now;
  }

  public roleArn(account: string): string {
    return `arn:${this.options.partition ?? 'aws'}:iam::${account}:role/${memberRoleName(this.options.stage, this.options.functionName)}`;
  }

  /**
   * The clients for the record's account: the function's own for its own account, else the member role's (assumed
   * now if no valid credentials are cached). Throws MemberRoleMissingError when the role cannot be assumed.
   */
  public async clientsFor(record: CloudTrailRecord): Promise<{ clients: AwsClients; account: string; session?: string }> {
    const account = record.recipientAccountId;
    if (account === undefined || !/^\d{12}$/.test(account)) throw new TrailguardError(`cannot remediate: the event has no recipientAccountId (got ${JSON.stringify(account)})`);
    if (account === this.options.ownAccount) return { clients: this.options.ownClients, account };
    const credentials = await this.credentialsFor(account, record.eventID);
    let clients = this.clients.get(account);
    if (clients === undefined) {
      // The SDK asks again when the credentials near their expiration; the cache then assumes afresh.
      clients = this.options.clientsWith(() => this.credentialsFor(account, record.eventID));
      this.clients.set(account, clients);
    }
    return { clients, account, session: credentials.sessionName };
  }

  /** Cached credentials for the account's member role, assuming it when there are none or they are about to expire. */
  public async credentialsFor(account: string, eventId: string): Promise<MemberCredentials> {
    const roleArn = this.roleArn(account);
    const cached = this.credentials.get(roleArn);
    if (cached && cached.expiration.getTime() - CREDENTIAL_REFRESH_MARGIN_MS > this.now()) return cached;
    // Concurrent remediations of one event share one AssumeRole.
    const inFlight = this.pending.get(roleArn);
    if (inFlight) return inFlight;
    const assuming = this.assume(account, roleArn, sessionName(eventId)).finally(() => this.pending.delete(roleArn));
    this.pending.set(roleArn, assuming);
    return assuming;
  }

  private async assume(account: string, roleArn: string, session: string): Promise<MemberCredentials> {
    let response;
    try {
      ({ result: response } = await withRetry(
        () => this.options.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: session, DurationSeconds: SESSION_SECONDS })),
        this.options.retry,
      ));
    } catch (error) {
      if (hasErrorCode(error, ROLE_MISSING_CODES)) throw new MemberRoleMissingError(account, roleArn, { cause: error });
      throw new TrailguardError(`cannot remediate in ${account}: AssumeRole of ${roleArn} failed (${awsErrorCode(error)})`, { cause: error });
    }
    const issued = response.Credentials;
    if (!issued?.AccessKeyId || !issued.SecretAccessKey || !issued.SessionToken || !issued.Expiration) {
      throw new TrailguardError(`cannot remediate in ${account}: AssumeRole of ${roleArn} returned no credentials`);
    }
    const credentials: MemberCredentials = {
      accessKeyId: issued.AccessKeyId,
      secretAccessKey: issued.SecretAccessKey,
      sessionToken: issued.SessionToken,
      expiration: new Date(issued.Expiration),
      sessionName: session,
    };
    this.credentials.set(roleArn, credentials);
    return credentials;
  }
}
