/**
 * The HTTP face of the emulator: routing under `basePath`, CORS on every response, AWS JSON 1.1
 * framing, and a middleware usable from connect (vite) and Koa (@web/test-runner) alike.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleControl } from './control.js';
import { readBody, send } from './http.js';
import { normalizeOrigins, originAllowed, refusedOriginMessage } from './origins.js';
import { Instance } from './instance.js';
import { isQueryRequest } from './ec2.js';
import type { EmulatorLimits, EmulatorOptions, InstanceOptions } from './types.js';

const DEFAULT_LIMITS: Required<EmulatorLimits> = { instances: 200, generateCount: 200_000, totalEvents: 2_000_000, logEntries: 10_000, logBytes: 8 * 1024 * 1024 };

/** A limit reached: the control API answers 429 with this message. */
class LimitError extends Error {
  readonly status = 429;
}

const INSTANCE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface Emulator {
  readonly basePath: string;
  /** The folder the control API loads `events` from (absolute), if one was fixed at start. */
  readonly dataDir?: string;
  readonly limits: Required<EmulatorLimits>;
  /** Browser origins answered besides loopback pages and the emulator's own (`allowOrigins`, `--allow-origin`). */
  readonly allowOrigins: readonly string[];
  /** Answer the request if it is ours; false means "not my route" (call the next handler). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Connect-style `(req, res, next)` and Koa-style `(ctx, next)` in one function. */
  middleware(): (a: unknown, b?: unknown, c?: unknown) => Promise<void>;
  /** The default instance (created on first use). */
  defaultInstance(): Instance;
  instance(id: string): Instance | undefined;
  /** Ids of the instances that exist (the default one only once used). */
  instanceIds(): string[];
  /** `fromDataDir`: `events` are names inside `dataDir` (as the control API sends them), confined to it. */
  createInstance(options: InstanceOptions & { id?: string }, fromDataDir?: boolean): Instance;
  deleteInstance(id: string): boolean;
  close(): void;
}

function normalizeBase(base: string | undefined): string {
  const b = `/${(base ?? '/').replace(/^\/+|\/+$/g, '')}`;
  return b === '/' ? '' : b;
}

