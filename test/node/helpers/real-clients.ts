/**
 * The real AWS clients (the aws cli and boto3), found on this machine and run in a clean
 * environment, shared by the real-client tests.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

/** Prefer Debian's clients (the versions PROTOCOL.md was observed with), else whatever is on PATH. */
function findTool(preferred: string, name: string, check: string[]): string | undefined {
  for (const candidate of [preferred, name]) {
    try {
      execFileSync(candidate, check, { stdio: 'ignore', timeout: 20_000 });
      return candidate;
    } catch {
      // Not installed or not working: try the next one.
    }
  }
  return undefined;
}

export interface RealClients {
  /** The aws cli, if installed. */
  readonly AWS: string | undefined;
  /** A python3 that imports boto3, if installed. */
  readonly PYTHON: string | undefined;
  run(cmd: string, args: string[], extra?: Record<string, string>, timeout?: number): Promise<{ code: number; stdout: string; stderr: string }>;
  /** `run` with `input` on the child's stdin. */
  runWithInput(cmd: string, args: string[], input: string, timeout?: number): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Removes the temporary HOME. */
  cleanup(): void;
}

/**
 * A clean environment: a temp HOME and config files so nothing from this machine leaks in. The
 * clients' default retry budgets (aws cli v2 legacy: 3 attempts; boto3 legacy: 5) are not enough to
 * pace 58 pages against a 2 req/s bucket reliably, so standard mode with 20 attempts is used.
 * `defaults` overrides that for every call (a test that wants the first answer: `AWS_MAX_ATTEMPTS: '1'`).
 */
export function realClients(defaults: Record<string, string> = {}): RealClients {
  const home = mkdtempSync(path.join(tmpdir(), 'ct-real-clients-'));
  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: home,
    AWS_CONFIG_FILE: path.join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: KEY.accessKeyId,
    AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_RETRY_MODE: 'standard',
    AWS_MAX_ATTEMPTS: '20',
    AWS_PAGER: '',
    ...defaults,
    ...extra,
  });
  return {
    AWS: findTool('/usr/bin/aws', 'aws', ['--version']),
    PYTHON: findTool('/usr/bin/python3', 'python3', ['-c', 'import boto3']),
    run: (cmd, args, extra = {}, timeout = 120_000) => new Promise((resolve) => {
      execFile(cmd, args, { env: env(extra), timeout, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    }),
    runWithInput: (cmd, args, input, timeout = 120_000) => new Promise((resolve) => {
      const child = execFile(cmd, args, { env: env(), timeout, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
      child.stdin!.end(input);
    }),
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}

/** The emulator's control API at `baseUrl` (a route such as `instances/default/truth`; GET without a body). */
export function controlApi(baseUrl: () => string) {
  return async function control<T>(route: string, body?: unknown): Promise<T> {
    const res = await fetch(`${baseUrl()}/__control/${route}`, { method: body === undefined ? 'GET' : 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    assert.ok(res.ok, `${route}: ${res.status} ${await res.clone().text()}`);
    return (await res.json()) as T;
  };
}
