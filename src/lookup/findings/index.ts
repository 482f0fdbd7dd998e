/**
 * Findings, loaded with import() after the first rows: the engine, the built-in pack and the
 * Sigma reader's front door (its YAML parser loads only when Sigma text is given).
 */
export { FindingsEngine } from './engine.js';
export { FindingsCounter } from './counter.js';
export { BUILTIN_RULES } from './pack.js';
export { compileMatch } from './compile.js';
export { fromSigma, readSigma, WHOLE_RECORD } from './sigma.js';
export type { SigmaInput, SigmaResult } from './sigma.js';
export { RuleError, SEVERITIES, TACTICS, tacticName } from './types.js';
export type { Aggregate, AggregateEvidence, Attack, Evidence, FieldMatch, Hit, Match, Rule, Scalar, Severity } from './types.js';
