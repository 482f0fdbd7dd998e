/** The error every layer throws; the handler turns it into an AWS JSON 1.1 error response. */
export class ApiError extends Error {
  constructor(
    readonly type: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

/** 400 errors of the LookupEvents model. */
export const badRequest = (type: string, message: string): ApiError => new ApiError(type, 400, message);

/**
 * Errors the CloudTrail model declares with a `Message` member (the JS SDK exposes it as
 * `err.Message`); everything else (Cognito's `message`, Coral's common auth and framing errors)
 * carries a lower-case `message`.
 */
const CLOUDTRAIL_MODELED = new Set([
  'AccessDeniedException',
  'InvalidLookupAttributesException',
  'InvalidTimeRangeException',
  'InvalidMaxResultsException',
  'InvalidNextTokenException',
  'InvalidEventCategoryException',
  'OperationNotPermittedException',
  'UnsupportedOperationException',
  'ThrottlingException',
]);

/** The JSON body the service sends for an error. */
export function errorBody(e: ApiError, service: 'cloudtrail' | 'cognito' | undefined): Record<string, string> {
  const key = service === 'cloudtrail' && CLOUDTRAIL_MODELED.has(e.type) ? 'Message' : 'message';
  return { __type: e.type, [key]: e.message };
}
