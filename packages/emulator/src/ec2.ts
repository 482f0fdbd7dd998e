/**
 * EC2's DescribeRegions on the Query protocol: a form-encoded POST (`Action=DescribeRegions&
 * Version=2016-11-15`), signed for the service `ec2`, answered in XML. A page lists with it the
 * Regions enabled for its account, because EC2 answers browsers (CORS) where the Account API does not.
 *
 * - The operation, its parameters and the Region item (regionName, regionEndpoint, optInStatus):
 *   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeRegions.html and
 *   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Region.html
 * - Without AllRegions only the Regions enabled for the account are listed; with it, the disabled
 *   ones too, as `not-opted-in`.
 * - The error body (`<Response><Errors><Error><Code>…`), and UnauthorizedOperation for an identity
 *   no policy allows the action: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
 *   and https://docs.aws.amazon.com/AWSEC2/latest/APIReference/query-api-troubleshooting.html
 * - CORS from any origin: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/cors-support.html
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from './errors.js';
import { DEFAULT_REGIONS, OPT_IN_REGIONS } from './regions.js';

const EC2_VERSION = '2016-11-15';
const NS = `http://ec2.amazonaws.com/doc/${EC2_VERSION}/`;

/** Whether a request speaks EC2's Query protocol: a form-encoded POST without X-Amz-Target. */
export function isQueryRequest(method: string | undefined, contentType: string | string[] | undefined): boolean {
  const type = (Array.isArray(contentType) ? contentType[0] : contentType)?.split(';')[0]!.trim().toLowerCase();
  return method === 'POST' && type === 'application/x-www-form-urlencoded';
}

/** The form's parameters (the last value of a name repeated wins, as a query string reads). */
export function readForm(body: Buffer): Map<string, string> {
  return new Map(new URLSearchParams(body.toString('utf8')));
}

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** EC2's XML error body; the HTTP status travels beside it. */
export function ec2ErrorXml(code: string, message: string, requestId = randomUUID()): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
}

/**
 * The common authentication errors as EC2 names them (the emulator's verifier speaks the JSON
 * services' names): https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
 */
export function asEc2Error(e: ApiError): ApiError {
  if (e.type === 'UnrecognizedClientException') return new ApiError('AuthFailure', 401, 'AWS was not able to validate the provided access credentials');
  if (e.type === 'InvalidSignatureException') return new ApiError('SignatureDoesNotMatch', 403, e.message);
  if (e.type === 'IncompleteSignatureException' || e.type === 'MissingAuthenticationTokenException') return new ApiError(e.type === 'IncompleteSignatureException' ? 'IncompleteSignature' : 'MissingAuthenticationToken', 400, e.message);
  if (e.type === 'ExpiredTokenException') return new ApiError('RequestExpired', 400, e.message);
  return e;
}

export interface DescribeRegionsContext {
  /** Opt-in Regions enabled for the account. */
  optInRegions: readonly string[];
  /** Why the caller may not, when no policy allows ec2:DescribeRegions (its ARN is named). */
  denied?: string;
}

const enabledStatus = (region: string, ctx: DescribeRegionsContext) =>
  DEFAULT_REGIONS.includes(region) ? 'opt-in-not-required' : ctx.optInRegions.includes(region) ? 'opted-in' : 'not-opted-in';

/** Answers one DescribeRegions form; throws ApiError (EC2's codes) for what EC2 refuses. */
export function describeRegions(form: Map<string, string>, ctx: DescribeRegionsContext): string {
  const action = form.get('Action');
  if (action !== 'DescribeRegions') {
    throw new ApiError('InvalidAction', 400, `The action ${(action ?? '(none)').slice(0, 100)} is not valid for this web service (the emulator implements EC2's DescribeRegions only).`);
  }
  if (form.get('Version') !== EC2_VERSION) throw new ApiError('InvalidParameterValue', 400, `Version must be ${EC2_VERSION} (got ${(form.get('Version') ?? 'none').slice(0, 40)}).`);
  if (ctx.denied) throw new ApiError('UnauthorizedOperation', 403, `You are not authorized to perform this operation. ${ctx.denied}`);
  if (form.get('DryRun') === 'true') throw new ApiError('DryRunOperation', 412, 'Request would have succeeded, but DryRun flag is set.');
  const all = form.get('AllRegions') === 'true';
  const names = [...form].filter(([k]) => /^RegionName\.\d+$/.test(k)).map(([, v]) => v);
  const unknown = names.find((n) => !DEFAULT_REGIONS.includes(n) && !OPT_IN_REGIONS.includes(n));
  if (unknown !== undefined) throw new ApiError('InvalidParameterValue', 400, `Invalid region: ${unknown.slice(0, 60)}`);
  const filters = readFilters(form);
  const regions = [...DEFAULT_REGIONS, ...OPT_IN_REGIONS]
    // RegionName.N names Regions whether enabled or not (the reference says so); else the enabled ones, or all.
    .filter((r) => (names.length ? names.includes(r) : all || enabledStatus(r, ctx) !== 'not-opted-in'))
    .map((r) => ({ regionName: r, regionEndpoint: `ec2.${r}.amazonaws.com`, optInStatus: enabledStatus(r, ctx) }))
    .filter((r) => filters.every(({ name, values }) => values.includes(r[FILTER_FIELDS[name]!])));
  const items = regions.map((r) => `<item><regionName>${r.regionName}</regionName><regionEndpoint>${r.regionEndpoint}</regionEndpoint><optInStatus>${r.optInStatus}</optInStatus></item>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeRegionsResponse xmlns="${NS}"><requestId>${randomUUID()}</requestId><regionInfo>${items}</regionInfo></DescribeRegionsResponse>`;
}

const FILTER_FIELDS: Record<string, 'regionName' | 'regionEndpoint' | 'optInStatus'> = { 'region-name': 'regionName', endpoint: 'regionEndpoint', 'opt-in-status': 'optInStatus' };

/** `Filter.N.Name` with its `Filter.N.Value.M`: the three names the reference lists. */
function readFilters(form: Map<string, string>): { name: string; values: string[] }[] {
  const out = new Map<string, { name: string; values: string[] }>();
  for (const [k, v] of form) {
    const m = /^Filter\.(\d+)\.(Name|Value\.\d+)$/.exec(k);
    if (!m) continue;
    const f = out.get(m[1]!) ?? { name: '', values: [] };
    if (m[2] === 'Name') f.name = v;
    else f.values.push(v);
    out.set(m[1]!, f);
  }
  for (const f of out.values()) {
    if (!(f.name in FILTER_FIELDS)) throw new ApiError('InvalidParameterValue', 400, `The filter '${f.name.slice(0, 60)}' is invalid (DescribeRegions takes endpoint, opt-in-status and region-name).`);
  }
  return [...out.values()];
}
