/**
 * A corpus of hostile CloudTrail records: markup and script in every string field,
 * `javascript:` URLs, a 1 MB record, 500 levels of nesting (and 20,000, handed over directly),
 * bidirectional and zero-width characters and spoofs built from them, missing fields. Every payload
 * that could run sets `window.__ctPwned`, so a test can
 * tell "rendered as text" from "ran". Plus helpers that scan a subtree, shadow roots included, for
 * anything a payload could have injected.
 */
import { record } from './records.js';

/** Payloads that would run, or inject an element or handler, if rendered as HTML or as a template. */
export const PAYLOADS = [
  '<img src=x onerror="window.__ctPwned=1">',
  '<script>window.__ctPwned=1</script>',
  '"><svg onload="window.__ctPwned=1"></svg>',
  "'><iframe srcdoc=\"<script>parent.__ctPwned=1</script>\"></iframe>",
  '<a href="javascript:window.__ctPwned=1">click</a>',
  '<style>*{display:none!important}</style>',
  '</textarea></title></template><math><mtext><img src=x onerror=window.__ctPwned=1>',
  '<!--?lit$1234$--><?lit$1234$>{{constructor.constructor("window.__ctPwned=1")()}}${window.__ctPwned=1}',
  '<div onmouseover="window.__ctPwned=1" style="position:fixed;inset:0">cover</div>',
] as const;

export const JS_URL = 'javascript:window.__ctPwned=1//';
/** Right-to-left override, isolates, zero-width space/joiner, BOM, combining marks. */
export const BIDI = '\u202Egnp.exe\u202C \u2066iso\u2069 a\u200Bb\u200Dc\uFEFF d\u0301\u0301\u0301\u0301\u0301\u0301 \u061C\u200F';

const ACCOUNT = '123456789012';

/** Shows as "DeleteBucket": the override reverses what follows it. */
export const SPOOF_NAME = 'Delete\u202EtekcuB\u202C';
/** Shows as "admin". */
export const SPOOF_USER = 'ad\u200Bmin';
/** Invisible tag characters spelling "hi" (smuggled text). */
const TAGS = '\u{E0068}\u{E0069}';
export const SPOOF_ID = 'hostile-spoof-0000-0000-0000-000000000000';

function nest(depth: number, leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { [`level${depth - i}`]: v };
  return v;
}

/** One record per attack, each with a distinct eventID and time (newest first: index 0). */
export function hostileRecords(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  PAYLOADS.forEach((p, i) => {
    out.push(record(i, {
      eventID: `hostile-${i}-0000-0000-0000-000000000000`,
      eventName: `${p}Get`,
      eventSource: `${p}.amazonaws.com`,
      userAgent: `${p} ${JS_URL}`,
      sourceIPAddress: JS_URL,
      errorCode: p,
      errorMessage: `${p} ${JS_URL}`,
      userIdentity: { type: 'IAMUser', principalId: p, arn: `arn:aws:iam::${ACCOUNT}:user/${p}`, accountId: ACCOUNT, accessKeyId: `AKIA${p}`, userName: p },
      requestParameters: { bucketName: p, [p]: p, link: JS_URL, nested: { html: p, list: [p, JS_URL] } },
      responseElements: { message: p },
      resources: [{ type: `AWS::${p}`, ARN: `arn:aws:s3:::${p}` }, { type: 'AWS::S3::Bucket', ARN: JS_URL }],
    }));
  });
  const n = PAYLOADS.length;
  out.push(record(n, {
    eventID: `hostile-bidi-0000-0000-0000-000000000000`,
    eventName: `Get${BIDI}Object`,
    userAgent: BIDI.repeat(20),
    userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/${BIDI}`, accountId: ACCOUNT, userName: `admin${BIDI}`, accessKeyId: 'AKIABIDI' },
    requestParameters: { [BIDI]: BIDI },
  }));
  // One unbroken 20,000-character token: must not widen a row or the detail.
  out.push(record(n + 1, {
    eventID: 'hostile-wide-0000-0000-0000-000000000000',
    eventName: 'W'.repeat(20_000),
    userAgent: 'U'.repeat(20_000),
    userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/wide`, accountId: ACCOUNT, userName: 'N'.repeat(5_000) },
  }));
  // About 1 MB: a wide array of objects and one long string.
  out.push(record(n + 2, {
    eventID: 'hostile-1mb-0000-0000-0000-000000000000',
    eventName: 'PutBigThing',
    requestParameters: {
      items: Array.from({ length: 6000 }, (_, i) => ({ index: i, html: PAYLOADS[i % PAYLOADS.length], pad: 'p'.repeat(60) })),
      blob: 'b'.repeat(300_000),
    },
  }));
  // 500 levels of objects and arrays.
  out.push(record(n + 3, {
    eventID: 'hostile-deep-0000-0000-0000-000000000000',
    eventName: 'DeepNesting',
    requestParameters: { deep: nest(500, { leaf: PAYLOADS[0] }) },
  }));
  // Only what the emulator needs: a time and an id.
  out.push({ eventTime: String(record(n + 4).eventTime), eventID: 'hostile-bare-0000-0000-0000-000000000000' });
  out.push({ eventVersion: '1.08', eventTime: String(record(n + 5).eventTime), eventID: 'hostile-nulls-0000-0000-0000-000000000000', eventName: null, userIdentity: null, resources: 'not-an-array', requestParameters: null, readOnly: 'maybe' });
  // Spoofs: an override that shows "DeleteBucket", a zero-width space inside "admin", tag characters.
  out.push(record(n + 6, {
    eventID: SPOOF_ID,
    eventName: SPOOF_NAME,
    eventSource: 's3.amazonaws.com',
    userAgent: `aws-cli/2.9.19${TAGS}`,
    userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/${SPOOF_USER}`, accountId: ACCOUNT, userName: SPOOF_USER, accessKeyId: 'AKIASPOOF' },
    requestParameters: { [`bucket\u200DName`]: `logs\u202Etxt.exe` },
    resources: [{ type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::logs\u2066-prod` }],
  }));
  return out;
}

