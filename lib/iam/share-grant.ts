import { fieldText } from '../cloudtrail/fields';
import { items, str } from '../cloudtrail/record';
import { accountOfPrincipal } from './policy-audience';
import { listOf } from './policy-document';

/*
 * Who a resource was shared with, for the AMI, EBS snapshot and RDS snapshot sharing rules: the public (`all`),
 * another account, or an organization / OU (which the record cannot place relative to the event's account).
 */

export interface ShareGrant {
  /** Shared with every AWS account. */
  readonly public: boolean;
  /** Accounts other than the event's own, in record order. */
  readonly foreignAccounts: readonly string[];
  /** Organization and OU ARNs granted (EC2 launch permissions only). */
  readonly organizations: readonly string[];
}

export const NO_SHARE: ShareGrant = { public: false, foreignAccounts: [], organizations: [] };

export const isShared = (grant: ShareGrant): boolean =>
  grant.public || grant.foreignAccounts.length > 0 || grant.organizations.length > 0;

/**
 * The grants an EC2 permission modification adds (`launchPermission` of ModifyImageAttribute,
 * `createVolumePermission` of ModifySnapshotAttribute): `{ add: { items: [{ userId } | { group: 'all' } |
 * { organizationArn } | { organizationalUnitArn }] } }`. What `remove` lists is not a share.
 */
export const ec2PermissionsAdded = (permission: unknown, ownAccount: string): ShareGrant => {
  const added = items(items(permission)[0]?.add);
  const foreign = new Set<string>();
  const organizations: string[] = [];
  let everyone = false;
  for (const entry of added) {
    if (str(entry.group)?.toLowerCase() === 'all') everyone = true;
    const account = accountOfPrincipal(entry.userId);
    if (account !== undefined && account !== ownAccount) foreign.add(account);
    const org = fieldText(entry.organizationArn, 200) ?? fieldText(entry.organizationalUnitArn, 200);
    if (org !== undefined) organizations.push(org);
  }
  return { public: everyone, foreignAccounts: [...foreign], organizations };
};

/** RDS `valuesToAdd` of the `restore` attribute: `all` or account ids. */
export const rdsValuesAdded = (values: unknown, ownAccount: string): ShareGrant => {
  const foreign = new Set<string>();
  let everyone = false;
  for (const value of listOf(values)) {
    if (str(value)?.toLowerCase() === 'all') everyone = true;
    const account = accountOfPrincipal(value);
    if (account !== undefined && account !== ownAccount) foreign.add(account);
  }
  return { public: everyone, foreignAccounts: [...foreign], organizations: [] };
};

/** How the grant reads in an alert. */
export const describeShare = (grant: ShareGrant): string =>
  [
    ...(grant.public ? ['everyone (public)'] : []),
    ...(grant.foreignAccounts.length > 0 ? [`account${grant.foreignAccounts.length > 1 ? 's' : ''} ${grant.foreignAccounts.slice(0, 10).join(', ')}`] : []),
    ...grant.organizations.slice(0, 5),
  ].join('; ');

/**
 * Who a revert may take a share back from: the other accounts and the public (`all`). An organization or OU share
 * is left alone: the record cannot say whether it is the account's own organization.
 */
export const revocablePrincipals = (grant: ShareGrant): string[] => [...grant.foreignAccounts, ...(grant.public ? ['all'] : [])];
