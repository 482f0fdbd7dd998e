/**
 * The IAM the README and the CloudFormation template ask for is exactly what the library needs:
 * every action they grant is one the code calls, or one Athena performs with the caller's
 * credentials while it runs the library's queries; every call the code signs is granted; the
 * narrowing the setup promises is there (S3 listing by prefix, KMS only through S3, the role
 * trusted by one identity pool's signed-in identities). And the template passes cfn-lint.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../../scripts/manifest.js';

const TEMPLATE = join(ROOT, 'docs', 'aws', 'cloudtrail-elements.template.json');
/** The role each further account gets (several accounts). */
const ACCOUNT_TEMPLATE = join(ROOT, 'docs', 'aws', 'cloudtrail-elements-account.template.json');

interface Statement { Effect: string; Action: string | string[]; Resource?: unknown; Principal?: unknown; Condition?: Record<string, Record<string, unknown>> }
interface Policy { where: string; trust: boolean; statements: Statement[] }

const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

/** The IAM actions behind the AWS SDK commands the library imports (its sdk modules), by client package. */
function codeActions(): string[] {
  const prefixes: Record<string, string> = { '@aws-sdk/client-cloudtrail': 'cloudtrail', '@aws-sdk/client-athena': 'athena' };
  const actions: string[] = [];
  for (const file of ['src/lookup/sdk.ts', 'src/lookup/athena/sdk.ts']) {
    for (const m of readFileSync(join(ROOT, file), 'utf8').matchAll(/export \{([^}]*)\} from '([^']+)'/g)) {
      const prefix = prefixes[m[2]];
      if (!prefix) continue;
      for (const name of m[1].split(',').map((n) => n.trim())) {
        const command = /^(\w+)Command$/.exec(name);
        if (command) actions.push(`${prefix}:${command[1]}`);
      }
    }
  }
  // STS's Query calls are written out in sts.ts: the ones signed with SigV4 need a permission.
  const sts = readFileSync(join(ROOT, 'src/lookup/sts.ts'), 'utf8');
  for (const m of sts.matchAll(/export async function (\w+)\([^)]*\)[^{]*\{([\s\S]*?)\n\}/g)) {
    const action = /Action: '(\w+)'/.exec(m[2])?.[1];
    if (action && m[2].includes('signForm(')) actions.push(`sts:${action}`);
  }
  // Query-protocol calls the library signs itself (EC2's DescribeRegions): the service it signs for and the Action.
  const query = readFileSync(join(ROOT, 'src/lookup/ec2-regions.ts'), 'utf8');
  const service = /service: '(\w+)'/.exec(query)?.[1];
  for (const m of query.matchAll(/'Action=(\w+)&/g)) actions.push(`${service}:${m[1]}`);
  return actions.sort();
}

/**
 * What Athena does with the caller's credentials while it runs a query over a Glue table of S3
 * objects and writes the results to S3 (AWS's Athena guide, "Access to Amazon S3" and "Fine-grained
 * access to databases and tables in the AWS Glue Data Catalog"; KMS: "Permissions to encrypted data
 * in Amazon S3"). No glue:GetPartitions: the README's table projects its partitions.
 */
const ATHENA_ON_CALLERS_BEHALF = [
  'glue:GetDatabase', 'glue:GetTable',
  's3:GetBucketLocation', 's3:ListBucket', 's3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload',
  'kms:Decrypt',
];

function readmePolicies(): Policy[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/```json\n([\s\S]*?)```/g)]
    .filter((m) => m[1].includes('"Statement"'))
    .map((m, i) => {
      const doc = JSON.parse(m[1]) as { Statement: Statement[] };
      return { where: `README policy ${i + 1}`, trust: doc.Statement.some((s) => s.Principal), statements: doc.Statement };
    });
}

function templatePolicies(): Policy[] {
  return [...templateFile(TEMPLATE, 'template'), ...templateFile(ACCOUNT_TEMPLATE, 'account template')];
}

function templateFile(file: string, label: string): Policy[] {
  const template = JSON.parse(readFileSync(file, 'utf8')) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
  const policies: Policy[] = [];
  // A statement under Fn::If counts with its true branch (the other is AWS::NoValue).
  const statements = (doc: { Statement: unknown[] }) => doc.Statement.map((s) => ((s as { 'Fn::If'?: [string, Statement, unknown] })['Fn::If']?.[1] ?? s) as Statement);
  for (const [name, r] of Object.entries(template.Resources)) {
    if (r.Type !== 'AWS::IAM::Role') continue;
    policies.push({ where: `${label} ${name} trust`, trust: true, statements: statements(r.Properties.AssumeRolePolicyDocument as { Statement: unknown[] }) });
    for (const p of (r.Properties.Policies ?? []) as { PolicyName: string; PolicyDocument: { Statement: unknown[] } }[]) {
      policies.push({ where: `${label} ${name} ${p.PolicyName}`, trust: false, statements: statements(p.PolicyDocument) });
    }
  }
  return policies;
}

