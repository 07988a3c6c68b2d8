import { REGION_NAME, accountOf, get, str, succeeded, type CloudTrailRecord } from '../cloudtrail/record';
import { identityLines, type Line } from './identity';
import { ACTION_WORDS, HEADLINE_OUTCOME, outcomeOf, type AlertOutcome } from './outcome';
import { CAPS, safeField, safeJson } from './safe-text';
import type { AlertFinding, AlertInput } from './types';

/**
 * Cap on the email body, counted as the UTF-8 bytes of its JSON-escaped form: the body goes into the Message
 * twice (`default` and `email`), and even a body of quotes and backslashes (two bytes each once escaped) keeps
 * the Message near 128 KiB, well under SNS's 256 KiB for Message plus attributes.
 */
export const EMAIL_MAX_BYTES = 64 * 1024;
const MAX_RESOURCES = 50;
const LABEL_WIDTH = 16;

const jsonBytes = (text: string): number => Buffer.byteLength(JSON.stringify(text), 'utf8');

const field = (label: string, value: string, indent = '  '): string =>
  `${indent}${`${label}:`.padEnd(LABEL_WIDTH)} ${value}`;
const fields = (lines: readonly Line[], indent = '  '): string[] =>
  lines.filter(([, value]) => value !== '').map(([label, value]) => field(label, value, indent));

/** The event's time as UTC; a record with an unparseable time says so rather than guessing. */
export const formatEventTime = (eventTime: unknown): string => {
  const raw = str(eventTime);
  const ms = raw === undefined ? Number.NaN : Date.parse(raw);
  if (Number.isNaN(ms)) return `${safeField(raw ?? 'missing', 64)} (as recorded; not a valid timestamp)`;
  const iso = new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
  return `${iso.replace('T', ' ').replace('Z', '')} UTC (${iso})`;
};

const resultLine = (record: CloudTrailRecord): string => {
  if (succeeded(record)) {
    const signIn = str(get(record.responseElements, 'ConsoleLogin'));
    return signIn === undefined ? 'succeeded' : `ConsoleLogin ${safeField(signIn, 32)}`;
  }
  const message = safeField(record.errorMessage, CAPS.errorMessage);
  return `FAILED with ${safeField(record.errorCode, CAPS.name)}${message ? `: ${message}` : ''}`;
};

const EVENT_ID = /^[0-9A-Za-z-]{1,64}$/;

/** A copy-paste lookup command, only when every value in it is plain (never paste attacker text into a shell). */
const lookupCommand = (record: CloudTrailRecord): string | undefined => {
  const eventId = str(record.eventID) ?? '';
  const region = str(record.awsRegion) ?? '';
  return EVENT_ID.test(eventId) && REGION_NAME.test(region)
    ? `aws cloudtrail lookup-events --region ${region} --lookup-attributes AttributeKey=EventId,AttributeValue=${eventId}`
    : undefined;
};

const detailText = (detail: Readonly<Record<string, unknown>>): string =>
  safeField(
    Object.entries(detail)
      .map(([key, value]) => `${safeField(key, 40)}=${typeof value === 'string' ? safeField(value, 300) : safeJson(value, 300)}`)
      .join(', '),
    CAPS.detail,
  );

const actionWords = (alert: AlertFinding): { done: string; todo: string } => {
  const action = alert.finding.remediation.action;
  return action === 'none'
    ? { done: 'changed nothing', todo: 'change nothing' }
    : (ACTION_WORDS[action] ?? { done: `ran ${safeField(action, 40)}`, todo: `run ${safeField(action, 40)}` });
};

/** ` at 12:03:04Z on 2026-12-05`, from the recorded ISO time; '' when there is none. */
const appliedWhen = (iso: string | undefined): string => {
  const time = iso === undefined ? Number.NaN : Date.parse(iso);
  if (Number.isNaN(time)) return '';
  const text = new Date(time).toISOString();
  return ` at ${text.slice(11, 19)}Z on ${text.slice(0, 10)}`;
};

/** What happens next to a failed event: retried (and no page until it is given up), or given up. */
const retryLine = (input: AlertInput): string => {
  const attempt = input.attempt;
  const which = attempt?.number === undefined ? '' : `Attempt ${attempt.number} of ${attempt.of} failed. `;
  if (attempt?.phase === 'gave-up') {
    return `The change may still be in place: fix it by hand now. ${which}Trailguard has given up on this event: it goes to the dead-letter queue.`;
  }
  if (attempt?.phase === 'retrying') {
    return `The change may still be in place: check it now. ${which}Trailguard retries the event; it alerts again only if it gives up (the event then goes to the dead-letter queue).`;
  }
  return 'The change may still be in place: check it now. The event will be retried; if it keeps failing it goes to the dead-letter queue.';
};

