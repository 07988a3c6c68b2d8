import { unshareSnapshot } from '../../../lib/remediation';

export const SNAPSHOT = 'snap-0abcd1234ef567890';
export const FOREIGN = '111122223333';
/** An account the snapshot was shared with before the event: never touched. */
export const PARTNER = '444455556666';

/** What the sharing rule requests for `ModifySnapshotAttribute` adding FOREIGN and the public group. */
export const params = unshareSnapshot.parse({ snapshotId: SNAPSHOT, region: 'eu-west-1', principals: [FOREIGN, 'all'] });
