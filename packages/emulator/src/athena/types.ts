/**
 * Trino's type rules on a parsed statement, where DuckDB is laxer: DuckDB compares `'1' = 1`, adds a
 * number to a string and reads text as a boolean, casting without being asked; Trino (Athena engine
 * version 3) refuses each with TYPE_MISMATCH. This walks dt-sql-parser's Trino parse tree, types the
 * expressions it can (literals, the CloudTrail table's columns, casts and the common functions) and
 * reports the first mismatch in Trino's words and at Trino's position (the operator of a comparison
 * or an arithmetic, the term of a logical expression). What it cannot type it leaves to DuckDB.
 *
 * Trino's rules: https://trino.io/docs/current/language/types.html (implicit coercions between
 * numeric types, and from varchar(n) to varchar; none from varchar to numbers, booleans or times),
 * https://trino.io/docs/current/functions/comparison.html, https://trino.io/docs/current/functions/logical.html.
 * The messages are Trino's ExpressionAnalyzer's and StatementAnalyzer's.
 */
import { COLUMNS } from './table.js';

/** A node of the ANTLR parse tree, as far as this walk reads it. */
export interface Node {
  constructor: { name: string };
  children?: Node[];
  parent?: Node | null;
  start?: { line: number; column: number; start: number } | null;
  stop?: { stop: number } | null;
  symbol?: { line: number; column: number; text?: string };
  getText(): string;
}

/** A type as Trino names it in messages (`varchar(1)`, `integer`, `timestamp(3) with time zone`), or undefined when unknown. */
type T = string | undefined;

const NUMERIC = /^(tinyint|smallint|integer|bigint|real|double|decimal\(\d+,\d+\))$/;
const isVarchar = (t: string) => t === 'varchar' || /^varchar\(\d+\)$/.test(t) || /^char\(\d+\)$/.test(t);
const isTime = (t: string) => /^(date|time|timestamp)/.test(t) || /^interval/.test(t);

/** Whether two types have a common type Trino coerces both to (unknown ones always do, as far as this walk knows). */
function compatible(a: T, b: T): boolean {
  if (!a || !b || a === b) return true;
  if (NUMERIC.test(a) && NUMERIC.test(b)) return true;
  if (isVarchar(a) && isVarchar(b)) return true;
  // date to timestamp, timestamp to timestamp with time zone, precisions: Trino coerces within the family.
  if (/^(date|timestamp)/.test(a) && /^(date|timestamp)/.test(b)) return true;
  const scalar = (t: string) => NUMERIC.test(t) || isVarchar(t) || isTime(t) || t === 'boolean' || t === 'json' || t === 'varbinary';
  // Arrays, rows and maps: left to DuckDB.
  return !(scalar(a) && scalar(b));
}

/** The CloudTrail table's columns (AWS's DDL) by path, lower-case: `useridentity.type`, `resources`. */
type Shape = (typeof COLUMNS)[number][1];
function columnType(path: string[]): T {
  let shape: Shape | undefined = COLUMNS.find(([name]) => name === path[0])?.[1];
  if (shape === undefined) return ['timestamp', 'region', 'year', 'month', 'day', 'account'].includes(path[0]!) && path.length === 1 ? 'varchar' : undefined;
  for (const field of path.slice(1)) {
    if (typeof shape !== 'object' || Array.isArray(shape)) return undefined;
    shape = (shape as Record<string, Shape>)[field];
    if (shape === undefined) return undefined;
  }
  return shape === 'varchar' ? 'varchar' : undefined;
}

