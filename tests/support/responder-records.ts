import type { CloudTrailRecord, UserIdentity } from '../../lib/cloudtrail/record';
import { identities } from './records';

/** CloudFormation deploying the stack for a CI role: how CloudTrail records the calls it makes on the deployer's behalf. */
export const cloudFormationDeployment = (): Pick<CloudTrailRecord, 'userIdentity' | 'sourceIPAddress' | 'userAgent'> => ({
  userIdentity: { ...identities.assumedRole('ci-deploy', 'github-actions-4711'), invokedBy: 'cloudformation.amazonaws.com' } as UserIdentity,
  sourceIPAddress: 'cloudformation.amazonaws.com',
  userAgent: 'cloudformation.amazonaws.com',
});

/** Someone working from the AWS CLI with an admin role. */
export const intruder = (): Pick<CloudTrailRecord, 'userIdentity' | 'userAgent'> => ({
  userIdentity: identities.assumedRole('Admin', 'mallory'),
  userAgent: 'aws-cli/2.17.0 md/awscrt#0.20.11 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard',
});
