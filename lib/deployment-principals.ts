import type { CloudTrailRecord } from './cloudtrail/record';
import { OwnPrincipals } from './own-principals';

/**
 * An exact IAM role or user ARN, path included: what runs Terraform or deploys CloudFormation stacks. Sessions of
 * a role match through their `sessionIssuer.arn`, which carries the path, as the loop guard matches them.
 */
const ROLE_OR_USER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/([\w+=,.@-]+\/)*[\w+=,.@-]+$/;

/** Why an entry is refused (the caller names where it came from: env var, flag, param). */
export const deploymentPrincipalProblem = (entry: string): string | undefined => {
  if (/[*?]/.test(entry)) {
    return `${JSON.stringify(entry)} is a glob: give exact role or user ARNs, since anyone who can create a principal with a matching name would have their network changes lowered`;
  }
  if (/^arn:aws[a-z-]*:sts::/.test(entry)) {
    return `${JSON.stringify(entry)} is an STS session ARN: give the role's ARN (arn:aws:iam::<account>:role/<path/name>), which covers all its sessions`;
  }
  if (ROLE_OR_USER_ARN.test(entry)) return undefined;
  return `${JSON.stringify(entry)} is not an exact IAM role or user ARN (arn:aws:iam::123456789012:role/terraform-deployer)`;
};

/**
 * The principals that deploy infrastructure as code (Terraform runs, CloudFormation service roles, CI deployers):
 * their routine network and IAM changes are lowered to LOW (lib/deployment-noise.ts), never ignored. Known by exact
 * ARN only; an empty list lowers nothing.
 */
export class DeploymentPrincipals {
  public static readonly NONE = new DeploymentPrincipals([]);

  private readonly matcher: OwnPrincipals;

  /** Entries must be checked with deploymentPrincipalProblem first; an unchecked one throws naming it. */
  public constructor(public readonly arns: readonly string[]) {
    for (const arn of arns) {
      const problem = deploymentPrincipalProblem(arn);
      if (problem !== undefined) throw new Error(problem);
    }
    this.matcher = new OwnPrincipals(arns.map((arn) => ({ kind: 'arn', arn })));
  }

  public get size(): number {
    return this.arns.length;
  }

  /** The ARN of the deployment principal that made the call, if one did. */
  public of(record: CloudTrailRecord): string | undefined {
    const entry = this.matcher.matching(record);
    return entry?.kind === 'arn' ? entry.arn : undefined;
  }
}
