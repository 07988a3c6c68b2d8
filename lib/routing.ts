import type { ActionId } from './remediation';
import { RESPONDERS, RESPONDER_IDS, type ResponderId } from './functions';
import type { RuleDefinition } from './rule';

/**
 * The function a rule deploys to: its own `responder`, else the first function whose actions cover the rule's
 * actions, else the alert-only one.
 */
export const responderOf = (rule: RuleDefinition): ResponderId => {
  if (rule.responder) return rule.responder;
  const actions = rule.actions ?? [];
  const covering = RESPONDER_IDS.find(
    (id) => actions.length > 0 && actions.every((action) => (RESPONDERS[id].actions as readonly ActionId[]).includes(action)),
  );
  return covering ?? 'alert';
};

export const rulesOf = (responder: ResponderId, rules: readonly RuleDefinition[]): RuleDefinition[] =>
  rules.filter((rule) => responderOf(rule) === responder);

/**
 * Which function alerts for an event that rules of several functions match. EventBridge invokes every function
 * a matching rule targets, and each used to send its own alert: root authorizing a world-open SSH rule paged
 * from the security-group function (sg-open-ingress) and again from the alert function (root-activity). Every
 * function runs the whole catalogue's patterns and classifiers (pure and cheap), so each one can tell, from the
 * event alone and without talking to the others, which of them owns the event's one alert: the first function
 * (in RESPONDER_IDS order) among those with a matched rule that remediates, else the first with any matched
 * rule. The owner reports every finding of the event; the others stay silent, unless they have a remediation of
 * their own to run (then they apply it and alert for their own findings: no catalogue event does that, a test
 * checks it over every rule case).
 */
export const alertOwner = (matchedRules: readonly RuleDefinition[]): ResponderId | undefined => {
  const remediating = new Set(matchedRules.filter(remediates).map(responderOf));
  const matched = new Set(matchedRules.map(responderOf));
  return RESPONDER_IDS.find((id) => remediating.has(id)) ?? RESPONDER_IDS.find((id) => matched.has(id));
};

/** A rule that may change something (its findings' outcome is only known to the function that runs it). */
export const remediates = (rule: RuleDefinition): boolean => (rule.actions ?? []).length > 0;

/**
 * The rules whose findings `responder` reports for an event: its own, plus, when it owns the alert, the other
 * functions' rules that only alert.
 */
export const reportedBy = (responder: ResponderId, matchedRules: readonly RuleDefinition[]): ReadonlySet<string> => {
  const owner = alertOwner(matchedRules) === responder;
  return new Set(
    matchedRules.filter((rule) => responderOf(rule) === responder || (owner && !remediates(rule))).map((rule) => rule.id),
  );
};
