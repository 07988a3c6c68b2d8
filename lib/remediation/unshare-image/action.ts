import { REGION_NAME } from '../../cloudtrail/record';
import { defineAction } from '../action';
import { ParamsReader } from '../params-schema';
import { describePrincipals, ec2PermissionList, requirePrincipals, SHARE_PRINCIPAL } from '../share-principals';

const IMAGE_ID = /^ami-[0-9a-f]{8,17}$/;

/** An AMI, and the launch permissions a ModifyImageAttribute event added for other accounts or for everyone. */
export interface UnshareImageParams {
  readonly imageId: string;
  readonly region: string;
  /** Account ids and `all` (the public group): only those the event added. */
  readonly principals: readonly string[];
}

export const unshareImage = defineAction<UnshareImageParams>({
  id: 'unshare-image',
  description: 'Remove the launch permissions an AMI was just given for another account or for everyone',
  permissions: [
    // Read first: only the permissions still granted are removed, and none left means already compliant.
    { action: 'ec2:DescribeImageAttribute', resources: ['*'] },
    { action: 'ec2:ModifyImageAttribute', resources: ['ec2:image'] },
  ],
  parse(params) {
    const reader = new ParamsReader('unshare-image', params, ['imageId', 'region', 'principals']);
    return {
      imageId: reader.string('imageId', IMAGE_ID),
      region: reader.string('region', REGION_NAME),
      principals: requirePrincipals('unshare-image', reader.stringArray('principals', SHARE_PRINCIPAL)),
    };
  },
  plan(params) {
    return { call: 'ec2:ModifyImageAttribute', region: params.region, imageId: params.imageId, removeLaunchPermission: [...params.principals] };
  },
  undo(params) {
    return (
      `trailguard removed the launch permission of ${describePrincipals(params.principals)} from AMI ${params.imageId}. ` +
      `If the share was intended, add an exception for it, then: aws ec2 modify-image-attribute --region ${params.region} ` +
      `--image-id ${params.imageId} --launch-permission "Add=${ec2PermissionList(params.principals)}"`
    );
  },
});