export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const base = normalizeBase(options.basePath);
  const { basePath: _ignored, dataDir, limits: limitOptions, allowOrigins: originOptions, ...defaultOptions } = options;
  const allowOrigins = normalizeOrigins(originOptions);
  const limits = { ...DEFAULT_LIMITS, ...limitOptions };
  const logLimits = { entries: limits.logEntries, bytes: limits.logBytes };
  const instances = new Map<string, Instance>();
  const heldEvents = () => [...instances.values()].reduce((n, i) => n + i.store.management.length + i.store.insights.length, 0);

  const emulator: Emulator = {
    basePath: base || '/',
    dataDir: dataDir === undefined ? undefined : resolve(dataDir),
    limits,
    allowOrigins,
    defaultInstance() {
      let inst = instances.get('default');
      if (!inst) {
        inst = new Instance('default', defaultOptions, base || '/', logLimits);
        instances.set('default', inst);
      }
      return inst;
    },
    instance(id) {
      return id === 'default' ? emulator.defaultInstance() : instances.get(id);
    },
    createInstance(opts, fromDataDir = false) {
      const id = opts.id ?? `i${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      if (!INSTANCE_ID.test(id)) throw new Error(`instance id must match ${INSTANCE_ID}`);
      if (instances.has(id)) throw new Error(`instance "${id}" already exists`);
      if (instances.size >= limits.instances) throw new LimitError(`at most ${limits.instances} instances may exist at once: delete some first`);
      const { id: _id, ...rest } = opts;
      const inst = new Instance(id, rest, `${base}/i/${id}`, logLimits, fromDataDir ? emulator.dataDir : undefined);
      const held = heldEvents() + inst.store.management.length + inst.store.insights.length;
      if (held > limits.totalEvents) throw new LimitError(`instances may hold ${limits.totalEvents} events together; this one would make ${held}: delete some first`);
      instances.set(id, inst);
      return inst;
    },
    instanceIds() {
      return [...instances.keys()];
    },
    deleteInstance(id) {
      return instances.delete(id);
    },
    close() {
      instances.clear();
    },
    async handle(req, res) {
      const url = req.url ?? '/';
      const path = url.split('?')[0]!;
      if (base && path !== base && !path.startsWith(`${base}/`)) return false;
      const rest = path.slice(base.length).replace(/^\/+/, '');
      const target = req.headers['x-amz-target'];
      const targetStr = Array.isArray(target) ? target[0] : target;
      const query = targetStr === undefined && isQueryRequest(req.method, req.headers['content-type']);
      const ours = base !== '' || targetStr !== undefined || query || req.method === 'OPTIONS' || rest.startsWith('__control/') || rest.startsWith('i/');
      if (!ours) return false;
      const control = rest === '__control' || rest.startsWith('__control/');
      if (!originAllowed(req, allowOrigins)) {
        // No CORS headers, preflight included: the page cannot read even this refusal.
        const message = refusedOriginMessage(String(req.headers.origin));
        if (control) send(req, res, 403, { error: 'ControlError', message }, { contentType: 'application/json', cors: false });
        else send(req, res, 403, { __type: 'AccessDeniedException', message }, { errorType: 'AccessDeniedException', cors: false });
        return true;
      }
      if (req.method === 'OPTIONS' && !control) {
        const id = rest.startsWith('i/') ? rest.split('/')[1] : undefined;
        if (id && instances.get(id)?.closesConnections) res.setHeader('Connection', 'close');
        send(req, res, 204, undefined);
        return true;
      }
      try {
        if (control) {
          // The control API is for tests, which also inject dropped connections: keep its sockets
          // out of the browser's pool so a dropped request never rides on one of them.
          res.setHeader('Connection', 'close');
          await handleControl(emulator, req, res, rest.slice('__control'.length).replace(/^\/+/, ''), url);
          return true;
        }
        let inst: Instance | undefined;
        if (rest.startsWith('i/') || rest === 'i') {
          const id = rest.split('/')[1] ?? '';
          inst = emulator.instance(id);
          if (!inst) {
            send(req, res, 404, { __type: 'ResourceNotFoundException', message: `No emulator instance "${id}" (create one with POST ${base}/__control/instances)` }, { errorType: 'ResourceNotFoundException' });
            return true;
          }
        }
        if (query) {
          // The Query protocol (a form POST answered in XML), as STS and EC2 speak it; one endpoint
          // here serves both, told apart by the Action (AWS's are separate hosts).
          inst ??= emulator.defaultInstance();
          const body = await readBody(req);
          const request = { method: 'POST', url, rawHeaders: req.rawHeaders, headers: req.headers, body };
          if (new URLSearchParams(body.toString('utf8')).get('Action') === 'DescribeRegions') {
            // EC2's DescribeRegions (ec2.ts).
            const answer = inst.handleEc2(request);
            send(req, res, answer.status, answer.body, { contentType: 'text/xml;charset=UTF-8', raw: true });
          } else {
            // STS (sts.ts): AssumeRole, AssumeRoleWithWebIdentity.
            const requestId = randomUUID();
            const result = inst.handleQuery(request, requestId);
            if (!result.drop) send(req, res, result.status, result.body, { errorType: result.errorType, contentType: result.contentType, requestId });
          }
          return true;
        }
        if (!targetStr) {
          if (req.method === 'GET' && !inst) {
            send(req, res, 200, { service: 'cloudtrail-elements emulator', basePath: base || '/', routes: ['POST <base>/ (X-Amz-Target)', 'POST <base>/i/<id>/', '<base>/__control/...'] }, { contentType: 'application/json' });
          } else {
            send(req, res, 400, { __type: 'UnknownOperationException', message: 'Missing X-Amz-Target header: POST an AWS JSON 1.1 request (CloudTrail_20131101.LookupEvents or AWSCognitoIdentityService.*), or a form-encoded STS Query request (Action=AssumeRole)' }, { errorType: 'UnknownOperationException' });
          }
          return true;
        }
        if (req.method !== 'POST') {
          send(req, res, 405, { __type: 'UnknownOperationException', message: `AWS JSON 1.1 requests use POST; got ${req.method}` }, { errorType: 'UnknownOperationException' });
          return true;
        }
        inst ??= emulator.defaultInstance();
        if (inst.closesConnections) res.setHeader('Connection', 'close');
        const body = await readBody(req);
        const result = await inst.handleAws({ method: req.method, url, rawHeaders: req.rawHeaders, headers: req.headers, body }, targetStr);
        if (result.drop) {
          req.socket.destroy();
          return true;
        }
        send(req, res, result.status, result.body, { errorType: result.errorType });
      } catch (e) {
        // Never echo an internal error's text: it may name files or quote what they hold.
        send(req, res, 500, { __type: 'InternalFailure', message: 'The request processing has failed because of an unknown error, exception or failure.' }, { errorType: 'InternalFailure' });
      }
      return true;
    },
    middleware() {
      return async (a, b, c) => {
        const ctx = a as { req?: IncomingMessage; res?: ServerResponse; respond?: boolean };
        if (typeof b === 'function' && ctx.req && ctx.res) {
          // Koa: (ctx, next). Tell Koa we wrote the response ourselves.
          if (await emulator.handle(ctx.req, ctx.res)) ctx.respond = false;
          else await (b as () => Promise<void>)();
          return;
        }
        const next = c as ((err?: unknown) => void) | undefined;
        try {
          if (!(await emulator.handle(a as IncomingMessage, b as ServerResponse))) next?.();
        } catch (e) {
          next?.(e);
        }
      };
    },
  };
  return emulator;
}
