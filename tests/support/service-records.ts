import type { CloudTrailRecord, UserIdentity } from '../../lib/cloudtrail/record';
import { ACCOUNT, apiCall, identities, type RecordOverrides } from './records';

/*
 * Builders for the records rule cases need beyond tests/support/records.ts: identities for sign-ins and services,
 * and calls to the services whose records have a house style of their own (EC2's request id, IAM's us-east-1,
 * S3's bucket resources and signature details).
 */

export const OTHER_ACCOUNT = '111122223333';
export const THIRD_ACCOUNT = '444455556666';
export const CONSOLE_USER_AGENT = 'AWS Internal';
export const BROWSER_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';

/** Identities for sign-in and service cases that tests/support/records.ts does not build. */
export const cisIdentities = {
  /** An IAM Identity Center user's session in a member account (its console sign-in is an AssumedRole record). */
  ssoUser(user = 'alice', permissionSet = 'AdministratorAccess', account = ACCOUNT): UserIdentity {
    const role = `AWSReservedSSO_${permissionSet}_0a1b2c3d4e5f6a7b`;
    return {
      type: 'AssumedRole',
      principalId: `AROAEXAMPLESSOROLE01:${user}`,
      arn: `arn:aws:sts::${account}:assumed-role/${role}/${user}`,
      accountId: account,
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAEXAMPLESSOROLE01',
          arn: `arn:aws:iam::${account}:role/aws-reserved/sso.amazonaws.com/${role}`,
          accountId: account,
          userName: role,
        },
        webIdFederationData: {},
        attributes: { creationDate: '2026-11-02T07:59:58Z', mfaAuthenticated: 'false' },
      },
    };
  },
  /** A SAML-federated role session (an external IdP such as Okta or Entra ID). */
  samlSession(role = 'OktaAdmin', session = 'alice@example.com', account = ACCOUNT): UserIdentity {
    return {
      type: 'AssumedRole',
      principalId: `AROAEXAMPLESAMLROLE1:${session}`,
      arn: `arn:aws:sts::${account}:assumed-role/${role}/${session}`,
      accountId: account,
    };
  },
  /** A GetFederationToken session, as used by custom identity brokers for console access. */
  federatedUser(name = 'contractor-dana', broker = 'federation-broker', account = ACCOUNT): UserIdentity {
    return {
      type: 'FederatedUser',
      principalId: `${account}:${name}`,
      arn: `arn:aws:sts::${account}:federated-user/${name}`,
      accountId: account,
      sessionContext: {
        sessionIssuer: {
          type: 'IAMUser',
          principalId: 'AIDAEXAMPLEBROKER001',
          arn: `arn:aws:iam::${account}:user/${broker}`,
          accountId: account,
          userName: broker,
        },
        attributes: { creationDate: '2026-11-02T07:58:00Z', mfaAuthenticated: 'false' },
      },
    };
  },
  /** A service-linked role session: the service acting on its own behalf. */
  serviceLinkedRole(service: string, roleName: string, account = ACCOUNT): UserIdentity {
    return {
      type: 'AssumedRole',
      principalId: `AROAEXAMPLESLROLE001:${service.split('.')[0]}`,
      arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${service.split('.')[0]}`,
      accountId: account,
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAEXAMPLESLROLE001',
          arn: `arn:aws:iam::${account}:role/aws-service-role/${service}/${roleName}`,
          accountId: account,
          userName: roleName,
        },
        webIdFederationData: {},
        attributes: { creationDate: '2026-11-02T09:00:00Z', mfaAuthenticated: 'false' },
      },
      invokedBy: service,
    };
  },
  /** What a failed sign-in records for a known IAM user: no ARN, an empty access key. */
  failedIamUser(userName = 'alice', account = ACCOUNT): UserIdentity {
    return { type: 'IAMUser', principalId: 'AIDAEXAMPLEUSERID0001', accountId: account, accessKeyId: '', userName };
  },
  /** What a failed sign-in records for a user name that does not exist in the account. */
  unknownIamUser(account = ACCOUNT): UserIdentity {
    return { type: 'IAMUser', accountId: account, accessKeyId: '', userName: 'HIDDEN_DUE_TO_SECURITY_REASONS' };
  },
  /** The root user at the sign-in page (no session yet). */
  rootSignIn(account = ACCOUNT): UserIdentity {
    return { type: 'Root', principalId: account, arn: `arn:aws:iam::${account}:root`, accountId: account, accessKeyId: '' };
  },
};

type CallOverrides = Omit<Partial<CloudTrailRecord>, 'eventSource' | 'eventName' | 'requestParameters' | 'responseElements'>;

/** A management API call to `eventSource` with the given request and response, other fields as in apiCall. */
export const serviceCall = (
  eventSource: string,
  eventName: string,
  requestParameters: Record<string, unknown> | null,
  responseElements: Record<string, unknown> | null = null,
  overrides: CallOverrides = {},
): CloudTrailRecord => {
  const base: RecordOverrides = { eventSource, eventName, requestParameters, responseElements, ...overrides };
  return apiCall(base);
};

/** EC2 answers every mutating call with its request id, and `_return: true` for calls with no other result. */
export const ec2Call = (
  eventName: string,
  requestParameters: Record<string, unknown> | null,
  result: Record<string, unknown> = { _return: true },
  overrides: CallOverrides = {},
): CloudTrailRecord =>
  serviceCall('ec2.amazonaws.com', eventName, requestParameters, { requestId: 'a1b2c3d4-5678-4e90-8abc-def012345678', ...result }, {
    userAgent: 'aws-cli/2.17.0 md/awscrt#0.20.11 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard',
    ...overrides,
  });

/** IAM and Organizations are global services: CloudTrail records their calls in us-east-1. */
export const globalCall = (
  eventSource: 'iam.amazonaws.com' | 'organizations.amazonaws.com',
  eventName: string,
  requestParameters: Record<string, unknown> | null,
  responseElements: Record<string, unknown> | null = null,
  overrides: CallOverrides = {},
): CloudTrailRecord =>
  serviceCall(eventSource, eventName, requestParameters, responseElements, {
    awsRegion: 'us-east-1',
    userAgent: 'aws-cli/2.17.0 md/awscrt#0.20.11 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard',
    ...overrides,
  });

/** S3 bucket-level calls carry the bucket in `resources` and signature details in additionalEventData. */
export const s3Call = (
  eventName: string,
  bucket: string,
  requestParameters: Record<string, unknown>,
  overrides: CallOverrides = {},
): CloudTrailRecord => {
  const region = overrides.awsRegion ?? 'us-east-1';
  return serviceCall(
    's3.amazonaws.com',
    eventName,
    { bucketName: bucket, Host: `${bucket}.s3.${region}.amazonaws.com`, ...requestParameters },
    null,
    {
      userAgent: '[aws-cli/2.17.0 md/awscrt#0.20.11 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard]',
      additionalEventData: {
        SignatureVersion: 'SigV4',
        CipherSuite: 'TLS_AES_128_GCM_SHA256',
        bytesTransferredIn: 0,
        AuthenticationMethod: 'AuthHeader',
        'x-amz-id-2': 'EXAMPLEhostId0123456789abcdefEXAMPLEhostId0123456789abcdef=',
        bytesTransferredOut: 0,
      },
      resources: [{ accountId: overrides.recipientAccountId ?? ACCOUNT, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` }],
      ...overrides,
    },
  );
};

/** A console user acting in the browser: the console's backend makes the call on their behalf. */
export const consoleUser = (userName = 'alice'): Pick<CloudTrailRecord, 'userIdentity' | 'userAgent'> => ({
  userIdentity: identities.iamUser(userName, ACCOUNT, true),
  userAgent: CONSOLE_USER_AGENT,
});

/**
 * The same record as CloudTrail wrote it before eventVersion 1.02 (until early 2015): no `eventType`,
 * `recipientAccountId`, `readOnly`, `managementEvent`, `eventCategory` or `tlsDetails`.
 */
export const beforeEventType = (record: CloudTrailRecord, eventVersion = '1.01'): CloudTrailRecord => {
  const copy: CloudTrailRecord = { ...record, eventVersion };
  for (const field of ['eventType', 'recipientAccountId', 'readOnly', 'managementEvent', 'eventCategory', 'tlsDetails']) delete copy[field];
  return copy;
};
