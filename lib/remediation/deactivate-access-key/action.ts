import { REGION_NAME } from '../../cloudtrail/record';
import { defineAction } from '../action';
import { ParamsReader } from '../params-schema';

/** IAM user names (1-64 characters of IAM's set); they end up in the alert's redo command. */
export const IAM_USER_NAME = /^[\w+=,.@-]{1,64}$/;
/** Long-term access key ids (AKIA…); CreateAccessKey never returns temporary (ASIA) ones. */
export const ACCESS_KEY_ID = /^AKIA[A-Z0-9]{12,124}$/;

/** The key a CreateAccessKey event made for another user, from its responseElements. */
export interface DeactivateAccessKeyParams {
  readonly userName: string;
  readonly accessKeyId: string;
  /** Where the event was recorded: IAM is global, and its endpoint is reached through the partition's regions. */
  readonly region: string;
}

export const deactivateAccessKey = defineAction<DeactivateAccessKeyParams>({
  id: 'deactivate-access-key',
  description: 'Deactivate (not delete) an access key one principal created for another IAM user',
  permissions: [
    // Read first: a key already inactive is already compliant, a key or user gone is not applicable.
    { action: 'iam:ListAccessKeys', resources: ['iam:user'] },
    { action: 'iam:UpdateAccessKey', resources: ['iam:user'] },
  ],
  parse(params) {
    const reader = new ParamsReader('deactivate-access-key', params, ['userName', 'accessKeyId', 'region']);
    return {
      userName: reader.string('userName', IAM_USER_NAME),
      accessKeyId: reader.string('accessKeyId', ACCESS_KEY_ID),
      region: reader.string('region', REGION_NAME),
    };
  },
  plan(params) {
    return { call: 'iam:UpdateAccessKey', userName: params.userName, accessKeyId: params.accessKeyId, status: 'Inactive' };
  },
  undo(params) {
    return (
      `trailguard deactivated access key ${params.accessKeyId} of IAM user ${params.userName} (it was not deleted). If the key was ` +
      `intended, add an exception for it, then: aws iam update-access-key --user-name ${params.userName} --access-key-id ${params.accessKeyId} --status Active`
    );
  },
});