/** WHAT TRAILGUARD DID, in plain words per outcome. */
const didLines = (alert: AlertFinding, outcome: AlertOutcome, input: AlertInput): string[] => {
  const words = actionWords(alert);
  const { finding, exception } = alert;
  const lines: string[] = [];
  const did = safeField(alert.did, CAPS.detail);
  switch (outcome) {
    case 'applied': {
      const when = appliedWhen(alert.appliedAt);
      lines.push(did ? `Reverted${when}: trailguard ${did}.` : `Reverted${when}: trailguard ${words.done}.`);
      if (input.attempt?.phase === 'recovered') lines.push('This revert succeeded on a retry, after the failure alerted earlier for this event.');
      break;
    }
    case 'already-compliant':
      lines.push(did ? `Already compliant: ${did}. Nothing was changed.` : `Already compliant: trailguard went to ${words.todo}, and AWS reported it was already in the desired state. Nothing was changed.`);
      break;
    case 'dry-run': {
      const why =
        input.mode === 'dry-run'
          ? `stage ${safeField(input.stage, 64)} in dry-run mode`
          : `rule ${safeField(alert.rule.id, CAPS.name)} is staged: it only alerts until promoted`;
      lines.push(`Would have ${words.done} (${why}). Nothing was changed: the change is still in place.`);
      break;
    }
    case 'planned':
      lines.push(`Planned: trailguard would ${words.todo}. Nothing was changed yet.`);
      break;
    case 'excepted':
      lines.push(`Not reverted: an exception applies, so trailguard did not ${words.todo}. The change is still in place.`);
      break;
    case 'failed': {
      const recorded = alert.error ?? finding.remediation.detail.error;
      const error =
        (typeof recorded === 'string' || recorded === undefined ? safeField(recorded, CAPS.error) : safeJson(recorded, CAPS.error)) ||
        'no error message recorded';
      lines.push(`REVERT FAILED: trailguard tried to ${words.todo}, and it failed: ${error}`, retryLine(input));
      break;
    }
    case 'not-applicable':
      lines.push(did ? `Nothing to revert: ${did}. Nothing was changed.` : 'Nothing to revert: the resource is gone or the change no longer applies. Nothing was changed.');
      break;
    case 'none':
      lines.push('Alert only: this rule has no automatic remediation. Nothing was changed.');
      break;
  }
  if (exception) {
    const what = `Exception ${safeField(exception.id, CAPS.name)} (reason: ${safeField(exception.reason, CAPS.exception)}; owner: ${safeField(exception.owner, CAPS.name)}; expires: ${safeField(exception.expires, 32)})`;
    lines.push(exception.expired ? `${what} matched, but it EXPIRED and was ignored.` : `${what} stopped the revert.`);
  }
  if (finding.remediation.action !== 'none' && Object.keys(finding.remediation.detail).length > 0) {
    lines.push(`Details: ${detailText(finding.remediation.detail)}`);
  }
  return lines;
};

const undoLines = (alert: AlertFinding, outcome: AlertOutcome): string[] => {
  const undo = safeField(alert.undo, CAPS.undo);
  if (outcome === 'applied') return [undo || 'Trailguard recorded no undo step for this action; see the details above.'];
  if (undo === '') return ['Nothing to undo: trailguard changed nothing.'];
  return ['Nothing to undo: trailguard changed nothing.', `Had it reverted the change, the undo would be: ${undo}`];
};

const referenceLines = (alert: AlertFinding): string[] => {
  const refs = alert.rule.references;
  const list = (values: readonly string[] | undefined): string => safeField((values ?? []).join(', '), CAPS.ruleText);
  return fields([
    ['CIS AWS Foundations', list(refs.cis)],
    ['AWS Security Hub', list(refs.securityHub)],
    ['MITRE ATT&CK', list(refs.mitre)],
    ['Stratus Red Team', list(refs.stratus)],
    ['More', list(refs.links)],
  ], '    ');
};

const findingBlock = (alert: AlertFinding, index: number, total: number, input: AlertInput): string[] => {
  const { finding, rule } = alert;
  const outcome = outcomeOf(alert);
  const resources = finding.resources.slice(0, MAX_RESOURCES).map((resource) => safeField(resource, CAPS.resource));
  const more = finding.resources.length - resources.length;
  const facts: Line[] = Object.entries(alert.facts ?? {}).map(([label, value]) => [
    safeField(label, CAPS.factLabel),
    safeField(value, CAPS.factValue),
  ]);
  return [
    `FINDING ${index + 1} OF ${total}: ${finding.severity} ${finding.category}`,
    ...fields([
      ['Rule', `${safeField(rule.title, CAPS.ruleText)} (${safeField(rule.id, CAPS.name)})`],
      ['Summary', safeField(finding.summary, CAPS.summary)],
      ['Why it matters', safeField(rule.description, CAPS.ruleText)],
      ['Severity', finding.severity],
      ['Category', finding.category],
      ...facts,
    ]),
    '  RESOURCES',
    ...(resources.length > 0 ? resources.map((resource) => `    ${resource}`) : ['    none recorded']),
    ...(more > 0 ? [`    … and ${more} more`] : []),
    '  WHAT TRAILGUARD DID',
    ...didLines(alert, outcome, input).map((line) => `    ${line}`),
    '  HOW TO UNDO IT',
    ...undoLines(alert, outcome).map((line) => `    ${line}`),
    '  GUIDANCE',
    `    ${safeField(rule.guidance, CAPS.ruleText) || 'No guidance recorded for this rule.'}`,
    '  RULE AND REFERENCES',
    ...fields([['Rule id', safeField(rule.id, CAPS.name)]], '    '),
    ...referenceLines(alert),
  ];
};

