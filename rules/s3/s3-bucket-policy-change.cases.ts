import type { RuleCase } from '../../lib/rule';
import { ACCOUNT } from '../../tests/support/records';
import { THIRD_ACCOUNT, cisIdentities, consoleUser, s3Call, serviceCall } from '../../tests/support/service-records';

const BUCKET = 'example-reports-123456789012';
const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
/** PutBucketLifecycle as CloudTrail writes it: the configuration's rules (one object or a list) under the S3 namespace. */
const putLifecycle = (rules: unknown) =>
  s3Call('PutBucketLifecycle', BUCKET, { lifecycle: [''], LifecycleConfiguration: { xmlns: S3_XMLNS, Rule: rules } });
/** PutBucketEncryption as CloudTrail writes it: the default-encryption rule (one object or a list). */
const putEncryption = (rules: unknown, overrides = {}) =>
  s3Call('PutBucketEncryption', BUCKET, { encryption: [''], ServerSideEncryptionConfiguration: { xmlns: S3_XMLNS, Rule: rules } }, overrides);
const byDefault = (SSEAlgorithm: string, KMSMasterKeyID?: string) => ({
  ApplyServerSideEncryptionByDefault: { SSEAlgorithm, ...(KMSMasterKeyID ? { KMSMasterKeyID } : {}) },
  BucketKeyEnabled: false,
});
const kmsKeyArn = (account: string) => `arn:aws:kms:us-east-1:${account}:key/aaaabbbb-1111-2222-3333-444455556666`;
const putVersioning = (configuration: Record<string, unknown>) =>
  s3Call('PutBucketVersioning', BUCKET, { versioning: [''], VersioningConfiguration: { xmlns: S3_XMLNS, ...configuration } });
const OWNER_ID = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';

const allUsersGrant = (permission: string) => ({
  Grantee: { 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance', 'xsi:type': 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' },
  Permission: permission,
});
const ownerGrant = {
  Grantee: { 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance', 'xsi:type': 'CanonicalUser', ID: OWNER_ID },
  Permission: 'FULL_CONTROL',
};

const CLOUDTRAIL_DELIVERY_POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'AWSCloudTrailAclCheck', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${BUCKET}` },
    {
      Sid: 'AWSCloudTrailWrite',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::${BUCKET}/AWSLogs/${ACCOUNT}/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
    },
  ],
};
const PUBLIC_READ_POLICY = {
  Version: '2012-10-17',
  Statement: { Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` },
};
const pab = (on: boolean, xmlns = S3_XMLNS) => ({
  xmlns,
  BlockPublicAcls: on,
  IgnorePublicAcls: on,
  BlockPublicPolicy: on,
  RestrictPublicBuckets: on,
});

/** Account-level Block Public Access goes through the S3 Control endpoint: no bucket, the account in the host. */
const accountCall = (eventName: string, requestParameters: Record<string, unknown>) =>
  serviceCall('s3.amazonaws.com', eventName, { Host: `${ACCOUNT}.s3-control.us-east-1.amazonaws.com`, ...requestParameters }, null, {
    additionalEventData: { SignatureVersion: 'SigV4', CipherSuite: 'TLS_AES_128_GCM_SHA256', AuthenticationMethod: 'AuthHeader' },
  });

