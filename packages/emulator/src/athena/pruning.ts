/**
 * Which log files a query reads. Athena lists only the partitions that the query's predicates on
 * partition keys admit and reads every file in them ("Partitioning data in Athena",
 * https://docs.aws.amazon.com/athena/latest/ug/partitions.html): here, the conjuncts of the WHERE
 * that follows the CloudTrail table and names nothing but its partition keys are evaluated over the
 * table's files (bytes per delivery day, account and Region). Anything else in the WHERE is read
 * from the files, so it prunes nothing.
 */
import type { TableLayout } from './table.js';

interface Token { text: string; kind: 'word' | 'quoted' | 'string' | 'param' | 'symbol'; param?: number }

function tokenize(sql: string): Token[] | undefined {
  const out: Token[] = [];
  let params = 0;
  for (let i = 0; i < sql.length;) {
    const c = sql[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '-' && sql[i + 1] === '-') { const nl = sql.indexOf('\n', i); i = nl < 0 ? sql.length : nl; continue; }
    if (c === "'" || c === '"') {
      let j = i + 1;
      for (;;) {
        const close = sql.indexOf(c, j);
        if (close < 0) return undefined;
        if (sql[close + 1] === c) { j = close + 2; continue; }
        j = close + 1;
        break;
      }
      out.push({ text: sql.slice(i, j), kind: c === "'" ? 'string' : 'quoted' });
      i = j;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*|^\d+(\.\d+)?/.exec(sql.slice(i, i + 256));
    if (word) { out.push({ text: word[0], kind: 'word' }); i += word[0].length; continue; }
    if (c === '?') { out.push({ text: '?', kind: 'param', param: params++ }); i++; continue; }
    const two = sql.slice(i, i + 2);
    const symbol = ['<>', '<=', '>=', '!=', '||', '->'].includes(two) ? two : c;
    out.push({ text: symbol, kind: 'symbol' });
    i += symbol.length;
  }
  return out;
}

const upper = (t: Token | undefined) => (t?.kind === 'word' ? t.text.toUpperCase() : '');
const name = (t: Token) => (t.kind === 'quoted' ? t.text.slice(1, -1).replace(/""/g, '"') : t.text).toLowerCase();
/** Words in a conjunct that are not column names. */
const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'BETWEEN', 'IN', 'IS', 'NULL', 'TRUE', 'FALSE', 'CAST', 'AS', 'VARCHAR', 'LIKE', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END']);
const ENDS = new Set(['GROUP', 'ORDER', 'LIMIT', 'UNION', 'HAVING', 'WINDOW', 'OFFSET', 'FETCH', 'EXCEPT', 'INTERSECT']);

/**
 * A query over the table's files (`filesOf` its layout: an account's own trail's tables hold that
 * account's files, an organization trail's every account's) that sums the bytes of the partitions
 * `sql` reads (every file, for a table without partitions), with the indices of the execution
 * parameters it binds (in order); undefined when every file is read (no CloudTrail table in the
 * query, or one it cannot read for pruning).
 */
export function partitionBytesSql(sql: string, layoutOf: (database: string | undefined, table: string) => TableLayout | undefined, filesOf: (layout: TableLayout) => string): { sql: string; parameters: number[] } | undefined {
  const tokens = tokenize(sql);
  if (!tokens) return undefined;
  let found: { layout: TableLayout; at: number } | undefined;
  for (let i = 0; i < tokens.length; i++) {
    if (upper(tokens[i]) !== 'FROM' && upper(tokens[i]) !== 'JOIN') continue;
    const a = tokens[i + 1];
    if (!a || (a.kind !== 'word' && a.kind !== 'quoted')) continue;
    const dotted = tokens[i + 2]?.text === '.' && tokens[i + 3] && (tokens[i + 3]!.kind === 'word' || tokens[i + 3]!.kind === 'quoted');
    const layout = dotted ? layoutOf(name(a), name(tokens[i + 3]!)) : layoutOf(undefined, name(a));
    if (!layout) continue;
    // A query that reads the table twice (a join, a union) is not pruned here: every file counts.
    if (found) return undefined;
    found = { layout, at: dotted ? i + 4 : i + 2 };
  }
  if (!found) return undefined;
  const files = filesOf(found.layout);
  // No partitions: every file of the table.
  if (found.layout.partitions.length === 0) return { sql: `SELECT coalesce(sum(bytes), 0)::BIGINT FROM ${files} AS p`, parameters: [] };
  const keys = new Set(found.layout.partitions.map((p) => p.name));
  let i = found.at;
  // An alias, then WHERE (or nothing to prune on).
  if (tokens[i] && tokens[i]!.kind !== 'symbol' && upper(tokens[i]) !== 'WHERE') i += upper(tokens[i]) === 'AS' ? 2 : 1;
  const kept: Token[][] = [];
  if (upper(tokens[i]) === 'WHERE') {
    let depth = 0;
    let between = false;
    let current: Token[] = [];
    const close = () => {
      const names = current.filter((t, k) => t.kind === 'quoted' || (t.kind === 'word' && /^[A-Za-z_]/.test(t.text) && !KEYWORDS.has(upper(t)) && current[k + 1]?.text !== '('));
      if (names.length && names.every((t) => keys.has(name(t)) && current[current.indexOf(t) - 1]?.text !== '.')) kept.push(current);
      current = [];
    };
    for (i++; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.text === '(') depth++;
      if (t.text === ')' && --depth < 0) break;
      if (depth === 0 && ENDS.has(upper(t))) break;
      if (depth === 0 && upper(t) === 'BETWEEN') between = true;
      if (depth === 0 && upper(t) === 'AND') {
        if (between) between = false;
        else { close(); continue; }
      }
      current.push(t);
    }
    close();
  }
  const parameters: number[] = [];
  const where = kept.map((c) => c.map((t) => {
    if (t.kind === 'param') parameters.push(t.param!);
    return t.text;
  }).join(' '));
  const columns = found.layout.partitions.map((p) => `${p.sql} AS "${p.name}"`).join(', ');
  return { sql: `SELECT coalesce(sum(bytes), 0)::BIGINT FROM (SELECT ${columns}, bytes FROM ${files}) AS p${where.length ? ` WHERE ${where.map((w) => `(${w})`).join(' AND ')}` : ''}`, parameters };
}
