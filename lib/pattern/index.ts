export { compilePattern } from './compile';
export { parsePattern } from './parse';
export { PatternSet } from './pattern-set';
export { SourceGatedPatternSet, type PatternMatcher } from './source-gated-set';
export type { CompiledPattern, EventPattern, PatternOptions } from './types';
export { validatePattern } from './validate';
