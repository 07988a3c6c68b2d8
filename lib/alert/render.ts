import { accountOf } from '../cloudtrail/record';
import { severityRank } from '../rule';
import { alertAttributes } from './attributes';
import { renderEmail } from './email';
import { renderFallbackAlert } from './fallback';
import type { FitPart } from './fit';
import { shortActor } from './identity';
import { SHORT_OUTCOME, mostImportantOutcome, outcomeOf, outcomeRank } from './outcome';
import { safeField, safeString } from './safe-text';
import { SMS_DISPLAY_PREFIX, fitSms, type SmsPart } from './sms';
import { fitSubject } from './subject';
import type { AlertFinding, AlertInput, RenderedAlert } from './types';

export interface RenderOptions {
  /**
   * Characters SNS prepends to every SMS from the topic: its DisplayName upper-cased plus "> ". Defaults to the
   * deployed alert topic's (SMS_DISPLAY_PREFIX); 0 for a topic without a display name.
   */
  readonly smsReserve?: number;
}

/** Most severe first; then the more important outcome; then the order the rules produced them. */
export const orderFindings = (findings: readonly AlertFinding[]): AlertFinding[] =>
  findings
    .map((alert, index) => ({ alert, index }))
    .sort(
      (a, b) =>
        severityRank(b.alert.finding.severity) - severityRank(a.alert.finding.severity) ||
        outcomeRank(outcomeOf(a.alert)) - outcomeRank(outcomeOf(b.alert)) ||
        a.index - b.index,
    )
    .map(({ alert }) => alert);

/**
 * An ARN's resource part (`trail/org-trail`, `root`), since the account is shown on its own and truncation cuts
 * the end, where the name is; other ids as they are.
 */
export const shortResource = (value: unknown): string => {
  const id = safeString(value);
  if (!id.startsWith('arn:')) return id;
  const resource = id.split(':').slice(5).join(':');
  return resource === '' ? id : resource;
};

/** `REVERT FAILED, retrying`, `REVERT FAILED, gave up`, `reverted on retry`, or the outcome's short word. */
const shortOutcome = (input: AlertInput): string => {
  const outcome = mostImportantOutcome(input.findings);
  const phase = input.attempt?.phase;
  if (outcome === 'failed' && phase === 'retrying') return `${SHORT_OUTCOME.failed}, retrying`;
  if (outcome === 'failed' && phase === 'gave-up') return `${SHORT_OUTCOME.failed}, gave up`;
  if (outcome === 'applied' && phase === 'recovered') return `${SHORT_OUTCOME.applied} on retry`;
  return SHORT_OUTCOME[outcome];
};

/** The short facts SMS and Subject share, each cleaned and capped for its tiny budget. */
const essentials = (input: AlertInput, ordered: readonly AlertFinding[]) => {
  const top = ordered[0];
  if (top === undefined) throw new Error('an alert needs at least one finding');
  const resources = top.finding.resources;
  return {
    severity: top.finding.severity,
    category: top.finding.category,
    resource: safeField(shortResource(resources[0] ?? ''), 100),
    moreResources: resources.length > 1 ? `+${resources.length - 1}` : '',
    actor: safeField(shortActor(input.record), 64),
    outcome: shortOutcome(input),
    account: safeField(input.accountName ?? accountOf(input.record), 32),
    region: input.showRegion ? safeField(input.record.awsRegion, 16) : '',
    moreFindings: ordered.length > 1 ? `+${ordered.length - 1} more` : '',
    stage: safeField(input.stage, 32),
  };
};

/**
 * One SMS segment, parts in the order of value the on-call reader needs them: severity, category, resource,
 * actor, outcome, account; then how many more findings and the stage.
 * e.g. `CRITICAL sg-open-ingress: sg-0abc by alice - reverted - acct 123456789012 - trailguard prod`
 */
const renderSms = (input: AlertInput, ordered: readonly AlertFinding[], options: RenderOptions): string => {
  const e = essentials(input, ordered);
  const parts: SmsPart[] = [
    { text: e.severity, rank: 0, required: true },
    { text: e.category, before: ' ', rank: 1, required: true },
    { text: e.moreFindings, before: ' (', after: ')', rank: 7 },
    { text: e.resource, before: ': ', rank: 2, min: 8, untrusted: true },
    { text: e.moreResources, before: ' ', rank: 6 },
    { text: e.actor, before: ' by ', rank: 3, min: 4, untrusted: true },
    { text: e.outcome, before: ' - ', rank: 4 },
    { text: e.account, before: ' - acct ', rank: 5, untrusted: true },
    // Central stages only (empty otherwise): which region of the account, dropped before the account.
    { text: e.region, before: ' ', rank: 5.5, untrusted: true },
    { text: e.stage, before: ' - trailguard ', rank: 8, min: 3 },
  ];
  return fitSms(parts, { reserve: options.smsReserve ?? SMS_DISPLAY_PREFIX.length });
};

/** e.g. `[trailguard prod] CRITICAL sg-open-ingress: sg-0abc by alice (reverted)`. */
const renderSubject = (input: AlertInput, ordered: readonly AlertFinding[]): string => {
  const e = essentials(input, ordered);
  const parts: FitPart[] = [
    // The stage leads (mail rules sort on it) and is never shortened; it is configuration, capped at 32.
    { text: e.stage, before: '[trailguard ', after: ']', rank: 0, required: true },
    { text: e.severity, before: ' ', rank: 0, required: true },
    { text: e.category, before: ' ', rank: 0, required: true },
    { text: e.resource, before: ': ', rank: 2, min: 8 },
    { text: e.moreResources, before: ' ', rank: 5 },
    { text: e.actor, before: ' by ', rank: 3, min: 4 },
    { text: e.outcome, before: ' (', after: ')', rank: 1 },
    { text: e.moreFindings, before: ' ', rank: 4 },
  ];
  return fitSubject(parts);
};

/**
 * Renders one SNS alert for all findings of one CloudTrail event (pure). Throws if there are no findings: an
 * event without findings has nothing to alert. Otherwise it never throws: every record value passes safeField,
 * and should a value still defeat the renderer, the fallback alert (fallback.ts) goes out instead, naming each
 * finding and marking what could not be read.
 */
export const renderAlert = (input: AlertInput, options: RenderOptions = {}): RenderedAlert => {
  if (input.findings.length === 0) throw new Error('renderAlert needs at least one finding');
  try {
    return renderFull(input, options);
  } catch (error) {
    return renderFallbackAlert(input, error);
  }
};

const renderFull = (input: AlertInput, options: RenderOptions): RenderedAlert => {
  const ordered = orderFindings(input.findings);
  const email = renderEmail(input, ordered);
  const sms = renderSms(input, ordered, options);
  const bodies = { default: email, email, sms };
  return {
    subject: renderSubject(input, ordered),
    message: JSON.stringify(bodies),
    bodies,
    attributes: alertAttributes(input),
  };
};