/** Return types of the functions analysts and the library use (https://trino.io/docs/current/functions/list.html). */
const RETURNS: Record<string, T | ((args: T[]) => T)> = {
  lower: 'varchar', upper: 'varchar', trim: 'varchar', ltrim: 'varchar', rtrim: 'varchar', concat: (a) => (a.every((t) => t && isVarchar(t)) ? 'varchar' : undefined),
  substr: 'varchar', substring: 'varchar', replace: 'varchar', regexp_extract: 'varchar', regexp_replace: 'varchar', split_part: 'varchar',
  json_extract_scalar: 'varchar', json_format: 'varchar', date_format: 'varchar', format_datetime: 'varchar', to_iso8601: 'varchar', array_join: 'varchar',
  strpos: 'bigint', length: 'bigint', cardinality: 'bigint', count: 'bigint', count_if: 'bigint', approx_distinct: 'bigint', date_diff: 'bigint', row_number: 'bigint',
  regexp_like: 'boolean', contains: 'boolean', starts_with: 'boolean',
  to_unixtime: 'double', avg: 'double', rand: 'double', random: 'double',
  json_extract: 'json', json_parse: 'json',
  from_iso8601_timestamp: 'timestamp(3) with time zone', from_unixtime: 'timestamp(3) with time zone', now: 'timestamp(3) with time zone',
  date_parse: 'timestamp(3)', from_iso8601_date: 'date',
  nullif: (a) => a[0], min: (a) => a[0], max: (a) => a[0], arbitrary: (a) => a[0], floor: (a) => a[0], ceil: (a) => a[0], abs: (a) => a[0],
  coalesce: (a) => a.find((t) => t !== undefined), date_trunc: (a) => a[1],
};

/** A Trino type name as a cast writes it, normalized as Trino prints it. */
function typeName(text: string): T {
  const t = text.toLowerCase().replace(/\s+/g, ' ').trim();
  if (t === 'int') return 'integer';
  if (t === 'timestamp') return 'timestamp(3)';
  if (t === 'timestamp with time zone') return 'timestamp(3) with time zone';
  if (/^(varchar|varchar\(\d+\)|bigint|integer|smallint|tinyint|double|real|boolean|date|json|varbinary)$/.test(t)) return t;
  if (/^decimal\(\d+,\d+\)$/.test(t.replace(/ /g, ''))) return t.replace(/ /g, '');
  return undefined;
}

/** A statement Trino's types refuse: Athena's TYPE_MISMATCH text, or undefined. */
class TypeMismatch extends Error {}

const kind = (n: Node | undefined) => n?.constructor.name ?? '';
const where = (n: Node) => {
  const at = n.symbol ?? n.start;
  return `line ${at?.line ?? 1}:${(at?.column ?? 0) + 1}`;
};
const fail = (n: Node, message: string): never => {
  throw new TypeMismatch(`TYPE_MISMATCH: ${where(n)}: ${message}`);
};

/**
 * Checks the statement's expressions with Trino's type rules; `tree` is dt-sql-parser's parse of it,
 * `parameters` the execution parameters' values in order. Returns Athena's failure text for the first
 * mismatch, or undefined.
 */
