import { unshareImage } from '../../../lib/remediation';

export const AMI = 'ami-0abcdef1234567890';
export const FOREIGN = '111122223333';
/** An account the AMI was shared with before the event: never touched. */
export const PARTNER = '444455556666';

/** What the sharing rule requests for `ModifyImageAttribute` adding FOREIGN and the public group. */
export const params = unshareImage.parse({ imageId: AMI, region: 'eu-west-1', principals: [FOREIGN, 'all'] });
