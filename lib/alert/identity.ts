import { accountOf, actorOf, get, str, type CloudTrailRecord } from '../cloudtrail/record';
import { CAPS, safeField } from './safe-text';

const tail = (arn: string, marker: string): string | undefined => {
  const at = arn.indexOf(marker);
  return at < 0 ? undefined : arn.slice(at + marker.length);
};

/** `Admin/alice` from `arn:aws:sts::123456789012:assumed-role/Admin/alice`. */
const roleSession = (record: CloudTrailRecord): { role: string; session: string } | undefined => {
  const path = tail(str(get(record, 'userIdentity', 'arn')) ?? '', ':assumed-role/');
  if (path === undefined) return undefined;
  const slash = path.lastIndexOf('/');
  if (slash < 0) return undefined;
  return { role: path.slice(0, slash), session: path.slice(slash + 1) };
};

/**
 * Who did it, short enough for an SMS or a Subject: `root`, the IAM user name, `session as Role` for a role
 * session (the person first, since truncation cuts the end), the federated user's name, the AWS service, else
 * the finding's actor. Untrusted and not yet cleaned.
 */
export const shortActor = (record: CloudTrailRecord): string => {
  const actor = actorOf(record);
  if (actor === 'root') return 'root';
  const type = str(get(record, 'userIdentity', 'type'));
  const arn = str(get(record, 'userIdentity', 'arn')) ?? '';
  if (type === 'IAMUser') return str(get(record, 'userIdentity', 'userName')) ?? tail(arn, ':user/') ?? actor;
  const session = roleSession(record);
  if (session) return `${session.session} as ${session.role}`;
  const federated = tail(arn, ':federated-user/');
  if (federated !== undefined) return federated;
  return actor;
};

/** Whether MFA was used, from a sign-in's `MFAUsed` or the session's `mfaAuthenticated`. */
export const mfaOf = (record: CloudTrailRecord): string => {
  const used = str(get(record.additionalEventData, 'MFAUsed'));
  if (used === 'Yes') return 'yes (sign-in used MFA)';
  if (used !== undefined) return `NO (sign-in without MFA: MFAUsed=${safeField(used, 20)})`;
  const authenticated = str(get(record, 'userIdentity', 'sessionContext', 'attributes', 'mfaAuthenticated'));
  if (authenticated === 'true') return 'yes (MFA-authenticated session)';
  if (authenticated === 'false') return 'NO (session not MFA-authenticated)';
  return str(get(record, 'userIdentity', 'accessKeyId'))?.startsWith('AKIA')
    ? 'NO (long-term access key: no MFA)'
    : 'not recorded';
};

export type Line = readonly [label: string, value: string];

/** The WHO lines of the email, every value cleaned and capped. */
export const identityLines = (record: CloudTrailRecord): Line[] => {
  const identity = (path: string[]): unknown => get(record, 'userIdentity', ...path);
  const type = str(identity(['type']));
  const lines: Line[] = [
    ['Principal', safeField(str(identity(['arn'])) ?? actorOf(record), CAPS.arn)],
    ['Identity type', safeField(type ?? 'not recorded', CAPS.name)],
  ];
  const session = roleSession(record);
  if (type === 'Root') {
    lines.push(['User', `root user of account ${safeField(accountOf(record), CAPS.id)}`]);
  } else if (session) {
    const issuer = str(identity(['sessionContext', 'sessionIssuer', 'arn']));
    lines.push(['Role', safeField(issuer ? `${session.role} (${issuer})` : session.role, CAPS.arn)]);
    lines.push(['Session name', safeField(session.session, CAPS.name)]);
  } else {
    const user = str(identity(['userName'])) ?? tail(str(identity(['arn'])) ?? '', ':federated-user/');
    if (user !== undefined) lines.push(['User', safeField(user, CAPS.name)]);
  }
  const optional: [string, unknown, number][] = [
    ['Principal ID', identity(['principalId']), CAPS.id],
    ['Access key', identity(['accessKeyId']), CAPS.id],
    ['Made through', identity(['invokedBy']), CAPS.name],
    ['Source identity', identity(['sessionContext', 'sourceIdentity']), CAPS.name],
  ];
  for (const [label, value, cap] of optional) {
    const text = safeField(str(value), cap);
    if (text !== '') lines.push([label, text]);
  }
  lines.push(['MFA', mfaOf(record)]);
  return lines;
};
