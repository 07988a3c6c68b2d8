import type { RuleCase } from '../../lib/rule';
import { ACCOUNT, apiCall, identities } from '../../tests/support/records';

const ROOT_ARN = `arn:aws:iam::${ACCOUNT}:root`;
const root = identities.root(ACCOUNT, true);
const CONSOLE = { sourceIPAddress: '198.51.100.23', userAgent: 'AWS Internal' };
const rootKey = (accessKeyId: string) => ({ accessKey: { accessKeyId, status: 'Active', createDate: 'Nov 2, 2026, 9:15:00 AM' } });

export default [
  {
    name: 'root creates its own access key in the console',
    record: apiCall({ eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey', userIdentity: root, ...CONSOLE, responseElements: rootKey('AKIAEXAMPLEROOTKEY01') }),
    matches: true,
    findings: [{ category: 'root-access-key', severity: 'CRITICAL', resources: [ROOT_ARN, 'AKIAEXAMPLEROOTKEY01'], action: 'none' }],
    alsoFiredBy: ['account.root-activity'],
  },
  {
    name: 'older console record (invokedBy signin.amazonaws.com)',
    record: apiCall({
      eventVersion: '1.05',
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateAccessKey',
      userIdentity: { ...root, invokedBy: 'signin.amazonaws.com' },
      sourceIPAddress: '198.51.100.23',
      userAgent: 'signin.amazonaws.com',
      responseElements: rootKey('AKIAEXAMPLEROOTKEY02'),
    }),
    matches: true,
    findings: [{ severity: 'CRITICAL', resources: [ROOT_ARN, 'AKIAEXAMPLEROOTKEY02'] }],
    alsoFiredBy: ['account.root-activity'],
  },
  {
    name: 'root key created with root keys (SDK), empty requestParameters and no responseElements',
    record: apiCall({
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateAccessKey',
      userIdentity: { type: 'Root', principalId: ACCOUNT, arn: ROOT_ARN, accountId: ACCOUNT, accessKeyId: 'AKIAEXAMPLEROOTKEY01' },
      requestParameters: {},
      responseElements: null,
    }),
    matches: true,
    findings: [{ severity: 'CRITICAL', resources: [ROOT_ARN] }],
    alsoFiredBy: ['account.root-activity'],
  },
  {
    name: 'root creates a key for an IAM user (root activity, and a key for another user)',
    record: apiCall({
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateAccessKey',
      userIdentity: root,
      ...CONSOLE,
      requestParameters: { userName: 'deploy' },
      responseElements: { accessKey: { userName: 'deploy', accessKeyId: 'AKIAEXAMPLEUSERKEY01', status: 'Active', createDate: 'Nov 2, 2026, 9:15:00 AM' } },
    }),
    // The pattern leaves it out: a request naming a user never invokes the function.
    matches: false,
    alsoFiredBy: ['account.root-activity', 'iam.iam-backdoor-user'],
  },
  {
    name: 'a key whose user appears only in the response is the user\'s, not root\'s (classifier check)',
    record: apiCall({
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateAccessKey',
      userIdentity: root,
      ...CONSOLE,
      requestParameters: null,
      responseElements: { accessKey: { userName: 'deploy', accessKeyId: 'AKIAEXAMPLEUSERKEY02', status: 'Active', createDate: 'Nov 2, 2026, 9:15:00 AM' } },
    }),
    matches: true,
    findings: [],
    alsoFiredBy: ['account.root-activity', 'iam.iam-backdoor-user'],
  },
  {
    name: 'IAM user creates their own access key',
    record: apiCall({
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateAccessKey',
      responseElements: { accessKey: { userName: 'alice', accessKeyId: 'AKIAEXAMPLEUSERKEY02', status: 'Active', createDate: 'Nov 2, 2026, 9:15:00 AM' } },
    }),
    matches: false,
  },
  {
    name: 'root CreateAccessKey refused (LimitExceeded): no key, still root activity',
    record: apiCall({
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateAccessKey',
      userIdentity: root,
      ...CONSOLE,
      errorCode: 'LimitExceededException',
      errorMessage: 'Cannot exceed quota for AccessKeysPerUser: 2',
    }),
    matches: false,
    alsoFiredBy: ['account.root-activity'],
  },
  {
    name: 'root lists its access keys (read-only sibling)',
    record: apiCall({ eventSource: 'iam.amazonaws.com', eventName: 'ListAccessKeys', userIdentity: root, ...CONSOLE }),
    matches: false,
    alsoFiredBy: ['account.root-activity'],
  },
] satisfies readonly RuleCase[];
