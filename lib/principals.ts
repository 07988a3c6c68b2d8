/**
 * ARN globs (`*` matches any run, `?` one character), as exceptions use them (never the loop guard, which matches identities: lib/own-principals.ts). Compiled once per
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

