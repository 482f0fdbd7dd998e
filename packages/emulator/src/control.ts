/**
 * The control API for tests and the demo (unsigned JSON): create and delete instances, inject
 * faults, move an instance's clock, read its request log, and ask for the ground truth.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DataError, resolveDataNames } from './dataset.js';
import { ApiError } from './errors.js';
import { checkAdvance } from './option-checks.js';
import type { Emulator } from './handler.js';
import { MAX_CONTROL_BODY, readBody, send } from './http.js';
import type { FaultConfig, InstanceOptions, LookupParams } from './types.js';

const json = { contentType: 'application/json', cors: 'control' } as const;

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  // A browser sends a cross-origin JSON body only after a preflight, which only allowed origins
  // pass; a text/plain or form body would skip it. Browsers always send Origin on a POST.
  const type = req.headers['content-type']?.split(';')[0]!.trim().toLowerCase();
  if (req.headers.origin !== undefined && type !== 'application/json') throw new ControlError(415, 'the control API takes application/json bodies');
  const text = (await readBody(req, MAX_CONTROL_BODY)).toString('utf8').trim();
  if (!text) return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new ControlError(400, `body is not JSON: ${(e as Error).message}`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new ControlError(400, 'body must be a JSON object');
  return v as Record<string, unknown>;
}

/** Options from HTTP: data names inside the data folder only, and counts within the limits. */
function checkInstanceOptions(emulator: Emulator, body: Record<string, unknown>): InstanceOptions & { id?: string } {
  const opts = { ...body } as InstanceOptions & { id?: string };
  try {
    if (body.events !== undefined) opts.events = resolveDataNames(emulator.dataDir, body.events);
  } catch (e) {
    throw createError(e);
  }
  if (body.records !== undefined && !Array.isArray(body.records)) throw new ControlError(400, 'records must be a list of CloudTrail records');
  const count = (body.generate as { count?: unknown } | undefined)?.count;
  const max = emulator.limits.generateCount;
  if (count !== undefined && !(typeof count === 'number' && count >= 0 && count <= max)) throw new ControlError(400, `generate.count must be a number from 0 to ${max}`);
  const at = (body.generate as { at?: unknown } | undefined)?.at;
  if (at !== undefined && !((typeof at === 'number' || typeof at === 'string') && Number.isFinite(new Date(at).getTime()))) {
    throw new ControlError(400, 'generate.at must be a time: epoch ms or an ISO 8601 string such as "2026-11-20T12:00:00Z"');
  }
  return opts;
}

/** An instance that could not be made, as a ControlError that never carries a filesystem error. */
function createError(e: unknown): ControlError {
  if (e instanceof ControlError) return e;
  const err = e as Error & { code?: unknown; syscall?: unknown; status?: number };
  if (err instanceof DataError) return new ControlError(400, err.message);
  if (err.code !== undefined || err.syscall !== undefined) return new ControlError(400, 'the data could not be loaded');
  if (typeof err.status === 'number') return new ControlError(err.status, err.message);
  return new ControlError(/already exists/.test(err.message) ? 409 : 400, err.message);
}

/** `route` is the path after `__control/`, `url` the full request URL (for the query string). */
export async function handleControl(emulator: Emulator, req: IncomingMessage, res: ServerResponse, route: string, url: string): Promise<void> {
  const method = req.method ?? 'GET';
  const parts = route.split('/').filter(Boolean);
  // Who may call at all (its own origin, loopback pages, --allow-origin) was checked by the handler.
  if (method === 'OPTIONS') {
    send(req, res, 204, undefined, json);
    return;
  }
  try {
    if (parts[0] !== 'instances') throw new ControlError(404, `unknown control route "${route}"; see packages/emulator/README.md`);
    if (parts.length === 1) {
      if (method === 'POST') {
        const body = checkInstanceOptions(emulator, await readJson(req));
        let inst;
        try {
          inst = emulator.createInstance(body, body.events !== undefined);
        } catch (e) {
          throw createError(e);
        }
        send(req, res, 201, inst.describe(), json);
        return;
      }
      if (method === 'GET') {
        send(req, res, 200, { instances: emulator.instanceIds().map((id) => emulator.instance(id)!.describe()) }, json);
        return;
      }
      throw new ControlError(405, `${method} not allowed on instances`);
    }
    const id = parts[1]!;
    if (parts.length === 2 && method === 'DELETE') {
      if (!emulator.deleteInstance(id)) throw new ControlError(404, `no instance "${id}"`);
      send(req, res, 200, { deleted: id }, json);
      return;
    }
    const inst = emulator.instance(id);
    if (!inst) throw new ControlError(404, `no instance "${id}"`);
    const action = parts[2] ?? 'info';
    const want = (m: string) => {
      if (method !== m) throw new ControlError(405, `use ${m} for ${action}`);
    };
    switch (action) {
      case 'info':
        want('GET');
        send(req, res, 200, inst.info(), json);
        return;
      case 'log': {
        want('GET');
        const since = Number(new URL(url, 'http://x').searchParams.get('since') ?? 0);
        send(req, res, 200, { entries: inst.logEntries(Number.isFinite(since) ? since : 0) }, json);
        return;
      }
      case 'faults': {
        want('POST');
        inst.setFaults((await readJson(req)) as FaultConfig);
        send(req, res, 200, { faults: inst.faultConfig }, json);
        return;
      }
      case 'clock': {
        want('POST');
        const body = await readJson(req);
        const problem = checkAdvance(inst.clockOffsetSeconds, body.advanceSeconds);
        if (problem) throw new ControlError(400, problem);
        const now = inst.advance(body.advanceSeconds as number);
        send(req, res, 200, { now: new Date(now).toISOString(), nowEpochSeconds: Math.floor(now / 1000) }, json);
        return;
      }
      case 'events': {
        want('POST');
        const { records } = await readJson(req);
        if (!Array.isArray(records)) throw new ControlError(400, 'records must be a list of CloudTrail records');
        send(req, res, 200, { ...inst.addRecords(records), eventCount: inst.describe().eventCount }, json);
        return;
      }
      case 'truth': {
        want('POST');
        send(req, res, 200, { Events: inst.truth((await readJson(req)) as LookupParams) }, json);
        return;
      }
      default:
        throw new ControlError(404, `unknown action "${action}"; use info, log, faults, clock, events or truth`);
    }
  } catch (e) {
    if (e instanceof ControlError) send(req, res, e.status, { error: 'ControlError', message: e.message }, json);
    else if (e instanceof ApiError) send(req, res, e.status, { error: e.type, message: e.message }, json);
    else send(req, res, 500, { error: 'ControlError', message: 'the control request failed' }, json);
  }
}
