/**
 * Where each AWS service the library calls is reached. The rule: a service's own override (a proxy,
 * the emulator) or else AWS's endpoint of that service in the Region it is called in, never another
 * service's override. A proxy set up for CloudTrail alone must not receive Cognito's sign-in calls.
 */

/** The services the page calls from the browser, by their endpoint prefix. */
export type AwsService = 'cloudtrail' | 'cognito-identity' | 'athena' | 'sts';

/**
 * AWS's endpoint of `service` in `region`, as the AWS SDK resolves it by default (not FIPS, not
 * dual-stack): `https://<service>.<region>.amazonaws.com`, with `.amazonaws.com.cn` in the China
 * Regions. See "AWS service endpoints" in the AWS General Reference.
 */
export function awsEndpoint(service: AwsService | 'ec2', region: string): string {
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://${service}.${region}.${suffix}`;
}

/** `override` when set, else AWS's endpoint of `service` in `region`. */
export function serviceEndpoint(service: AwsService, region: string, override?: string): string {
  return override || awsEndpoint(service, region);
}

/** The Region a Cognito identity pool lives in (and is called in): the prefix of its id. */
export function poolRegion(identityPoolId: string): string | undefined {
  const region = identityPoolId.split(':')[0];
  return region || undefined;
}
