import type { RuleDefinition } from './rule';

/**
 * The rules the command line and replay work with. lib/ never imports rules/: a composition root binds the
 * registry (bin/registry.ts for the CLI and its replay worker threads, handlers/ for Lambda), so lib/ depends only
 * on this shape and a test can hand it any set of rules.
 */
export interface RuleRegistry {
  /** Every rule, in catalogue order (the order of the README table and `trailguard rules`). */
  readonly rules: readonly RuleDefinition[];
}

/** The ids among `ids` that name no rule of the registry, in the order given. */
export const unknownRuleIds = (registry: RuleRegistry, ids: readonly string[]): string[] =>
  ids.filter((id) => !registry.rules.some((rule) => rule.id === id));

/** The registry's rules whose id is among `ids`, in catalogue order; every rule when `ids` is undefined or empty. */
export const selectRules = (registry: RuleRegistry, ids: readonly string[] | undefined): readonly RuleDefinition[] =>
  ids === undefined || ids.length === 0 ? registry.rules : registry.rules.filter((rule) => ids.includes(rule.id));