for (const [source, policies] of [['README', readmePolicies], ['template', templatePolicies]] as const) {
  test(`every action the ${source} grants is one the code calls or Athena performs for it, and every call the code signs is granted`, () => {
    const all = policies();
    assert.ok(all.length >= 3, `${source}: the policies were found (${all.length})`);
    const code = codeActions();
    assert.deepEqual(code, ['athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:GetTableMetadata', 'athena:StartQueryExecution', 'athena:StopQueryExecution', 'cloudtrail:LookupEvents', 'ec2:DescribeRegions', 'sts:AssumeRole'], 'the calls the code signs (Cognito\'s calls and AssumeRoleWithWebIdentity are unsigned and need no permission)');
    const granted = new Set<string>();
    for (const { where, trust, statements } of all) {
      for (const s of statements) {
        assert.equal(s.Effect, 'Allow', `${where}: only Allow statements`);
        for (const action of list(s.Action)) {
          assert.ok(!action.includes('*'), `${where}: ${action} names one action, no wildcard`);
          const allowed = trust ? ['sts:AssumeRoleWithWebIdentity', 'sts:AssumeRole'] : [...code, ...ATHENA_ON_CALLERS_BEHALF];
          assert.ok(allowed.includes(action), `${where}: ${action} is needed by the library (or, in a trust policy, by Cognito or the readers' role)`);
          if (!trust) granted.add(action);
        }
      }
    }
    for (const action of code) assert.ok(granted.has(action), `${source} grants ${action}, which the code calls`);
  });

  test(`the ${source}'s policies are narrowed as promised`, () => {
    for (const { where, trust, statements } of policies()) {
      for (const s of statements) {
        const actions = list(s.Action);
        if (trust && actions.includes('sts:AssumeRole')) {
          // Another account's role trusts one role (the readers'), never a whole account or everyone.
          const principal = (s.Principal as { AWS?: unknown } | undefined)?.AWS;
          assert.ok(typeof principal === 'object' || /^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(String(principal)), `${where}: trusts one role, not ${JSON.stringify(principal)}`);
        } else if (trust) {
          assert.deepEqual(s.Principal, { Federated: 'cognito-identity.amazonaws.com' }, `${where}: trusts Cognito Identity`);
          assert.ok(s.Condition?.StringEquals?.['cognito-identity.amazonaws.com:aud'], `${where}: only one identity pool's identities`);
          assert.equal(s.Condition?.['ForAnyValue:StringLike']?.['cognito-identity.amazonaws.com:amr'], 'authenticated', `${where}: signed-in identities only`);
        }
        if (actions.includes('s3:ListBucket')) assert.ok(s.Condition?.StringLike?.['s3:prefix'], `${where}: s3:ListBucket is limited to a prefix`);
        if (actions.includes('kms:Decrypt')) assert.match(String(JSON.stringify(s.Condition?.StringEquals?.['kms:ViaService'])), /s3\./, `${where}: kms:Decrypt only for requests through S3`);
        if (actions.includes('cloudtrail:LookupEvents')) assert.equal(s.Resource, '*', `${where}: LookupEvents has no resource-level permissions`);
        if (!trust && actions.includes('sts:AssumeRole')) {
          const roles = [s.Resource].flat();
          assert.ok(roles.every((r) => typeof r === 'object' || /^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(String(r))), `${where}: sts:AssumeRole names the accounts' roles, not ${JSON.stringify(s.Resource)}`);
        }
      }
    }
  });
}

test('cfn-lint passes on the CloudFormation templates', { timeout: 120_000 }, async (t) => {
  const run = await new Promise<{ code: number | string | null; out: string } | undefined>((resolve) => {
    execFile('cfn-lint', ['--format', 'parseable', TEMPLATE, ACCOUNT_TEMPLATE], { timeout: 110_000 }, (err, stdout, stderr) => {
      if ((err as NodeJS.ErrnoException | null)?.code === 'ENOENT') return resolve(undefined);
      resolve({ code: (err as { code?: number } | null)?.code ?? 0, out: `${stdout}${stderr}` });
    });
  });
  if (!run) {
    // cfn-lint is a Python tool (pip install cfn-lint); the npm registry has no maintained port.
    t.skip('cfn-lint is not installed on this machine');
    return;
  }
  assert.equal(run.code, 0, `cfn-lint found problems (errors and warnings alike):\n${run.out}`);
});
