/**
 * The control API for tests and the demo (unsigned JSON): create and delete instances, inject
 * faults, move an instance's clock, read its request log, and ask for the ground truth.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './errors.js';
import type { Emulator } from './handler.js';
import { MAX_CONTROL_BODY, readBody, send } from './http.js';
import type { FaultConfig, InstanceOptions, LookupParams } from './types.js';

const json = { contentType: 'application/json' };

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
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

/** `route` is the path after `__control/`, `url` the full request URL (for the query string). */
export async function handleControl(emulator: Emulator, req: IncomingMessage, res: ServerResponse, route: string, url: string): Promise<void> {
  const method = req.method ?? 'GET';
  const parts = route.split('/').filter(Boolean);
  try {
    if (parts[0] !== 'instances') throw new ControlError(404, `unknown control route "${route}"; see src/emulator/README.md`);
    if (parts.length === 1) {
      if (method === 'POST') {
        const body = (await readJson(req)) as InstanceOptions & { id?: string };
        let inst;
        try {
          inst = emulator.createInstance(body);
        } catch (e) {
          throw new ControlError(/already exists/.test((e as Error).message) ? 409 : 400, (e as Error).message);
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
        const s = body.advanceSeconds;
        if (typeof s !== 'number' || !Number.isFinite(s) || s < 0) throw new ControlError(400, 'advanceSeconds must be a non-negative number');
        const now = inst.advance(s);
        send(req, res, 200, { now: new Date(now).toISOString(), nowEpochSeconds: Math.floor(now / 1000) }, json);
        return;
      }
      case 'truth': {
        want('POST');
        send(req, res, 200, { Events: inst.truth((await readJson(req)) as LookupParams) }, json);
        return;
      }
      default:
        throw new ControlError(404, `unknown action "${action}"; use info, log, faults, clock or truth`);
    }
  } catch (e) {
    if (e instanceof ControlError) send(req, res, e.status, { error: 'ControlError', message: e.message }, json);
    else if (e instanceof ApiError) send(req, res, e.status, { error: e.type, message: e.message }, json);
    else throw e;
  }
}
