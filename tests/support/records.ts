import type { CloudTrailRecord, UserIdentity } from '../../lib/cloudtrail/record';

/**
 * Builders for redacted, realistic CloudTrail records: rule cases, the sample history and the benchmark
 * generator all start from these and override only what matters. Ids follow AWS's documentation conventions
 * (account 123456789012, TEST-NET addresses).
 */
export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const TEST_IP = '203.0.113.10';

export const identities = {
  iamUser(userName = 'alice', account = ACCOUNT, mfa = false): UserIdentity {
    return {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLEUSERID0001',
      arn: `arn:aws:iam::${account}:user/${userName}`,
      accountId: account,
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      userName,
      ...(mfa
        ? { sessionContext: { attributes: { creationDate: '2026-11-02T08:00:00Z', mfaAuthenticated: 'true' } } }
        : {}),
    };
  },
  assumedRole(roleName = 'Admin', sessionName = 'alice', account = ACCOUNT): UserIdentity {
    return {
      type: 'AssumedRole',
      principalId: `AROAEXAMPLEROLEID0001:${sessionName}`,
      arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`,
      accountId: account,
      accessKeyId: 'ASIAEXAMPLESESSION01',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAEXAMPLEROLEID0001',
          arn: `arn:aws:iam::${account}:role/${roleName}`,
          accountId: account,
          userName: roleName,
        },
        webIdFederationData: {},
        attributes: { creationDate: '2026-11-02T08:00:00Z', mfaAuthenticated: 'false' },
      },
    };
  },
  /**
   * A session of the role `roleArn`, path included (a Terraform run: the AWS Go SDK's default session name). The
   * path is only in the issuer ARN; the assumed-role ARN names the role without it, as CloudTrail writes them.
   */
  roleSession(roleArn: string, sessionName = 'aws-go-sdk-1764927600', uniqueId = 'AROAEXAMPLETERRAFORM1'): UserIdentity {
    const [, , , , account = ACCOUNT] = roleArn.split(':');
    const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
    return {
      type: 'AssumedRole',
      principalId: `${uniqueId}:${sessionName}`,
      arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`,
      accountId: account,
      accessKeyId: 'ASIAEXAMPLETERRAFORM',
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: uniqueId, arn: roleArn, accountId: account, userName: roleName },
        attributes: { creationDate: '2026-11-02T09:00:00Z', mfaAuthenticated: 'false' },
      },
    };
  },
  root(account = ACCOUNT, mfa = false): UserIdentity {
    return {
      type: 'Root',
      principalId: account,
      arn: `arn:aws:iam::${account}:root`,
      accountId: account,
      accessKeyId: 'ASIAEXAMPLEROOTSESS1',
      sessionContext: { attributes: { creationDate: '2026-11-02T08:00:00Z', mfaAuthenticated: mfa ? 'true' : 'false' } },
    };
  },
  /** A service acting with its own credentials (eventType is usually AwsServiceEvent or the call has no ARN). */
  awsService(service = 'config.amazonaws.com'): UserIdentity {
    return { type: 'AWSService', invokedBy: service };
  },
  /**
   * The responder's own Lambda role session, as CloudTrail records it: role `trailguard-<stage>-<region>-<function>`,
   * the function name as session name, and the role's unique id in principalId and sessionIssuer. The loop guard
   * knows it by responderPrincipal() (its id and ARN), never by name.
   */
  responder(stage = 'dev', fn = 'securityGroup', account = ACCOUNT, region = REGION): UserIdentity {
    const role = responderRoleName(stage, fn, region);
    const session = `trailguard-${stage}-${fn}`;
    const id = responderRoleId(stage, fn, account, region);
    const base = identities.assumedRole(role, session, account);
    return {
      ...base,
      principalId: `${id}:${session}`,
      sessionContext: { ...base.sessionContext, sessionIssuer: { ...base.sessionContext!.sessionIssuer!, principalId: id } },
    };
  },
};

