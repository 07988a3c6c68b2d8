/**
 * ARN globs (`*` matches any run, `?` one character), as used by the loop guard and exceptions. Compiled once per
 * config so matching an event costs one regex test.
 */
export class PrincipalMatcher {
  private readonly regex: RegExp | undefined;

  public constructor(public readonly globs: readonly string[]) {
    this.regex = globs.length === 0
      ? undefined
      : new RegExp(`^(?:${globs.map(globToRegexSource).join('|')})$`);
  }

  /** True when any of the principal's ARNs matches any glob. */
  public matchesAny(arns: readonly string[]): boolean {
    if (this.regex === undefined) return false;
    for (const arn of arns) if (this.regex.test(arn)) return true;
    return false;
  }
}

export const globToRegexSource = (glob: string): string =>
  glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');

/**
 * The responder's own roles when nothing else is configured: every role the deployment creates is named
 * `trailguard-<stage>-<function>` (serverless.yml), in any account the responder runs in.
 */
export const DEFAULT_OWN_PRINCIPALS: readonly string[] = ['arn:aws:iam::*:role/trailguard-*'];
