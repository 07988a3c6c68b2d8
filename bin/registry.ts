import type { RuleRegistry } from '../lib/rule-registry';
import { RULES } from '../rules';

/** The rule registry the `trailguard` command and its replay worker threads run: every rule in rules/. */
export const REGISTRY: RuleRegistry = { rules: RULES };
