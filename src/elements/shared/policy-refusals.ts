/**
 * Forwards the page's `securitypolicyviolation` reports to the data layer, which has no DOM: a
 * lookup whose connection the page's Content-Security-Policy refused then says so, naming the host
 * and the directive, instead of guessing at CORS or the network.
 */
import { notePolicyRefusal } from '../../lookup/connection.js';

const watched = new WeakSet<Document>();

/** Listens on `doc` once, however many providers it holds. */
export function watchPolicyRefusals(doc: Document): void {
  if (watched.has(doc)) return;
  watched.add(doc);
  doc.addEventListener('securitypolicyviolation', (e) => notePolicyRefusal(e.blockedURI, e.effectiveDirective));
}
