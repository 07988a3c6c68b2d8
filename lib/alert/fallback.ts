import { SEVERITIES, type Severity } from '../rule';
import { attributeToken, stringArray } from './attributes';
import { OUTCOME_ORDER, type AlertOutcome } from './outcome';
import { CAPS, UNREADABLE, safeField } from './safe-text';
import { SMS_DISPLAY_PREFIX, fitSms } from './sms';
import { fitSubject } from './subject';
import type { AlertInput, RenderedAlert } from './types';

/** Runs one read of untrusted input; whatever it throws becomes `fallback`. */
const attempt = <T>(read: () => T, fallback: T): T => {
  try {
    return read();
  } catch {
    return fallback;
  }
};

/** One untrusted value through the alert's sanitiser (safeField); UNREADABLE when reading or sanitising it throws. */
const readField = (read: () => unknown, max: number): string => attempt(() => safeField(read(), max), UNREADABLE) || UNREADABLE;

const severityOf = (read: () => unknown): Severity => {
  const value = attempt(read, undefined);
  return (SEVERITIES as readonly unknown[]).includes(value) ? (value as Severity) : 'CRITICAL';
};

const outcomeOf = (status: () => unknown, action: () => unknown): AlertOutcome => {
  const value = attempt(status, undefined);
  if (value === 'failed') return 'failed';
  if (attempt(action, undefined) === 'none') return 'none';
  return (OUTCOME_ORDER as readonly unknown[]).includes(value) ? (value as AlertOutcome) : 'failed';
};

/**
 * The alert for an input the full renderer could not render (it threw on some value no check foresaw): built
 * from reads that each may fail on their own, so it always goes out. It names every finding's rule, severity,
 * category and outcome; what could not be read is marked UNREADABLE, and the full event is in the function's log.
 * An unknown severity counts as CRITICAL and an unknown outcome as failed, so the alert reaches the SMS.
 */
export const renderFallbackAlert = (input: AlertInput, error: unknown): RenderedAlert => {
  const findings = attempt(() => [...input.findings], []).map((alert) => ({
    ruleId: readField(() => alert.finding.ruleId, CAPS.id),
    title: readField(() => alert.rule.title, CAPS.ruleText),
    severity: severityOf(() => alert.finding.severity),
    category: readField(() => alert.finding.category, CAPS.id),
    outcome: outcomeOf(() => alert.finding.remediation.status, () => alert.finding.remediation.action),
    resources: attempt(() => alert.finding.resources.slice(0, 20).map((r) => readField(() => r, CAPS.resource)), [UNREADABLE]),
  }));
  const top = [...findings].sort((a, b) => SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity))[0];
  const severity = top?.severity ?? 'CRITICAL';
  const category = top?.category ?? UNREADABLE;
  const outcome = OUTCOME_ORDER.find((o) => findings.some((f) => f.outcome === o)) ?? 'failed';
  const stage = readField(() => input.stage, 32);
  const account = readField(() => input.record.recipientAccountId ?? input.record.userIdentity?.accountId, 32);
  const eventName = readField(() => input.record.eventName, CAPS.name);
  const eventId = readField(() => input.record.eventID, CAPS.id);
  const reason = readField(() => (error instanceof Error ? `${error.name}: ${error.message}` : error), CAPS.errorMessage);

  const email = [
    `${severity}: trailguard ${stage} alert with fields that could not be read. ${findings.length} finding(s) on CloudTrail event ${eventName} (${eventId}) in account ${account}.`,
    '',
    `Some values of this event could not be rendered (${reason}); they are marked ${UNREADABLE}. The function's log holds the full event.`,
    '',
    ...findings.flatMap((f) => [
      `- ${f.severity} ${f.title} (${f.ruleId}, ${f.category}): ${f.outcome}`,
      ...f.resources.map((r) => `    ${r}`),
    ]),
  ].join('\n');
  const sms = fitSms(
    [
      { text: severity, rank: 0, required: true },
      { text: category, before: ' ', rank: 1, min: 8 },
      { text: outcome, before: ' - ', rank: 2 },
      { text: account, before: ' - acct ', rank: 3 },
      { text: 'fields unreadable, see email', before: ' - ', rank: 4 },
    ],
    { reserve: SMS_DISPLAY_PREFIX.length },
  );
  const subject = fitSubject([
    { text: stage, before: '[trailguard ', after: ']', rank: 0, required: true },
    { text: severity, before: ' ', rank: 0, required: true },
    { text: category, before: ' ', rank: 1, min: 8 },
    { text: `(${outcome}, fields unreadable)`, before: ' ', rank: 2 },
  ]);
  const bodies = { default: email, email, sms };
  return {
    subject,
    message: JSON.stringify(bodies),
    bodies,
    attributes: {
      severity: { DataType: 'String', StringValue: severity },
      category: { DataType: 'String.Array', StringValue: stringArray(findings.map((f) => f.category)) },
      ruleId: { DataType: 'String.Array', StringValue: stringArray(findings.map((f) => f.ruleId)) },
      account: { DataType: 'String', StringValue: attributeToken(account) },
      outcome: { DataType: 'String', StringValue: outcome },
    },
  };
};
