import { actorOf } from '../../lib/cloudtrail/record';
import { apiCall, identities } from '../support/records';

// The finding's `actor` (docs/replay-output.md): the principal ARN, `root`, or the best name CloudTrail gives identities without an ARN.
describe('actorOf', () => {
  test.each([
    ['an IAM user', identities.iamUser('alice'), 'arn:aws:iam::123456789012:user/alice'],
    ['a role session', identities.assumedRole('Admin', 'bob'), 'arn:aws:sts::123456789012:assumed-role/Admin/bob'],
    ['the root user', identities.root(), 'root'],
    ['an AWS service', identities.awsService('config.amazonaws.com'), 'config.amazonaws.com'],
    ['an IAM Identity Center user', { type: 'IdentityCenterUser', accountId: '123456789012', onBehalfOf: { userId: '94482488-3041-7026-18f3-be45837cd0e4', identityStoreArn: 'arn:aws:identitystore::123456789012:identitystore/d-9067642ac7' }, credentialId: 'c-1' }, 'arn:aws:identitystore:::user/94482488-3041-7026-18f3-be45837cd0e4'],
    ['another account', { type: 'AWSAccount', principalId: 'AIDAEXAMPLE', accountId: '444455556666' }, 'account:444455556666'],
    ['no identity at all', undefined, 'unknown'],
  ])('%s', (_name, userIdentity, actor) => {
    expect(actorOf({ ...apiCall({ eventSource: 's3.amazonaws.com', eventName: 'GetObject' }), userIdentity } as never)).toBe(actor);
  });
});
