import { accountOf } from '../cloudtrail/record';
import { alertAttributes } from './attributes';
import { isDeploymentKey, type DedupDigest } from './dedup-window';
import { formatEventTime } from './email';
import { shortActor } from './identity';
import { orderFindings, shortResource } from './render';
import { CAPS, safeField } from './safe-text';
import { SMS_DISPLAY_PREFIX, fitSms, type SmsPart } from './sms';
import { fitSubject } from './subject';
import type { AlertInput, RenderedAlert } from './types';

const MAX_RESOURCES = 20;

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
/** `09:01Z`, or `2026-11-02 09:01Z` when the span crosses a day. */
const shortTime = (ms: number, withDay: boolean): string => {
  const text = iso(ms);
  return withDay ? `${text.slice(0, 10)} ${text.slice(11, 16)}Z` : `${text.slice(11, 16)}Z`;
};
const minutes = (ms: number): string => {
  const whole = Math.round(ms / 60_000);
  return whole === 1 ? '1 minute' : `${whole} minutes`;
};
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `09:02Z-09:14Z`: from the first suppressed repeat to the last, with the day when they are on different days. */
const spanOf = ({ firstRepeat, lastRepeat }: DedupDigest): string => {
  const acrossDays = iso(firstRepeat.at).slice(0, 10) !== iso(lastRepeat.at).slice(0, 10);
  return `${shortTime(firstRepeat.at, acrossDays)}-${shortTime(lastRepeat.at, acrossDays)}`;
};

/** The publish of a digest: the alert's attributes (so subscriptions filter digests like alerts) plus `kind: digest`. */
const digestAlert = (subject: string, email: string, sms: string, input: AlertInput): RenderedAlert => {
  const bodies = { default: email, email, sms };
  return {
    subject,
    message: JSON.stringify(bodies),
    bodies,
    attributes: { ...alertAttributes(input), kind: { DataType: 'String', StringValue: 'digest' } },
  };
};

/**
 * The one alert a closed dedup window owes: how many repeats were suppressed, between which times, and the
 * eventIDs of the first and last of them. It is sent with the key's next alert, whose findings have exactly the
 * key's rules, actor, account, resources, eventName and severity (they are what the key is made of), so it
 * names them from that event. Attributes are the alert's (severity, category, ruleId, account, outcome), so
 * subscriptions filter digests like alerts, plus `kind: digest`.
 */
export const renderDigest = (digest: DedupDigest, input: AlertInput): RenderedAlert => {
  const ordered = orderFindings(input.findings);
  const top = ordered[0];
  if (top === undefined) throw new Error('a digest needs the findings of the event that carries it');
  const { finding } = top;
  if (finding.lowered && isDeploymentKey(digest.key)) return renderDeploymentDigest(digest, input, finding.lowered.by);
  const stage = safeField(input.stage, 32);
  const actor = safeField(shortActor(input.record), 64);
  const category = safeField(finding.category, CAPS.name);
  const eventName = safeField(finding.eventName, CAPS.name);
  const { firstRepeat, lastRepeat, suppressed } = digest;
  const span = spanOf(digest);
  const repeats = plural(suppressed, 'repeat');

  const subject = fitSubject([
    { text: stage, before: '[trailguard ', after: ']', rank: 0, required: true },
    { text: 'digest:', before: ' ', rank: 0, required: true },
    { text: repeats, before: ' ', rank: 0, required: true },
    { text: `${finding.severity} ${category}`, before: ' of ', rank: 1, required: true },
    { text: eventName, before: ' ', rank: 3, min: 6 },
    { text: actor, before: ' by ', rank: 2, min: 4 },
    { text: span, before: ' ', rank: 4 },
  ]);

  const smsParts: SmsPart[] = [
    { text: `${finding.severity} ${category}`, rank: 0, required: true },
    { text: `${repeats} suppressed`, before: ': ', rank: 0, required: true },
    { text: eventName, before: ' ', rank: 3, min: 6, untrusted: true },
    { text: actor, before: ' by ', rank: 2, min: 4, untrusted: true },
    { text: span, before: ' ', rank: 1 },
    { text: safeField(accountOf(input.record), 32), before: ' - acct ', rank: 5, untrusted: true },
    { text: stage, before: ' - trailguard ', rank: 6, min: 3 },
  ];
  const sms = fitSms(smsParts, { reserve: SMS_DISPLAY_PREFIX.length });

  const resources = finding.resources.slice(0, MAX_RESOURCES).map((resource) => `    ${safeField(shortResource(resource), CAPS.resource)}`);
  const more = finding.resources.length - resources.length;
  const rules = ordered.map(({ rule }) => `    ${safeField(rule.id, CAPS.name)}: ${safeField(rule.title, CAPS.ruleText)}`);
  const email = [
    `trailguard ${stage}: ${repeats} suppressed (dedup digest)`,
    '',
    `${repeats} of the alert sent for CloudTrail event ${safeField(digest.eventId, 64)} ${suppressed === 1 ? 'was' : 'were'} not ` +
      `sent on their own: the same rules, actor, account, resources, event name and severity within ` +
      `${minutes(digest.at - digest.opensAt)} of that alert.`,
    '',
    `  First repeat:    ${safeField(firstRepeat.eventId, 64)} at ${formatEventTime(iso(firstRepeat.at))}`,
    `  Last repeat:     ${safeField(lastRepeat.eventId, 64)} at ${formatEventTime(iso(lastRepeat.at))}`,
    `  Window:          ${iso(digest.opensAt)} to ${iso(digest.at)}`,
    `  Severity:        ${finding.severity}`,
    `  Event name:      ${eventName}`,
    `  Actor:           ${safeField(finding.actor, CAPS.resource)}`,
    `  Account:         ${safeField(finding.account, 32)}`,
    '  Rules:',
    ...rules,
    ...(resources.length > 0 ? ['  Resources:', ...resources, ...(more > 0 ? [`    (+${more} more)`] : [])] : []),
    '',
    'A higher severity, another event name or any event with a remediation is never suppressed: each of those ' +
      'alerted on its own. Look the repeats up by eventID in CloudTrail (event history, or `trailguard replay` ' +
      'over the trail\'s logs).',
  ].join('\n');
  return digestAlert(subject, email, sms, input);
};

