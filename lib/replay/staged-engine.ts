import type { EventBridgeEnvelope } from '../cloudtrail/envelope';
import type { ResponderConfig } from '../config';
import { Engine, type EvaluatedFinding, type Evaluation } from '../engine';
import type { RuleDefinition } from '../rule';

/**
 * The engine as a deployed stage runs it: the stage's public ports, loop guard and deployment principals, then per remediation the same
 * decisions lib/respond.ts takes before applying (a live exception at the event's time, the stage mode, the rule's
 * status), so a replayed finding says whether that stage would have reverted it, and if not, why.
 */
export class StagedEngine extends Engine {
  public constructor(
    rules: readonly RuleDefinition[],
    public readonly config: ResponderConfig,
  ) {
    super({
      rules,
      publicPorts: config.publicPorts,
      ownPrincipals: config.ownPrincipals,
      deploymentPrincipals: config.deploymentPrincipals,
      remediationSettings: config.remediationSettings,
    });
  }

  public override evaluate(envelope: EventBridgeEnvelope): Evaluation {
    const evaluation = super.evaluate(envelope);
    if (evaluation.findings.length === 0) return evaluation;
    return { ...evaluation, findings: evaluation.findings.map((evaluated) => this.decide(evaluated, envelope)) };
  }

  private decide(evaluated: EvaluatedFinding, envelope: EventBridgeEnvelope): EvaluatedFinding {
    const { finding, remediation, rule } = evaluated;
    if (!remediation) return evaluated;
    const notPlanned = (reason: string, detail: Record<string, unknown> = {}): EvaluatedFinding => ({
      ...evaluated,
      finding: {
        ...finding,
        remediation: { action: finding.remediation.action, status: 'not-planned', reason, detail: { ...finding.remediation.detail, ...detail } },
      },
    });
    // Exceptions expire: what counts is whether one was live when the event happened.
    const at = new Date(Date.parse(finding.eventTime) || 0);
    const exception = this.config.exceptions.find(finding, envelope.detail, remediation.params, at);
    if (exception && !exception.expired) {
      return notPlanned(`excepted by ${exception.id}: ${exception.reason} (owner ${exception.owner}, expires ${exception.expires})`, {
        exception: exception.id,
      });
    }
    // The engine already reports a staged rule's remediation as not-planned, with its reason.
    if (rule.status !== 'active') return evaluated;
    if (this.config.mode !== 'enforce') return notPlanned(`stage ${this.config.stage} is in ${this.config.mode} mode`);
    return evaluated;
  }
}