export default [
  // Every CIS CloudWatch.8 event name.
  {
    name: 'PutBucketPolicy lets CloudTrail write logs',
    record: s3Call('PutBucketPolicy', BUCKET, { bucketPolicy: CLOUDTRAIL_DELIVERY_POLICY, policy: [''] }),
    matches: true,
    findings: [{ category: 's3-bucket-policy-change', severity: 'MEDIUM', resources: [BUCKET], action: 'none' }],
  },
  {
    name: 'PutBucketPolicy makes every object world-readable (HIGH)',
    record: s3Call('PutBucketPolicy', BUCKET, { bucketPolicy: PUBLIC_READ_POLICY, policy: [''] }, consoleUser()),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [BUCKET] }],
  },
  {
    name: 'PutBucketPolicy backdooring the bucket to another account (HIGH: Stratus s3-backdoor-bucket-policy)',
    record: s3Call('PutBucketPolicy', BUCKET, {
      bucketPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${THIRD_ACCOUNT}:root` },
            Action: ['s3:GetObject', 's3:GetBucketLocation', 's3:ListBucket'],
            Resource: [`arn:aws:s3:::${BUCKET}/*`, `arn:aws:s3:::${BUCKET}`],
          },
        ],
      },
      policy: [''],
    }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [BUCKET] }],
  },
  {
    name: 'PutBucketAcl with the canned private ACL',
    record: s3Call('PutBucketAcl', BUCKET, { acl: [''], 'x-amz-acl': ['private'] }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [BUCKET] }],
  },
  {
    name: 'PutBucketAcl with the canned public-read ACL (HIGH)',
    record: s3Call('PutBucketAcl', BUCKET, { acl: [''], 'x-amz-acl': ['public-read'] }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [BUCKET] }],
  },
  {
    name: 'PutBucketAcl granting AllUsers READ in the ACL body (HIGH)',
    record: s3Call('PutBucketAcl', BUCKET, {
      acl: [''],
      AccessControlPolicy: {
        xmlns: S3_XMLNS,
        Owner: { ID: OWNER_ID },
        AccessControlList: { Grant: [ownerGrant, allUsersGrant('READ')] },
      },
    }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [BUCKET] }],
  },
  {
    name: 'PutBucketCors',
    record: s3Call('PutBucketCors', BUCKET, {
      cors: [''],
      CORSConfiguration: {
        xmlns: S3_XMLNS,
        CORSRule: { AllowedMethod: ['GET', 'HEAD'], AllowedOrigin: 'https://app.example.com', AllowedHeader: '*', MaxAgeSeconds: 3000 },
      },
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [BUCKET] }],
  },
  {
    // Stratus cloudtrail-lifecycle-rule: the trail's bucket emptied a day after each log lands.
    name: 'PutBucketLifecycle (the PutBucketLifecycleConfiguration API) expiring everything after a day (HIGH)',
    record: putLifecycle({ ID: 'expire-all', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 1 } }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [BUCKET] }],
  },
  {
    name: 'PutBucketLifecycle expiring old versions of every object after 3 days, rules as a list (HIGH)',
    record: putLifecycle([
      { ID: 'tmp', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 1 } },
      { ID: 'versions', Status: 'Enabled', Filter: {}, NoncurrentVersionExpiration: { NoncurrentDays: '3' } },
    ]),
    matches: true,
    findings: [{ severity: 'HIGH' }],
  },
  {
    name: 'near miss: a lifecycle rule expiring one prefix after a day, and the rest after a year (MEDIUM)',
    record: putLifecycle([
      { ID: 'tmp', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 1 } },
      { ID: 'all', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 365 } },
      { ID: 'off', Status: 'Disabled', Filter: { Prefix: '' }, Expiration: { Days: 1 } },
    ]),
    matches: true,
    findings: [{ severity: 'MEDIUM' }],
  },
  {
    name: 'PutBucketReplication to a bucket in another account',
    record: s3Call('PutBucketReplication', BUCKET, {
      replication: [''],
      ReplicationConfiguration: {
        xmlns: S3_XMLNS,
        Role: `arn:aws:iam::${ACCOUNT}:role/s3-replication`,
        Rule: {
          ID: 'copy-all',
          Status: 'Enabled',
          Priority: 1,
          Filter: { Prefix: '' },
          DeleteMarkerReplication: { Status: 'Disabled' },
          Destination: { Bucket: `arn:aws:s3:::archive-${THIRD_ACCOUNT}`, Account: THIRD_ACCOUNT },
        },
      },
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [BUCKET] }],
  },
  {
    name: 'DeleteBucketPolicy',
    record: s3Call('DeleteBucketPolicy', BUCKET, { policy: [''] }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [BUCKET] }],
  },
  {
    name: 'DeleteBucketCors',
    record: s3Call('DeleteBucketCors', BUCKET, { cors: [''] }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [BUCKET] }],
  },
  {
    name: 'DeleteBucketLifecycle',
    record: s3Call('DeleteBucketLifecycle', BUCKET, { lifecycle: [''] }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [BUCKET] }],
  },
  {
    name: 'DeleteBucketReplication',
    record: s3Call('DeleteBucketReplication', BUCKET, { replication: [''] }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [BUCKET] }],
  },

  // Additions: Block Public Access (as CloudTrail names it) and Object Ownership.
  {
    name: 'PutBucketPublicAccessBlock turning everything on',
    record: s3Call('PutBucketPublicAccessBlock', BUCKET, { publicAccessBlock: [''], PublicAccessBlockConfiguration: pab(true) }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [BUCKET] }],
  },
  {
    name: 'PutBucketPublicAccessBlock turning policy blocking off (HIGH)',
    record: s3Call(
      'PutBucketPublicAccessBlock',
      BUCKET,
      {
        publicAccessBlock: [''],
        PublicAccessBlockConfiguration: { xmlns: S3_XMLNS, BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false },
      },
      consoleUser(),
    ),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [BUCKET] }],
  },
  {
    name: 'DeleteBucketPublicAccessBlock (HIGH)',
    record: s3Call('DeleteBucketPublicAccessBlock', BUCKET, { publicAccessBlock: [''] }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [BUCKET] }],
  },
  {
    name: 'PutAccountPublicAccessBlock turning the account-wide block off (HIGH)',
    record: accountCall('PutAccountPublicAccessBlock', {
      PublicAccessBlockConfiguration: pab(false, 'http://awss3control.amazonaws.com/doc/2018-08-20/'),
    }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [ACCOUNT] }],
  },
  {
    name: 'PutAccountPublicAccessBlock turning the account-wide block on',
    record: accountCall('PutAccountPublicAccessBlock', {
      PublicAccessBlockConfiguration: pab(true, 'http://awss3control.amazonaws.com/doc/2018-08-20/'),
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [ACCOUNT] }],
  },
  {
    name: 'DeleteAccountPublicAccessBlock (HIGH)',
    record: accountCall('DeleteAccountPublicAccessBlock', {}),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [ACCOUNT] }],
  },
  {
    name: 'PutBucketOwnershipControls re-enabling ACLs (ObjectWriter)',
    record: s3Call('PutBucketOwnershipControls', BUCKET, {
      ownershipControls: [''],
      OwnershipControls: { xmlns: S3_XMLNS, Rule: { ObjectOwnership: 'ObjectWriter' } },
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [BUCKET] }],
  },
  {
    name: 'DeleteBucketOwnershipControls',
    record: s3Call('DeleteBucketOwnershipControls', BUCKET, { ownershipControls: [''] }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [BUCKET] }],
  },
  {
    name: 'odd record: PutBucketPolicy whose policy is a string and Statement a bare object',
    record: s3Call('PutBucketPolicy', BUCKET, { bucketPolicy: JSON.stringify(PUBLIC_READ_POLICY) }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [BUCKET] }],
  },
  // Ransomware steps in management events.
  {
    name: 'default encryption set to another account\'s KMS key (ransomware: its owner can withhold the key)',
    record: putEncryption(byDefault('aws:kms', kmsKeyArn(THIRD_ACCOUNT))),
    matches: true,
    findings: [{ category: 's3-bucket-policy-change', severity: 'HIGH', resources: [BUCKET] }],
  },
  {
    name: 'default encryption set to another account\'s key by alias ARN, DSSE-KMS, rules as a list',
    record: putEncryption([byDefault('aws:kms:dsse', `arn:aws:kms:eu-west-1:${THIRD_ACCOUNT}:alias/locker`)]),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [BUCKET] }],
  },
  {
    name: 'versioning suspended (MEDIUM: old versions no longer kept)',
    record: putVersioning({ Status: 'Suspended' }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [BUCKET] }],
  },
  {
    name: 'MFA delete turned off while versioning stays on',
    record: putVersioning({ Status: 'Enabled', MfaDelete: 'Disabled' }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [BUCKET] }],
  },
  {
    name: 'odd record: PutBucketAcl with requestParameters null',
    record: { ...s3Call('PutBucketAcl', BUCKET, {}), requestParameters: null },
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [] }],
  },

  // Near misses.
  {
    name: 'near miss: PutBucketPolicy rejected as malformed',
    record: s3Call('PutBucketPolicy', BUCKET, { bucketPolicy: PUBLIC_READ_POLICY, policy: [''] }, {
      errorCode: 'MalformedPolicy',
      errorMessage: 'Policy has invalid resource',
    }),
    matches: false,
  },
  {
    name: 'near miss: PutBucketAcl denied by Block Public Access (account.unauthorized-api-call reports it)',
    record: s3Call('PutBucketAcl', BUCKET, { acl: [''], 'x-amz-acl': ['public-read'] }, {
      errorCode: 'AccessDenied',
      errorMessage: 'Access Denied',
    }),
    matches: false,
    alsoFiredBy: ['account.unauthorized-api-call'],
  },
  {
    name: 'near miss: GetBucketPolicy',
    record: s3Call('GetBucketPolicy', BUCKET, { policy: [''] }),
    matches: false,
  },
  {
    name: 'near miss: GetBucketAcl',
    record: s3Call('GetBucketAcl', BUCKET, { acl: [''] }),
    matches: false,
  },
  {
    name: 'near miss: versioning enabled',
    record: putVersioning({ Status: 'Enabled' }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: versioning and MFA delete enabled',
    record: putVersioning({ Status: 'Enabled', MfaDelete: 'Enabled' }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: default encryption under the account\'s own key, by ARN',
    record: putEncryption(byDefault('aws:kms', kmsKeyArn(ACCOUNT))),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: default encryption under a key named by bare id (always the caller\'s own account)',
    record: putEncryption(byDefault('aws:kms', 'aaaabbbb-1111-2222-3333-444455556666')),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: default encryption set to SSE-S3',
    record: putEncryption(byDefault('AES256')),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: default encryption to another account\'s key denied (account.unauthorized-api-call reports it)',
    record: putEncryption(byDefault('aws:kms', kmsKeyArn(THIRD_ACCOUNT)), { errorCode: 'AccessDenied', errorMessage: 'Access Denied' }),
    matches: false,
    alsoFiredBy: ['account.unauthorized-api-call'],
  },
  {
    name: 'near miss: versioning suspended by a service-linked role acting on its own behalf',
    record: { ...putVersioning({ Status: 'Suspended' }), userIdentity: cisIdentities.serviceLinkedRole('backup.amazonaws.com', 'AWSServiceRoleForBackup') },
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: PutBucketPolicy on an S3 Express directory bucket (always private, own eventSource)',
    record: serviceCall('s3express.amazonaws.com', 'PutBucketPolicy', {
      bucketName: 'logs--use1-az4--x-s3',
      Host: 's3express-control.us-east-1.amazonaws.com',
      bucketPolicy: CLOUDTRAIL_DELIVERY_POLICY,
    }),
    matches: false,
  },
] satisfies readonly RuleCase[];
