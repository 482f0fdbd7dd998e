/**
 * Event names and sources to suggest before any is loaded: the CloudTrail management events an
 * investigation asks for most, most telling first (logging and detection turned off, credentials
 * and policies changed, data exposed, then reconnaissance). Names as CloudTrail records them (see
 * "CloudTrail record contents", eventName and eventSource, in the AWS CloudTrail User Guide).
 * Plain data, loaded with the filter's suggestions.
 */
const BY_SOURCE: Readonly<Record<string, readonly string[]>> = {
  'cloudtrail.amazonaws.com': ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'CreateTrail', 'StartLogging'],
  'guardduty.amazonaws.com': ['DeleteDetector', 'UpdateDetector', 'DisassociateFromMasterAccount'],
  'config.amazonaws.com': ['StopConfigurationRecorder', 'DeleteConfigurationRecorder', 'DeleteDeliveryChannel'],
  'iam.amazonaws.com': [
    'CreateAccessKey', 'CreateUser', 'CreateLoginProfile', 'UpdateLoginProfile', 'AttachUserPolicy', 'AttachRolePolicy',
    'PutUserPolicy', 'PutRolePolicy', 'CreatePolicyVersion', 'SetDefaultPolicyVersion', 'AddUserToGroup', 'UpdateAssumeRolePolicy',
    'DeactivateMFADevice', 'DeleteAccessKey', 'UpdateAccessKey', 'DeleteUser', 'CreateRole',
  ],
  'signin.amazonaws.com': ['ConsoleLogin'],
  'sts.amazonaws.com': ['AssumeRole', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML', 'GetSessionToken', 'GetFederationToken', 'GetCallerIdentity'],
  'kms.amazonaws.com': ['ScheduleKeyDeletion', 'DisableKey', 'PutKeyPolicy', 'CreateGrant'],
  's3.amazonaws.com': ['PutBucketPolicy', 'DeleteBucketPolicy', 'PutBucketAcl', 'DeleteBucketPublicAccessBlock', 'PutBucketPublicAccessBlock', 'PutBucketLogging', 'DeleteBucket'],
  'ec2.amazonaws.com': [
    'ModifySnapshotAttribute', 'ModifyImageAttribute', 'AuthorizeSecurityGroupIngress', 'CreateKeyPair', 'ImportKeyPair',
    'DisableEbsEncryptionByDefault', 'RunInstances', 'TerminateInstances', 'StopInstances', 'CreateSnapshot', 'DescribeInstances',
  ],
  'organizations.amazonaws.com': ['LeaveOrganization'],
  'ssm.amazonaws.com': ['SendCommand', 'StartSession', 'GetParameters', 'GetParameter'],
  'secretsmanager.amazonaws.com': ['GetSecretValue', 'DeleteSecret'],
  'lambda.amazonaws.com': ['UpdateFunctionCode20150331v2', 'AddPermission20150331v2', 'CreateFunction20150331'],
  'logs.amazonaws.com': ['DeleteLogGroup', 'DeleteLogStream'],
};

/** Every event name of the catalog, most telling first (the sources' order above, then each source's). */
export const CATALOG_EVENT_NAMES: readonly string[] = Object.values(BY_SOURCE).flat();
export const CATALOG_EVENT_SOURCES: readonly string[] = Object.keys(BY_SOURCE);
