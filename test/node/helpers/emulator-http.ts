/**
 * Raw HTTP to a standalone emulator on 127.0.0.1, shared by the fidelity and safety tests: the
 * control API (JSON), signed and unsigned AWS JSON 1.1 requests, and an SDK client per instance.
 */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import assert from 'node:assert/strict';
import { signRequest, type EmulatorServer, type InstanceOptions } from 'cloudtrail-elements-emulator';
import { atFixedClock } from '../../browser/helpers/generated-clock.js';

export const KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
export const REGION = 'us-east-1';
export const POOL = 'us-east-1:00000000-0000-0000-0000-000000000000';
export const JSON_11 = 'application/x-amz-json-1.1';

export interface Inst {
  id: string;
  endpoint: string;
  eventCount: number;
  insightCount: number;
  accountId: string;
}

export interface Http {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

export async function http(url: string, init: RequestInit = {}): Promise<Http> {
  const res = await fetch(url, init);
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    json = { text };
  }
  return { status: res.status, headers: res.headers, json };
}

/** A control API call as the tests make it: JSON body, no Origin (a command-line client). */
export async function control<T = Record<string, unknown>>(server: EmulatorServer, route: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<T> {
  const res = await http(`${server.url}/__control/${route}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  assert.ok(res.status >= 200 && res.status < 300, `control ${route}: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json as T;
}

/** A fresh instance, throttling off unless asked for; generated data at the tests' fixed time (generated-clock.ts). */
export function instance(server: EmulatorServer, options: InstanceOptions & { id?: string }): Promise<Inst> {
  return control<Inst>(server, 'instances', atFixedClock({ throttle: false, ...options }));
}

export const endpointOf = (server: EmulatorServer, inst: Inst) => `${new URL(server.url).origin}${inst.endpoint}`;

export function sdk(server: EmulatorServer, inst: Inst, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = KEY): CloudTrailClient {
  return new CloudTrailClient({ endpoint: endpointOf(server, inst), region: REGION, credentials: { ...credentials }, maxAttempts: 1 });
}

/** An AWS JSON 1.1 POST, signed with the static key unless `sign` is false. */
export function aws(server: EmulatorServer, inst: Inst, body: string, opts: { target?: string; sign?: boolean; headers?: Record<string, string>; date?: Date; sessionToken?: string } = {}): Promise<Http> {
  const url = `${endpointOf(server, inst)}/`;
  let headers: Record<string, string> = { 'content-type': JSON_11, 'x-amz-target': opts.target ?? 'CloudTrail_20131101.LookupEvents', host: new URL(url).host, ...opts.headers };
  if (opts.sign !== false) headers = signRequest({ method: 'POST', url: new URL(url).pathname, headers, body, ...KEY, sessionToken: opts.sessionToken, region: REGION, date: opts.date });
  return http(url, { method: 'POST', headers, body });
}

export const cognito = (server: EmulatorServer, inst: Inst, op: string, body: unknown) =>
  aws(server, inst, JSON.stringify(body), { target: `AWSCognitoIdentityService.${op}`, sign: false });

/** A minimal management record. */
export function record(id: string, time: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: 'arn:aws:iam::123456789012:user/alice', accountId: '123456789012', accessKeyId: 'AKIAEXAMPLE', userName: 'alice' },
    eventTime: time,
    eventSource: 'iam.amazonaws.com',
    eventName: 'ListUsers',
    awsRegion: 'us-east-1',
    eventID: id,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '123456789012',
    eventCategory: 'Management',
    ...extra,
  };
}
