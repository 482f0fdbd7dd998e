/**
 * Event history of several Regions as in-memory page sources with scripted faults, for node tests
 * of the merge, export and follow logic on an injected clock (the Chromium tests go through the
 * emulator over HTTP; these prove the logic at every interleaving a script can name, with no
 * timing in play). Each Region pages its events newest first, 50 a page, sometimes short or empty
 * with a NextToken (as the service does), and answers a failure when its script says so: the
 * errors carry the SDK's shapes, so the library maps them as it maps the service's.
 */
import { mulberry32 } from '../../../packages/emulator/src/prng.js';
import { CtEvent } from '../../../src/lookup/events.js';
import type { Page, PageRequest, PageSource } from '../../../src/lookup/page-source.js';

export type Fault = 'throttle' | '500' | 'drop' | 'deny' | 'expired';

/** What a Region answers to call `n` (1-based): a fault, or undefined to answer the page. */
export type Script = (n: number) => Fault | undefined;

/** Faults drawn at the given rates, from a seed. */
export function randomFaults(seed: number, rates: Partial<Record<Fault, number>>): Script {
  const draw = mulberry32(seed);
  return () => {
    let r = draw();
    for (const [fault, rate] of Object.entries(rates) as [Fault, number][]) {
      if (r < rate) return fault;
      r -= rate;
    }
    return undefined;
  };
}

function failure(fault: Fault, region: string): unknown {
  const meta = (status: number) => ({ httpStatusCode: status, requestId: `req-${region}` });
  switch (fault) {
    case 'throttle': return Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client', $metadata: meta(400) });
    case '500': return Object.assign(new Error('We encountered an internal error.'), { name: 'InternalFailure', $fault: 'server', $metadata: meta(500) });
    case 'deny': return Object.assign(new Error(`not authorized in ${region}`), { name: 'AccessDeniedException', $fault: 'client', $metadata: meta(400) });
    case 'expired': return Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredTokenException', $fault: 'client', $metadata: meta(400) });
    case 'drop': return new TypeError('Failed to fetch');
  }
}

let serial = 0;

/** One Region's events: `add` makes some (newest first), at the times given. */
export class ScriptedRegion implements PageSource {
  readonly endpoint: string;
  /** Newest first. */
  events: CtEvent[] = [];
  calls = 0;
  /** Calls answered with a page. */
  pages = 0;
  script: Script = () => undefined;
  readonly #short = mulberry32(7);

  constructor(readonly region: string) {
    this.endpoint = `https://cloudtrail.${region}.amazonaws.com`;
  }

  /** Adds one event per time (epoch ms), keeping the list newest first. */
  add(times: readonly number[]): this {
    for (const t of times) {
      const id = `${this.region}-${++serial}`;
      const record = { eventID: id, eventTime: new Date(t).toISOString(), eventName: 'DescribeInstances', awsRegion: this.region };
      this.events.push(new CtEvent({ EventId: id, EventName: 'DescribeInstances', EventTime: new Date(t), CloudTrailEvent: JSON.stringify(record) }));
    }
    this.events.sort((a, b) => b.EventTime!.getTime() - a.EventTime!.getTime());
    return this;
  }

  async fetchPage({ input, signal, onSent }: PageRequest): Promise<Page> {
    await Promise.resolve();
    if (signal.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    onSent?.();
    const fault = this.script(++this.calls);
    if (fault) throw failure(fault, this.region);
    this.pages++;
    const start = (input.StartTime as Date).getTime();
    const end = (input.EndTime as Date).getTime();
    const inRange = this.events.filter((e) => e.EventTime!.getTime() >= start && e.EventTime!.getTime() <= end);
    const offset = input.NextToken ? Number(input.NextToken.split(':')[1]) : 0;
    // Sometimes a short page (a few events or none) that still carries a NextToken.
    const draw = this.#short();
    const size = draw < 0.1 ? 0 : draw < 0.25 ? 7 : input.MaxResults ?? 50;
    const events = inRange.slice(offset, offset + size);
    const next = offset + size;
    // Each token is new (the service never hands the same one twice), even for an empty page.
    return { events, nextToken: next < inRange.length ? `${this.region}:${next}:${this.calls}` : undefined };
  }

  /** Times the caller held this Region's budget after a throttle (what the budget meter counts). */
  backOffs = 0;

  invalidateCredentials(): void {}
  backOff(): void {
    this.backOffs++;
  }
  nextSlotIn(): number {
    return 0;
  }
  dispose(): void {}
}

/** Every event of `regions` in [start, end], as a merge must show them: newest first, ties in Region order. */
export function truthOf(regions: readonly ScriptedRegion[], start: number, end: number): string[] {
  const all = regions.flatMap((r, i) => r.events.filter((e) => e.EventTime!.getTime() >= start && e.EventTime!.getTime() <= end).map((e, k) => ({ e, i, k })));
  all.sort((a, b) => b.e.EventTime!.getTime() - a.e.EventTime!.getTime() || a.i - b.i || a.k - b.k);
  return all.map((x) => x.e.EventId!);
}
