/**
 * The two pieces of the CloudTrail client the library uses, behind one module that page-source.ts
 * imports dynamically (on the first lookup). A dynamic import of the package itself would keep its
 * whole namespace, every command and model, out of reach of tree-shaking.
 */
/** @public (used through the dynamic import's namespace) */
export { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
/** The SigV4 signer's module-wide signing-key cache, cleared when a source is disposed (it is keyed by the session's secrets). */
/** @public */
export { clearCredentialCache } from '@smithy/signature-v4';
