/**
 * The commercial AWS Regions enabled by default in every account (no opt-in): what a view offers to
 * search when the host names no Regions of its own. Opt-in Regions (af-south-1, ap-east-1,
 * eu-south-1, me-south-1, ...) answer only once the account enables them, so they are offered only
 * when the host lists them. https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html
 */
export const DEFAULT_ENABLED_REGIONS: readonly string[] = Object.freeze([
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1',
  'eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1',
  'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2',
  'sa-east-1',
]);

/** The shape of a Region name (`eu-west-1`, `us-gov-west-1`). */
export const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The Regions a view offers and the ones it searches now (a subset, in the offered order). */
export interface RegionChoice {
  readonly searched: readonly string[];
  readonly allowed: readonly string[];
  /** Why the offered Regions are the default list and not the account's own (EC2 could not list them). */
  readonly note?: string;
}
