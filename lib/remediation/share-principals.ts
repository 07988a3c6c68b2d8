import { ActionParamsError } from './params-schema';

/**
 * Who an unshare action takes access away from: account ids, and `all` for everyone (the EC2 launch and
 * create-volume permission group, the RDS restore attribute value). Nothing else passes: the values end up in
 * AWS calls and in the alert's redo command.
 */
export const SHARE_PRINCIPAL = /^(\d{12}|all)$/;

/** At least one principal, each once. */
export const requirePrincipals = (action: string, principals: readonly string[]): string[] => {
  if (principals.length === 0) throw new ActionParamsError(action, 'principals', 'must name at least one account id or all');
  return [...new Set(principals)];
};

/** How the principals read in an alert: `account 210987654321 and everyone (public)`. */
export const describePrincipals = (principals: readonly string[]): string => {
  const accounts = principals.filter((principal) => principal !== 'all');
  return [
    ...(accounts.length > 0 ? [`account${accounts.length > 1 ? 's' : ''} ${accounts.join(', ')}`] : []),
    ...(principals.includes('all') ? ['everyone (public)'] : []),
  ].join(' and ');
};

/** EC2's CLI shorthand of launch and create-volume permissions: `[{UserId=210987654321},{Group=all}]`. */
export const ec2PermissionList = (principals: readonly string[]): string =>
  `[${principals.map((principal) => (principal === 'all' ? '{Group=all}' : `{UserId=${principal}}`)).join(',')}]`;

/** The same principals as EC2 API permission entries. */
export const ec2Permissions = (principals: readonly string[]): { UserId?: string; Group?: 'all' }[] =>
  principals.map((principal) => (principal === 'all' ? { Group: 'all' } : { UserId: principal }));

/** The principals an EC2 permission list (DescribeImageAttribute, DescribeSnapshotAttribute) grants. */
export const ec2Granted = (permissions: readonly { UserId?: string; Group?: string }[] | undefined): ReadonlySet<string> =>
  new Set((permissions ?? []).flatMap((permission) => [...(permission.UserId ? [permission.UserId] : []), ...(permission.Group === 'all' ? ['all'] : [])]));
