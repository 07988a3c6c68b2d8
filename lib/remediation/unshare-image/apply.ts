import { DescribeImageAttributeCommand, EC2Client, ModifyImageAttributeCommand } from '@aws-sdk/client-ec2';
import { describeAwsError, hasErrorCode } from '../../aws/errors';
import { withRetry } from '../../aws/retry';
import { describePrincipals, ec2Granted, ec2PermissionList, ec2Permissions } from '../share-principals';
import type { UnshareImageParams } from './action';
import { failedResult, type ActionApplier, type Applier, type ErrorCodeTables } from '../applier';

const ACTION = 'unshare-image';
const CALL = 'ec2:ModifyImageAttribute';

/**
 * Sources: EC2 API reference, DescribeImageAttribute / ModifyImageAttribute and the EC2 error codes list
 * (InvalidAMIID.NotFound, InvalidAMIID.Unavailable, UnauthorizedOperation, AuthFailure).
 */
const UNSHARE_IMAGE_CODES: ErrorCodeTables = {
  // Removing a launch permission that is not granted succeeds, so "already removed" is learned by reading first.
  alreadyCompliant: [],
  // The AMI was deregistered since (nobody can launch it any more); Unavailable is a deregistered image still listed.
  notApplicable: ['InvalidAMIID.NotFound', 'InvalidAMIID.Unavailable'],
  failureHints: {
    UnauthorizedOperation:
      'the sharing role may not change this AMI\'s launch permissions (IAM policy, SCP or permissions boundary); the AMI is still shared',
    AuthFailure: 'EC2 refused the call (not the owner of the AMI, or the credentials were rejected); the AMI is still shared',
  },
};

/**
 * Takes back exactly the launch permissions the event added, those still granted: a permission someone removed
 * meanwhile is not touched, and every other share of the AMI (its organization, accounts granted before) stays.
 */
const applyUnshareImage: Applier<UnshareImageParams> = async (params, clients, options = {}) => {
  const detail = { call: CALL, region: params.region, imageId: params.imageId };
  let attempts = 0;
  try {
    const ec2 = clients.ec2(params.region);
    const current = await withRetry(
      () => ec2.send(new DescribeImageAttributeCommand({ ImageId: params.imageId, Attribute: 'launchPermission' })),
      options.retry,
    );
    attempts += current.attempts;
    const granted = ec2Granted(current.result.LaunchPermissions);
    const remove = params.principals.filter((principal) => granted.has(principal));
    const gone = params.principals.filter((principal) => !granted.has(principal));
    if (remove.length === 0) {
      return {
        outcome: 'already-compliant',
        detail: { ...detail, call: 'ec2:DescribeImageAttribute', notGranted: gone, attempts },
        did: `the launch permission of ${describePrincipals(gone)} was already removed from AMI ${params.imageId}`,
        undo: '',
      };
    }
    const { result, attempts: tries } = await withRetry(
      () =>
        ec2.send(
          new ModifyImageAttributeCommand({
            ImageId: params.imageId,
            LaunchPermission: { Remove: ec2Permissions(remove) },
          }),
        ),
      options.retry,
    );
    const requestId = result.$metadata?.requestId;
    return {
      outcome: 'applied',
      detail: { ...detail, removed: remove, ...(gone.length > 0 ? { alreadyRemoved: gone } : {}), ...(requestId ? { requestId } : {}), attempts: attempts + tries },
      did:
        `removed the launch permission of ${describePrincipals(remove)} from AMI ${params.imageId}` +
        (gone.length > 0 ? ` (that of ${describePrincipals(gone)} was already gone)` : '') +
        '; every other launch permission of the AMI was left as it was',
      undo: `If the share was intended, add an exception for it, then: aws ec2 modify-image-attribute --region ${params.region} --image-id ${params.imageId} --launch-permission "Add=${ec2PermissionList(remove)}"`,
    };
  } catch (error) {
    if (hasErrorCode(error, UNSHARE_IMAGE_CODES.notApplicable)) {
      const { errorCode, requestId } = describeAwsError(error);
      return { outcome: 'not-applicable', detail: { ...detail, errorCode, ...(requestId ? { requestId } : {}), reason: 'the AMI no longer exists (deregistered)' } };
    }
    return failedResult(ACTION, detail, error, UNSHARE_IMAGE_CODES.failureHints);
  }
};

export const unshareImageApplier: ActionApplier<UnshareImageParams> = { id: 'unshare-image', clients: { ec2: EC2Client }, codes: UNSHARE_IMAGE_CODES, apply: applyUnshareImage };
