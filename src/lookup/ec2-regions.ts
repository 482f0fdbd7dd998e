/**
 * The Regions enabled for the account, from EC2's DescribeRegions: one signed Query-protocol call
 * (a form POST, answered in XML). EC2 answers browsers (CORS) where the Account API does not
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/cors-support.html). Loaded with import()
 * only when the host names no Regions; signed by sign-form.ts (the EC2 client is large).
 */
import { signForm, xmlText as text } from './sign-form.js';
import type { AwsCredentials } from './wire.js';
import { awsEndpoint } from './endpoints.js';

export interface DescribeRegionsOptions {
  /** The Region to ask (its EC2 endpoint, and the signing scope). */
  region: string;
  /** EC2 endpoint URL (the emulator, a proxy); unset means AWS's EC2 endpoint of `region`. */
  endpoint?: string;
  credentials: () => Promise<AwsCredentials>;
  signal?: AbortSignal;
}

/** What EC2 refused, with its code (`UnauthorizedOperation`, `AuthFailure`, ...). */
class Ec2Error extends Error {
  constructor(readonly code: string, message: string, readonly status: number) {
    super(message);
    this.name = code;
  }
}


/**
 * The names of the Regions enabled for the account (those EC2 lists without AllRegions: opted in,
 * or needing no opt-in), in EC2's order. Throws {@link Ec2Error} when EC2 refuses, and the
 * network's error when it cannot be reached.
 */
async function describeEnabledRegions(options: DescribeRegionsOptions): Promise<string[]> {
  const url = new URL(options.endpoint ?? `${awsEndpoint('ec2', options.region)}/`);
  const body = 'Action=DescribeRegions&Version=2016-11-15';
  const headers = await signForm(url, body, { region: options.region, service: 'ec2', credentials: await options.credentials() });
  const res = await fetch(url, { method: 'POST', headers, body, signal: options.signal });
  const xml = await res.text();
  if (!res.ok) {
    const code = text(xml, 'Code');
    if (code === undefined) throw new Error(`the EC2 endpoint answered HTTP ${res.status} without an EC2 error`);
    throw new Ec2Error(code, text(xml, 'Message') ?? '', res.status);
  }
  const names = [...xml.matchAll(/<item>([\s\S]*?)<\/item>/g)]
    .filter(([, item]) => text(item, 'optInStatus') !== 'not-opted-in')
    .map(([, item]) => text(item, 'regionName'))
    .filter((n): n is string => n !== undefined && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(n));
  if (!names.length) throw new Ec2Error('NoRegions', 'EC2 listed no Regions.', res.status);
  return names;
}

/**
 * The Regions enabled for the account, or why they could not be listed (the chooser says so and
 * offers the Regions every account has): a refusal names the permission to grant; else EC2's code
 * and first sentence, or the network's error.
 */
export function listEnabledRegions(options: DescribeRegionsOptions): Promise<{ regions?: readonly string[]; note?: string }> {
  return describeEnabledRegions(options).then((regions) => ({ regions }), (err: Error & { code?: string }) => {
    const first = err.message.split(/(?<=\.)\s/)[0]!.slice(0, 160);
    const why = err.code === 'UnauthorizedOperation' || err.code === 'AccessDenied' ? `EC2 answered ${err.code}: the identity needs ec2:DescribeRegions`
      : err.code ? `EC2 answered ${err.code}: ${first}` : first;
    return { note: `The Regions enabled for this account could not be listed (${why}); the Regions every account has are offered.` };
  });
}
