/**
 * A `Finding:<rule id>` condition in the Athena source's WHERE: the rule from the page's loaded
 * rules, compiled by sql.ts. A rule that is not loaded, unknown, or cannot be written in SQL fails
 * the lookup with the reason, never a query that silently matches something else.
 */
import type { Condition } from '../conditions.js';
import { findingRule } from './registry.js';
import { ruleSql, type Param } from './sql.js';

export function findingConditionSql(c: Condition, param: Param): string {
  const rule = findingRule(c.value);
  if (!rule) throw new Error(`No rule has the id "${c.value}" (or the rules have not loaded), so Athena cannot look for its findings.`);
  const sql = ruleSql(rule, param);
  return c.exclude ? `NOT ${sql}` : sql;
}