export function typeErrors(tree: Node, sql: string, parameters: readonly (string | number | boolean | null)[]): string | undefined {
  // Names the statement defines itself (`AS n`, a CTE's name): a column of that name may not be the table's.
  const aliases = new Set([...sql.matchAll(/\bAS\s+"?([A-Za-z_][A-Za-z0-9_]*)"?/gi), ...sql.matchAll(/(?:\bWITH|,)\s*"?([A-Za-z_][A-Za-z0-9_]*)"?\s+AS\s*\(/gi)].map((m) => m[1]!.toLowerCase()));
  const memo = new Map<Node, T>();
  let parameter = 0;
  const parameterAt = new Map<Node, T>();

  const lambdaNames = (n: Node): Set<string> => {
    const names = new Set<string>();
    for (let p = n.parent; p; p = p.parent) {
      if (kind(p) !== 'LambdaContext') continue;
      for (const c of p.children ?? []) if (/IdentifierContext$/.test(kind(c))) names.add(c.getText().toLowerCase());
    }
    return names;
  };

  const booleanOf = (term: Node, what: string) => {
    const t = typeOf(term);
    if (t && t !== 'boolean') fail(term, `${what} must evaluate to a boolean (actual: ${t})`);
  };

  const typeOf = (n: Node | undefined): T => {
    if (!n) return undefined;
    if (memo.has(n)) return memo.get(n);
    const t = compute(n);
    memo.set(n, t);
    return t;
  };

  const kids = (n: Node) => (n.children ?? []).filter((c) => c.children !== undefined);

  function compute(n: Node): T {
    const c = n.children ?? [];
    switch (kind(n)) {
      case 'ExpressionContext':
      case 'ValueExpressionDefaultContext':
      case 'ParenthesizedExpressionContext':
      case 'StringLiteralContext':
      case 'NumericLiteralContext':
        return typeOf(kids(n)[0]);
      case 'BasicStringLiteralContext':
        return `varchar(${[...n.getText().slice(1, -1).replace(/''/g, "'")].length})`;
      case 'IntegerLiteralContext': {
        const v = Number(n.getText());
        return Math.abs(v) <= 2_147_483_647 ? 'integer' : 'bigint';
      }
      case 'DecimalLiteralContext': {
        const [whole = '', fraction = ''] = n.getText().replace(/^[+-]/, '').split('.');
        const digits = (whole.replace(/^0+/, '') + fraction).length || 1;
        return `decimal(${Math.max(digits, fraction.length)},${fraction.length})`;
      }
      case 'DoubleLiteralContext':
        return 'double';
      case 'BooleanLiteralContext':
        return 'boolean';
      case 'NullLiteralContext':
        return undefined;
      case 'ParameterContext':
        return parameterAt.get(n);
      case 'CastContext': {
        typeOf(kids(n)[0]);
        const type = kids(n).find((k) => /Type(Context)?$/.test(kind(k)));
        return type?.start && type.stop ? typeName(sql.slice(type.start.start, type.stop.stop + 1)) : undefined;
      }
      case 'ColumnReferenceContext': {
        const parts = n.getText().split('.').map((p) => p.replace(/^"|"$/g, '').toLowerCase());
        if (lambdaNames(n).has(parts[0]!) || aliases.has(parts.at(-1)!) || aliases.has(parts[0]!)) return undefined;
        // A table-qualified column (`t.eventname`) or a struct's field (`useridentity.type`).
        return columnType(parts) ?? (parts.length > 1 ? columnType(parts.slice(1)) : undefined);
      }
      case 'FunctionCallContext': {
        const name = kids(n).find((k) => kind(k) === 'FunctionNameContext')?.getText().toLowerCase() ?? '';
        const args = kids(n).filter((k) => kind(k) === 'ExpressionContext').map((k) => typeOf(k));
        const r = RETURNS[name];
        return typeof r === 'function' ? r(args) : r;
      }
      case 'PredicatedContext': {
        const value = kids(n)[0];
        const predicate = kids(n)[1];
        const left = typeOf(value);
        if (!predicate) return left;
        return predicateType(predicate, left);
      }
      case 'AndContext':
      case 'OrContext':
        for (const term of kids(n)) booleanOf(term, 'Logical expression term');
        return 'boolean';
      case 'LogicalNotContext':
        booleanOf(kids(n)[0]!, 'Value of logical NOT expression');
        return 'boolean';
      case 'ArithmeticBinaryContext': {
        const [l, r] = kids(n);
        const op = c.find((k) => k.children === undefined)!;
        const a = typeOf(l);
        const b = typeOf(r);
        if (!a || !b || isTime(a) || isTime(b)) return undefined;
        if (!NUMERIC.test(a) || !NUMERIC.test(b)) fail(op, `Cannot apply operator: ${a} ${op.getText()} ${b}`);
        return a === b ? a : [a, b].includes('double') ? 'double' : [a, b].includes('real') ? 'real' : undefined;
      }
      case 'ArithmeticUnaryContext': {
        const a = typeOf(kids(n)[0]);
        if (a && !NUMERIC.test(a) && !isTime(a) && c[0]?.getText() === '-') fail(n, `Cannot negate ${a}`);
        return a;
      }
      case 'SearchedCaseContext':
      case 'SimpleCaseContext':
        for (const k of kids(n)) walk(k);
        return undefined;
      default:
        for (const k of kids(n)) walk(k);
        return undefined;
    }
  }

  /** A predicate (`= x`, `BETWEEN a AND b`, `IN (...)`, `LIKE p`) after a value of type `left`. */
  function predicateType(p: Node, left: T): T {
    const args = kids(p).filter((k) => kind(k) !== 'ComparisonOperatorContext');
    switch (kind(p)) {
      case 'ComparisonContext': {
        const op = kids(p).find((k) => kind(k) === 'ComparisonOperatorContext')!;
        const right = typeOf(args[0]);
        if (!compatible(left, right)) {
          // Trino checks <> as = and > as <, the operands in their order.
          const symbol = ({ '<>': '=', '!=': '=', '>': '<', '>=': '<=' } as Record<string, string>)[op.getText()] ?? op.getText();
          fail(op, `Cannot apply operator: ${left} ${symbol} ${right}`);
        }
        return 'boolean';
      }
      case 'DistinctFromContext': {
        const right = typeOf(args[0]);
        if (!compatible(left, right)) fail(p, `Cannot check if ${left} is distinct from ${right}`);
        return 'boolean';
      }
      case 'BetweenContext': {
        const [lo, hi] = args.map((a) => typeOf(a));
        if (!compatible(left, lo) || !compatible(left, hi) || !compatible(lo, hi)) fail(p, `Cannot check if ${left} is BETWEEN ${lo} and ${hi}`);
        return 'boolean';
      }
      case 'InListContext': {
        // Trino folds the value and the items into one type, naming the type so far at the first item that does not fit.
        let common = left;
        for (const item of args) {
          const t = typeOf(item);
          if (!compatible(common, t)) fail(item, `IN value and list items must be the same type: ${common}`);
          common = common && t && isVarchar(common) && isVarchar(t) ? 'varchar' : common ?? t;
        }
        return 'boolean';
      }
      case 'LikeContext': {
        const value = p.parent ? kids(p.parent)[0]! : p;
        if (left && !isVarchar(left)) fail(value, `Left side of LIKE expression must evaluate to a varchar (actual: ${left})`);
        const pattern = typeOf(args[0]);
        if (pattern && !isVarchar(pattern)) fail(args[0]!, `Pattern for LIKE expression must evaluate to a varchar (actual: ${pattern})`);
        return 'boolean';
      }
      default:
        for (const k of args) walk(k);
        return 'boolean';
    }
  }

  /** Types every expression under `n` (each once), checking as it goes; a WHERE must be boolean. */
  function walk(n: Node): void {
    if (memo.has(n)) return;
    const k = kind(n);
    if (k === 'WhereClauseContext') {
      const predicate = kids(n)[0];
      if (predicate) {
        const t = typeOf(predicate);
        if (t && t !== 'boolean') fail(predicate, `WHERE clause must evaluate to a boolean: actual type ${t}`);
      }
      return;
    }
    if (/(Expression|Predicated|And|Or|LogicalNot|Literal|Cast|FunctionCall|ColumnReference|Arithmetic|Parameter)Context$/.test(k)) {
      typeOf(n);
      // Children of what the typing does not descend into (a CASE, a lambda, a subquery) still get checked.
      for (const c of kids(n)) walk(c);
      return;
    }
    for (const c of kids(n)) walk(c);
  }

  // Parameters take the types of their literals, in the order they stand.
  const visit = (n: Node) => {
    if (kind(n) === 'ParameterContext') {
      const v = parameters[parameter++];
      parameterAt.set(n, typeof v === 'string' ? `varchar(${[...v].length})` : typeof v === 'number' ? (Number.isInteger(v) ? (Math.abs(v) <= 2_147_483_647 ? 'integer' : 'bigint') : 'decimal(38,10)') : typeof v === 'boolean' ? 'boolean' : undefined);
    }
    for (const c of n.children ?? []) visit(c);
  };
  visit(tree);
  try {
    walk(tree);
  } catch (e) {
    if (e instanceof TypeMismatch) return e.message;
    throw e;
  }
  return undefined;
}