/** Levels of the deepest hostile record: deeper than JSON.stringify can go (it throws a RangeError). */
export const DEEP_LEVELS = 20_000;

/**
 * A record nested `levels` deep, as JSON text built by hand: no serialiser can write it (the
 * emulator's included, so it is handed to the elements as a LookupEvents event), yet it is valid
 * JSON that JSON.parse reads.
 */
export function deepRecordText(levels = DEEP_LEVELS): string {
  const head = JSON.stringify(record(90, { eventID: 'hostile-deep20k-0000-0000-0000-000000000000', eventName: 'DeepestNesting', requestParameters: '@' }));
  const [before, after] = head.split('"@"');
  return `${before}${'{"d":['.repeat(levels / 2)}0${']}'.repeat(levels / 2)}${after}`;
}

/** A record with `count` small objects in one array (about 30,000 JSON nodes for 10,000). */
export function wideRecord(count = 10_000): Record<string, unknown> {
  return record(91, {
    eventID: 'hostile-objects-0000-0000-0000-000000000000',
    eventName: 'ManyObjects',
    requestParameters: { items: Array.from({ length: count }, (_, i) => ({ index: i, tags: { key: `k${i}`, value: PAYLOADS[i % PAYLOADS.length] } })) },
  });
}

/** Elements a payload would create; none of them appear in the elements' own templates but the two below. */
const INJECTED = new Set(['script', 'img', 'svg', 'iframe', 'a', 'style', 'math', 'object', 'embed', 'mtext', 'textarea', 'title', 'template']);

/** The timeline's own chart, and the tooltip of an Insights window in it. */
const OWN = (el: Element) => (el.localName === 'svg' && el.getAttribute('part') === 'chart' && el.getRootNode() instanceof ShadowRoot && (el.getRootNode() as ShadowRoot).host.localName === 'ct-event-timeline')
  || (el.localName === 'title' && el.parentElement?.getAttribute('part') === 'insight' && el.closest('svg[part="chart"]') !== null);

/** Every element under `root`, descending into open shadow roots. */
export function allElements(root: Node): Element[] {
  const out: Element[] = [];
  const walk = (node: Node) => {
    for (const child of node.childNodes) {
      if (child instanceof Element) {
        out.push(child);
        if (child.shadowRoot) walk(child.shadowRoot);
      }
      walk(child);
    }
  };
  if (root instanceof Element) {
    out.push(root);
    if (root.shadowRoot) walk(root.shadowRoot);
  }
  walk(root);
  return out;
}

/** What a payload would have left in the DOM under `root`: injected elements, on* handlers, javascript: URLs. */
export function injections(root: Node): string[] {
  const found: string[] = [];
  for (const el of allElements(root)) {
    if (INJECTED.has(el.localName) && !OWN(el)) found.push(`<${el.localName}> element`);
    for (const attr of el.attributes) {
      if (attr.name.startsWith('on')) found.push(`${attr.name} handler on <${el.localName}>`);
      if (/^\s*javascript:/i.test(attr.value) && ['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc'].includes(attr.name)) {
        found.push(`${attr.name}=javascript: on <${el.localName}>`);
      }
    }
  }
  if ((window as unknown as { __ctPwned?: unknown }).__ctPwned !== undefined) found.push('a payload ran (window.__ctPwned is set)');
  return found;
}

/** Captures window errors, unhandled rejections and console.error until `stop()`. */
export function captureErrors(): { errors: string[]; stop(): void } {
  const errors: string[] = [];
  const onError = (e: ErrorEvent) => {
    if (!String(e.message).includes('ResizeObserver loop')) errors.push(`error: ${e.message}`);
  };
  const onRejection = (e: PromiseRejectionEvent) => errors.push(`unhandled rejection: ${String(e.reason)}`);
  const original = console.error;
  console.error = (...args: unknown[]) => {
    errors.push(`console.error: ${args.map(String).join(' ')}`);
    original.apply(console, args);
  };
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return {
    errors,
    stop() {
      console.error = original;
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    },
  };
}