export const responderRoleName = (stage: string, fn: string, region = REGION): string => `trailguard-${stage}-${region}-${fn}`;

/** A deterministic, realistic unique id (AROA + 17 upper-case letters and digits) per role. */
export const responderRoleId = (stage: string, fn: string, account = ACCOUNT, region = REGION): string =>
  `AROA${exampleId(`role:${account}:${responderRoleName(stage, fn, region)}`).replace(/-/g, '').toUpperCase().slice(0, 17)}`;

/** The loop-guard entry a deployed stage passes for that role: `<RoleId>|<Arn>` (lib/own-principals.ts). */
export const responderPrincipal = (stage = 'dev', fn = 'securityGroup', account = ACCOUNT, region = REGION): string =>
  `${responderRoleId(stage, fn, account, region)}|arn:aws:iam::${account}:role/${responderRoleName(stage, fn, region)}`;

let sequence = 0;
/** Deterministic, UUID-shaped ids so fixtures and generated histories are reproducible. */
export const exampleId = (seed: string = String(++sequence)): string => {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < seed.length; i++) {
    h1 = Math.imul(h1 ^ seed.charCodeAt(i), 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ seed.charCodeAt(i), 0x5bd1e995) >>> 0;
  }
  const hex = (h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0')).repeat(2);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

export type RecordOverrides = Partial<CloudTrailRecord> & Pick<CloudTrailRecord, 'eventSource' | 'eventName'>;

/**
 * A successful management API call by an IAM user from a TEST-NET address, unless overridden.
 * `readOnly` is derived like CloudTrail does for the common verbs when not given.
 */
export const apiCall = (overrides: RecordOverrides): CloudTrailRecord => {
  const account = overrides.recipientAccountId ?? ACCOUNT;
  const eventName = overrides.eventName;
  return {
    eventVersion: '1.09',
    userIdentity: identities.iamUser('alice', account),
    eventTime: '2026-11-02T09:15:00Z',
    awsRegion: REGION,
    sourceIPAddress: TEST_IP,
    userAgent: 'aws-cli/2.17.0 md/awscrt#0.20.11 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#debian.12 md/prompt#off md/command#run',
    requestParameters: null,
    responseElements: null,
    requestID: exampleId(`request:${eventName}:${overrides.eventTime ?? ''}:${sequence}`),
    eventID: exampleId(`event:${eventName}:${++sequence}`),
    readOnly: /^(Describe|Get|List|Head|Lookup|Search|BatchGet|Check|Scan|Query|Select|Preview|Validate|Estimate)/.test(eventName),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
    tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: `${overrides.eventSource.split('.')[0]}.${overrides.awsRegion ?? REGION}.amazonaws.com` },
    ...overrides,
  };
};

/** A console sign-in event (eventSource signin, eventType AwsConsoleSignIn), successful without MFA by default. */
export const consoleSignIn = (
  overrides: Partial<CloudTrailRecord> & { outcome?: 'Success' | 'Failure'; mfaUsed?: 'Yes' | 'No' } = {},
): CloudTrailRecord => {
  const { outcome = 'Success', mfaUsed = 'No', ...rest } = overrides;
  const account = rest.recipientAccountId ?? ACCOUNT;
  return {
    eventVersion: '1.09',
    userIdentity: identities.iamUser('alice', account),
    eventTime: '2026-11-02T08:00:00Z',
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: REGION,
    sourceIPAddress: TEST_IP,
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0',
    requestParameters: null,
    responseElements: { ConsoleLogin: outcome },
    additionalEventData: {
      LoginTo: 'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true',
      MobileVersion: 'No',
      MFAUsed: mfaUsed,
    },
    ...(outcome === 'Failure' ? { errorMessage: 'Failed authentication' } : {}),
    eventID: exampleId(`signin:${++sequence}`),
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
    ...rest,
  };
};