const modeText = (input: AlertInput): string =>
  input.mode === 'enforce' ? 'enforce mode: active rules revert' : 'dry-run mode: nothing is ever changed';

/** First line: the most severe finding, in words, and what came of it. */
const headline = (top: AlertFinding, total: number): string => {
  const { finding, rule } = top;
  const more = total > 1 ? ` (+${total - 1} more finding${total > 2 ? 's' : ''})` : '';
  const summary = safeField(finding.summary, 300);
  return `${finding.severity}: ${safeField(rule.title, 120)}.${summary ? ` ${summary}.` : ''}${more} ${HEADLINE_OUTCOME[outcomeOf(top)]}`;
};

const TRUNCATED = '[Alert truncated to fit the message size limit: the full record is in CloudTrail, see below.]';

/**
 * Joins the head lines while they fit EMAIL_MAX_BYTES, then the closing EVENT section, which always survives.
 * JSON escaping is per character, so a line's escaped size is additive; the lines come from a generator, so a
 * pathological event (hundreds of findings) is never rendered past the cap.
 */
const assemble = (head: Iterable<string>, tail: string): string => {
  // Room for the closing quotes, the truncation note and the tail is kept whether or not it is needed.
  const budget = EMAIL_MAX_BYTES - jsonBytes(`\n\n${TRUNCATED}\n\n${tail}`);
  const lines: string[] = [];
  let used = 0;
  for (const line of head) {
    // A line costs its escaped bytes without the quotes, plus the escaped newline that joins it (2 bytes).
    const cost = jsonBytes(line);
    if (used + cost > budget) return `${lines.join('\n')}\n\n${TRUNCATED}\n\n${tail}`;
    lines.push(line);
    used += cost;
  }
  return `${lines.join('\n')}\n\n${tail}`;
};

/**
 * The full plain-text body (email, and SNS's `default`). Every record-derived value is cleaned and capped
 * (safe-text.ts), so no input can add a line, hide text or reorder it; the body is capped as a whole.
 */
export const renderEmail = (input: AlertInput, ordered: readonly AlertFinding[]): string => {
  const { record } = input;
  const first = ordered[0];
  if (first === undefined) throw new Error('renderEmail needs at least one finding');
  const top: AlertFinding = first;
  const total = ordered.length;

  function* head(): Generator<string> {
    yield headline(top, total);
    yield '';
    yield `trailguard ${safeField(input.stage, 64)} (${modeText(input)}). ${total} finding${total > 1 ? 's' : ''} on one CloudTrail event.`;
    yield '';
    yield 'WHAT HAPPENED';
    yield* fields([
      ['Event', `${safeField(record.eventName, CAPS.name)} (${safeField(record.eventSource, CAPS.name)})`],
      ['Result', resultLine(record)],
    ]);
    for (const alert of ordered) {
      yield `  - ${alert.finding.severity} ${safeField(alert.rule.title, 120)}: ${safeField(alert.finding.summary, CAPS.summary)}`;
    }
    yield* fields([['Request', record.requestParameters ? safeJson(record.requestParameters, CAPS.request) : 'no parameters recorded']]);
    yield* ['', 'WHO', ...fields(identityLines(record))];
    yield* [
      '',
      'FROM WHERE',
      ...fields([
        ['Source IP', safeField(record.sourceIPAddress, CAPS.ip) || 'not recorded'],
        ['User agent', safeField(record.userAgent, CAPS.userAgent) || 'not recorded'],
        ['Region', safeField(record.awsRegion, CAPS.region)],
        ['Account', `${safeField(accountOf(record), CAPS.id)}${input.accountName ? ` (${safeField(input.accountName, 32)})` : ''}`],
      ]),
    ];
    yield* ['', 'WHEN', ...fields([['Event time', formatEventTime(record.eventTime)]])];
    for (const [index, alert] of ordered.entries()) yield* ['', ...findingBlock(alert, index, total, input)];
  }

  const lookup = lookupCommand(record);
  const tail = [
    'EVENT',
    ...fields([
      ['CloudTrail event', safeField(record.eventID, CAPS.id)],
      ['Stage', `${safeField(input.stage, 64)} (${input.mode})`],
      ...(lookup ? ([['Look it up', lookup]] as Line[]) : []),
    ]),
    '',
    '-- trailguard: CloudTrail security responder. Values copied from the event are shown as recorded, with control characters removed.',
  ].join('\n');

  return assemble(head(), tail);
};