/** `terraform-apply` for `arn:aws:iam::123456789012:role/deploy/terraform-apply`. */
const principalName = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);

/**
 * The digest of a deployment principal's window: its repeats are any routine change that principal made in the
 * account (any rule, resource or call: an infrastructure-as-code run), so it names the principal, not one call.
 */
const renderDeploymentDigest = (digest: DedupDigest, input: AlertInput, principal: string): RenderedAlert => {
  const stage = safeField(input.stage, 32);
  const name = safeField(principalName(principal), 64);
  const { firstRepeat, lastRepeat, suppressed } = digest;
  const span = spanOf(digest);
  const changes = plural(suppressed, 'change');

  const subject = fitSubject([
    { text: stage, before: '[trailguard ', after: ']', rank: 0, required: true },
    { text: 'digest:', before: ' ', rank: 0, required: true },
    { text: `${changes} by deployment principal`, before: ' ', rank: 0, required: true },
    { text: name, before: ' ', rank: 1, min: 4 },
    { text: span, before: ' ', rank: 4 },
  ]);
  const sms = fitSms(
    [
      { text: `LOW ${changes} by deployment`, rank: 0, required: true },
      { text: name, before: ' ', rank: 2, min: 4, untrusted: true },
      { text: span, before: ' ', rank: 1 },
      { text: safeField(accountOf(input.record), 32), before: ' - acct ', rank: 5, untrusted: true },
      { text: stage, before: ' - trailguard ', rank: 6, min: 3 },
    ],
    { reserve: SMS_DISPLAY_PREFIX.length },
  );
  const email = [
    `trailguard ${stage}: ${changes} by deployment principal ${name} not sent on their own (dedup digest)`,
    '',
    `${changes} that deployment principal ${safeField(principal, CAPS.resource)} made in account ` +
      `${safeField(accountOf(input.record), 32)} within ${minutes(digest.at - digest.opensAt)} of the alert sent for CloudTrail event ` +
      `${safeField(digest.eventId, 64)} ${suppressed === 1 ? 'was' : 'were'} not sent on their own: routine network and IAM ` +
      'changes by a deployment principal (the deploymentPrincipals param) are LOW, and one run of infrastructure as code ' +
      'alerts once, whatever the rule, resource or call.',
    '',
    `  First change:    ${safeField(firstRepeat.eventId, 64)} at ${formatEventTime(iso(firstRepeat.at))}`,
    `  Last change:     ${safeField(lastRepeat.eventId, 64)} at ${formatEventTime(iso(lastRepeat.at))}`,
    `  Window:          ${iso(digest.opensAt)} to ${iso(digest.at)}`,
    '  Severity:        LOW',
    `  Principal:       ${safeField(principal, CAPS.resource)}`,
    '',
    'Each of them was logged and counted as a finding. World-open ingress, trust policies, administrator grants, ' +
      'trail, Config and logging changes are never lowered: each of those alerted on its own, whoever made it. ' +
      'Look the changes up by eventID in CloudTrail (event history, or `trailguard replay` over the trail\'s logs).',
  ].join('\n');
  return digestAlert(subject, email, sms, input);
};
