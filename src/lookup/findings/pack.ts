/**
 * The built-in pack: rules written for this project from what each API call does (AWS's API
 * references), each with its MITRE ATT&CK tactic and techniques. Plain data: a host can read,
 * filter or extend it. Kept quiet on ordinary work: a rule fires on the call that changes the
 * account's defences, access or data exposure, not on the reads around it.
 */
import type { Match, Rule, Severity } from './types.js';

const EN = 'eventName';
const name = (n: string | readonly string[]): Match => (typeof n === 'string' ? { field: EN, equals: n } : { field: EN, oneOf: n });
const ok: Match = { field: 'errorCode', exists: false };
const api = (service: string, action: string) => `https://docs.aws.amazon.com/${service}/latest/APIReference/API_${action}.html`;
const attack = (tactic: string, ...techniques: string[]) => ({ tactic, techniques });

type Spec = Omit<Rule, 'source' | 'match'> & { match: Match };
const rule = (id: string, title: string, severity: Severity, a: Rule['attack'], description: string, match: Match, references: string[] = [], aggregate?: Rule['aggregate']): Spec =>
  ({ id, title, severity, attack: a, description, match, references, ...(aggregate ? { aggregate } : {}) });

const ADMIN_POLICY = { field: 'requestParameters.policyArn', oneOf: ['arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::aws:policy/IAMFullAccess', 'arn:aws:iam::aws:policy/PowerUserAccess'] } as const;
/** An inline policy statement that allows every action. */
const ALLOW_ALL: Match = { all: [{ field: 'requestParameters.policyDocument.Statement.Effect', equals: 'Allow' }, { field: 'requestParameters.policyDocument.Statement.Action', oneOf: ['*', 'iam:*'] }] };
const DENIED: Match = { field: 'errorCode', oneOf: ['AccessDenied', 'AccessDeniedException', 'Client.UnauthorizedOperation', 'UnauthorizedOperation', 'UnauthorizedAccess'] };
const ADD_ACCOUNT = (path: string): Match => ({ field: path, regex: '^(\\d{12}|all)$', ignoreCase: true });

const TA = {
  initial: 'TA0001', execution: 'TA0002', persistence: 'TA0003', privesc: 'TA0004', evasion: 'TA0005',
  credentials: 'TA0006', discovery: 'TA0007', lateral: 'TA0008', exfiltration: 'TA0010', impact: 'TA0040',
} as const;

const SPECS: Spec[] = [
  // Defense evasion: the account's own records and detectors switched off.
  rule('cloudtrail-logging-stopped', 'CloudTrail logging stopped', 'critical', attack(TA.evasion, 'T1562.008'),
    'A trail stopped recording API calls: whatever follows is not delivered to its bucket.', { all: [name('StopLogging'), ok] }, [api('awscloudtrail', 'StopLogging')]),
  rule('cloudtrail-trail-deleted', 'CloudTrail trail deleted', 'critical', attack(TA.evasion, 'T1562.008'),
    'A trail was deleted, with its delivery of logs to S3.', { all: [name('DeleteTrail'), ok] }, [api('awscloudtrail', 'DeleteTrail')]),
  rule('cloudtrail-selectors-narrowed', 'CloudTrail event selectors changed', 'high', attack(TA.evasion, 'T1562.008'),
    'The events a trail records were changed; selectors can leave out management events or writes.', { all: [name(['PutEventSelectors', 'PutInsightSelectors']), ok] }, [api('awscloudtrail', 'PutEventSelectors')]),
  rule('cloudtrail-trail-updated', 'CloudTrail trail settings changed', 'medium', attack(TA.evasion, 'T1562.008'),
    'A trail\'s bucket, Regions or log validation changed: logs may go elsewhere or cover less.', { all: [name('UpdateTrail'), ok] }, [api('awscloudtrail', 'UpdateTrail')]),
  rule('guardduty-detector-disabled', 'GuardDuty detector deleted or suspended', 'critical', attack(TA.evasion, 'T1562.001'),
    'GuardDuty stops analysing the account: a detector deleted, or updated with enable false.',
    { any: [{ all: [name('DeleteDetector'), { field: 'eventSource', equals: 'guardduty.amazonaws.com' }] }, { all: [name('UpdateDetector'), { field: 'requestParameters.enable', equals: false }] }] },
    [api('guardduty', 'DeleteDetector')]),
  rule('guardduty-membership-removed', 'GuardDuty member left its administrator', 'high', attack(TA.evasion, 'T1562.001'),
    'The account stopped sending GuardDuty findings to its administrator account.', name(['DisassociateFromMasterAccount', 'DisassociateFromAdministratorAccount', 'DisassociateMembers'])),
  rule('config-recording-stopped', 'AWS Config recording stopped', 'high', attack(TA.evasion, 'T1562.001'),
    'Config no longer records resource changes: its recorder or delivery channel was stopped or deleted.',
    { all: [name(['StopConfigurationRecorder', 'DeleteConfigurationRecorder', 'DeleteDeliveryChannel']), ok] }, [api('config', 'StopConfigurationRecorder')]),
  rule('securityhub-disabled', 'Security Hub disabled', 'high', attack(TA.evasion, 'T1562.001'),
    'Security Hub was turned off for the account, with its checks and findings.', { all: [name('DisableSecurityHub'), ok] }),
  rule('access-analyzer-deleted', 'IAM Access Analyzer deleted', 'medium', attack(TA.evasion, 'T1562.001'),
    'The analyzer that reports resources shared outside the account was deleted.', { all: [name('DeleteAnalyzer'), { field: 'eventSource', equals: 'access-analyzer.amazonaws.com' }, ok] }),
  rule('vpc-flow-logs-deleted', 'VPC flow logs deleted', 'high', attack(TA.evasion, 'T1562.008'),
    'Network flow records of a VPC, subnet or interface are no longer written.', { all: [name('DeleteFlowLogs'), ok] }, [api('AWSEC2', 'DeleteFlowLogs')]),
  rule('dns-query-logging-removed', 'Route 53 Resolver query logging removed', 'high', attack(TA.evasion, 'T1562.008'),
    'DNS queries from the VPCs are no longer logged: a query-logging configuration was deleted or detached.',
    { all: [name(['DeleteResolverQueryLogConfig', 'DisassociateResolverQueryLogConfig']), ok] }, [api('Route53', 'API_route53resolver_DeleteResolverQueryLogConfig')]),
  rule('log-group-deleted', 'CloudWatch Logs group deleted', 'medium', attack(TA.evasion, 'T1070'),
    'A log group and every event in it were deleted.', { all: [name(['DeleteLogGroup', 'DeleteLogStream']), ok] }),
  rule('organization-left', 'Account asked to leave its organization', 'high', attack(TA.evasion, 'T1562.001'),
    'Leaving the organization drops its service control policies and organization trail; even a denied attempt is telling.', name('LeaveOrganization'), [api('organizations', 'LeaveOrganization')]),
  rule('ebs-default-encryption-disabled', 'EBS encryption by default turned off', 'medium', attack(TA.evasion, 'T1562.001'),
    'New volumes in the Region are no longer encrypted unless asked for.', { all: [name('DisableEbsEncryptionByDefault'), ok] }),

  // Persistence: new ways back in.
  rule('iam-access-key-for-other-user', 'Access key created for a named user', 'high', attack(TA.persistence, 'T1098.001'),
    'A long-term access key was created for the user named in the request (a user creating their own key names nobody).',
    { all: [name('CreateAccessKey'), { field: 'requestParameters.userName', exists: true }, ok, { not: { field: 'userIdentity.type', equals: 'AWSService' } }] }, [api('IAM', 'CreateAccessKey')]),
  rule('iam-login-profile-created', 'Console password given to an IAM user', 'medium', attack(TA.persistence, 'T1098.001'),
    'A console password was created for a user, who can now sign in to the console.', { all: [name('CreateLoginProfile'), ok] }, [api('IAM', 'CreateLoginProfile')]),
  rule('iam-role-trusts-aws-principal', 'Role created that an AWS account can assume', 'medium', attack(TA.persistence, 'T1098.003'),
    'A new role\'s trust policy names an AWS principal (an account or user), not only a service.',
    { all: [name('CreateRole'), { field: 'requestParameters.assumeRolePolicyDocument.Statement.Principal.AWS', exists: true }, ok] }, [api('IAM', 'CreateRole')]),
  rule('iam-role-trust-changed', 'Role trust policy changed', 'high', attack(TA.persistence, 'T1098.003'),
    'Who may assume a role was changed: a backdoor can add an outside account.', { all: [name('UpdateAssumeRolePolicy'), ok] }, [api('IAM', 'UpdateAssumeRolePolicy')]),
  rule('lambda-public-invoke-permission', 'Lambda function opened to any principal', 'high', attack(TA.persistence, 'T1546'),
    'A resource policy statement lets anyone (principal *) invoke the function.',
    { all: [{ field: EN, startsWith: 'AddPermission' }, { field: 'requestParameters.principal', equals: '*' }, ok] }),
  rule('lambda-layer-attached', 'Lambda layer attached to a function', 'medium', attack(TA.persistence, 'T1546'),
    'A function\'s configuration now names layers: code that runs inside it with its role.',
    { all: [{ field: EN, startsWith: 'UpdateFunctionConfiguration' }, { field: 'requestParameters.layers', exists: true }, ok] }),
  rule('rolesanywhere-trust-anchor', 'IAM Roles Anywhere trust anchor or profile created', 'high', attack(TA.persistence, 'T1098.001'),
    'Certificates of an outside certificate authority can now be exchanged for role credentials.',
    { all: [{ field: 'eventSource', equals: 'rolesanywhere.amazonaws.com' }, name(['CreateTrustAnchor', 'CreateProfile', 'UpdateTrustAnchor']), ok] }),
  rule('sts-federation-token', 'Federation token issued to an IAM user', 'medium', attack(TA.persistence, 'T1098.001'),
    'Federation tokens outlive the deletion of the access key that asked for them (up to 36 hours).', { all: [name('GetFederationToken'), ok] }, [api('STS', 'GetFederationToken')]),

  // Privilege escalation.
  rule('iam-admin-policy-attached', 'Administrator policy attached', 'high', attack(TA.privesc, 'T1098.003'),
    'AdministratorAccess, IAMFullAccess or PowerUserAccess was attached to a user, group or role.',
    { all: [name(['AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy']), ADMIN_POLICY, ok] }),
  rule('iam-inline-allow-all', 'Inline policy allows every action', 'high', attack(TA.privesc, 'T1098.003'),
    'An inline policy with Allow on "*" (or iam:*) was put on a user, group or role.',
    { all: [name(['PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy']), ALLOW_ALL, ok] }),
  rule('iam-policy-version-default', 'Managed policy rewritten as its default version', 'medium', attack(TA.privesc, 'T1098.003'),
    'A new policy version was made the default: what every holder of the policy may do changed at once.',
    { any: [{ all: [name('CreatePolicyVersion'), { field: 'requestParameters.setAsDefault', equals: true }, ok] }, { all: [name('SetDefaultPolicyVersion'), ok] }] }),
  rule('iam-login-profile-updated', 'Another user\'s console password changed', 'high', attack(TA.privesc, 'T1098.001'),
    'A console password was reset for the named user: whoever set it can sign in as them.', { all: [name('UpdateLoginProfile'), ok] }, [api('IAM', 'UpdateLoginProfile')]),
  rule('iam-permissions-boundary-removed', 'Permissions boundary removed', 'high', attack(TA.privesc, 'T1098'),
    'The ceiling on a user\'s or role\'s permissions was removed.', { all: [name(['DeleteUserPermissionsBoundary', 'DeleteRolePermissionsBoundary']), ok] }),
  rule('iam-added-to-admin-group', 'User added to an administrators group', 'high', attack(TA.privesc, 'T1098'),
    'A user joined a group whose name says administrators.', { all: [name('AddUserToGroup'), { field: 'requestParameters.groupName', regex: 'admin', ignoreCase: true }, ok] }),

  // Credential access.
  rule('ec2-password-data-read', 'Windows administrator password data read', 'medium', attack(TA.credentials, 'T1552'),
    'GetPasswordData returns an instance\'s encrypted Administrator password; denied attempts show someone trying.', name('GetPasswordData'), [api('AWSEC2', 'GetPasswordData')]),
  rule('secrets-batch-read', 'Secrets read in one batch', 'high', attack(TA.credentials, 'T1555.006'),
    'BatchGetSecretValue returns up to 20 secret values in one call.', name('BatchGetSecretValue'), [api('secretsmanager', 'BatchGetSecretValue')]),
  rule('secrets-read-burst', 'Many secret values read by one principal', 'high', attack(TA.credentials, 'T1555.006'),
    'Ten or more distinct secrets read by one principal within 10 minutes: more than an application reads.',
    { all: [name('GetSecretValue'), ok] }, [api('secretsmanager', 'GetSecretValue')], { count: 10, withinMinutes: 10, distinct: 'requestParameters.secretId' }),
  rule('ssm-decrypted-parameters-burst', 'Many SecureString parameters decrypted by one principal', 'high', attack(TA.credentials, 'T1552'),
    'Five or more decrypting parameter reads by one principal within 10 minutes.',
    { all: [name(['GetParameters', 'GetParametersByPath']), { field: 'requestParameters.withDecryption', equals: true }, ok] }, [], { count: 5, withinMinutes: 10 }),
  rule('console-login-failures', 'Repeated failed console sign-ins', 'medium', attack(TA.credentials, 'T1110'),
    'Five or more failed console sign-ins from one address within 10 minutes.',
    { all: [name('ConsoleLogin'), { field: 'responseElements.ConsoleLogin', equals: 'Failure' }] }, [], { count: 5, withinMinutes: 10, by: 'sourceIPAddress' }),

  // Initial access.
  rule('console-login-without-mfa', 'Console sign-in without MFA', 'medium', attack(TA.initial, 'T1078.004'),
    'An IAM user signed in to the console with a password alone.',
    { all: [name('ConsoleLogin'), { field: 'userIdentity.type', equals: 'IAMUser' }, { field: 'additionalEventData.MFAUsed', equals: 'No' }, { field: 'responseElements.ConsoleLogin', equals: 'Success' }] }),
  rule('root-console-login', 'Root user signed in to the console', 'high', attack(TA.initial, 'T1078.004'),
    'The account\'s root user signed in; AWS advises using it only for the few tasks that need it.',
    { all: [name('ConsoleLogin'), { field: 'userIdentity.type', equals: 'Root' }, { field: 'responseElements.ConsoleLogin', equals: 'Success' }] }),
  rule('access-key-many-regions', 'One access key used in many Regions', 'high', attack(TA.initial, 'T1078.004'),
    'The same access key called APIs in four or more Regions within 30 minutes, as a leaked key being tried does.',
    { all: [{ field: 'userIdentity.accessKeyId', startsWith: 'AKIA' }, { not: { field: 'eventSource', oneOf: ['iam.amazonaws.com', 'sts.amazonaws.com', 'signin.amazonaws.com'] } }] },
    [], { count: 4, withinMinutes: 30, by: 'userIdentity.accessKeyId', distinct: 'awsRegion' }),

  // Discovery.
  rule('access-denied-burst', 'Burst of denied calls from one principal', 'medium', attack(TA.discovery, 'T1580'),
    'Twenty or more calls denied to one principal within 10 minutes: permissions being probed.', DENIED, [], { count: 20, withinMinutes: 10 }),
  rule('ec2-user-data-read-burst', 'User data of many instances read', 'medium', attack(TA.discovery, 'T1580'),
    'Five or more reads of instance user data (where start-up scripts keep secrets) by one principal within 10 minutes.',
    { all: [name('DescribeInstanceAttribute'), { field: 'requestParameters.attribute', equals: 'userData' }] }, [], { count: 5, withinMinutes: 10 }),

  // Execution.
  rule('ec2-gpu-instances-launched', 'GPU or accelerator instances launched', 'medium', attack(TA.execution, 'T1059.009'),
    'RunInstances asked for GPU or machine-learning instance types, which mining abuses; denied attempts are telling too.',
    { all: [name('RunInstances'), { field: 'requestParameters.instanceType', regex: '^(p\\d|g\\d|inf\\d|trn\\d|dl\\d)', ignoreCase: true }] }),
  rule('ec2-user-data-modified', 'Instance user data replaced', 'high', attack(TA.execution, 'T1059.009'),
    'New user data runs as root at the instance\'s next start.', { all: [name('ModifyInstanceAttribute'), { field: 'requestParameters.userData', exists: true }, ok] }),
  rule('ssm-send-command', 'Commands run on instances through Systems Manager', 'low', attack(TA.execution, 'T1651'),
    'SendCommand runs a document (often a shell script) on instances as root.', { all: [name('SendCommand'), ok] }),
  rule('ssm-start-session', 'Interactive Systems Manager session started', 'low', attack(TA.execution, 'T1651'),
    'A shell on an instance through Session Manager, without SSH.', { all: [name('StartSession'), ok] }),

  // Lateral movement.
  rule('ec2-instance-connect-key', 'SSH key pushed with EC2 Instance Connect', 'medium', attack(TA.lateral, 'T1021.008'),
    'A public key was pushed to an instance for 60 seconds of SSH access.', { all: [name('SendSSHPublicKey'), ok] }),
  rule('ec2-serial-console', 'EC2 serial console access enabled or used', 'high', attack(TA.lateral, 'T1021.008'),
    'The serial console reaches an instance even when its network is closed.', { all: [name(['EnableSerialConsoleAccess', 'SendSerialConsoleSSHPublicKey']), ok] }),

  // Exfiltration.
  rule('ec2-snapshot-shared', 'EBS snapshot shared with another account', 'high', attack(TA.exfiltration, 'T1537'),
    'Another account (or everyone) may now create volumes from the snapshot.',
    { all: [name('ModifySnapshotAttribute'), { any: [ADD_ACCOUNT('requestParameters.createVolumePermission.add.items.userId'), ADD_ACCOUNT('requestParameters.createVolumePermission.add.items.group')] }, ok] }),
  rule('ec2-ami-shared', 'AMI shared with another account', 'high', attack(TA.exfiltration, 'T1537'),
    'Another account (or everyone) may now launch the image, and read its disks.',
    { all: [name('ModifyImageAttribute'), { any: [ADD_ACCOUNT('requestParameters.launchPermission.add.items.userId'), ADD_ACCOUNT('requestParameters.launchPermission.add.items.group')] }, ok] }),
  rule('rds-snapshot-shared', 'RDS snapshot shared with another account', 'high', attack(TA.exfiltration, 'T1537'),
    'Another account (or all) may now restore the database snapshot.',
    { all: [name(['ModifyDBSnapshotAttribute', 'ModifyDBClusterSnapshotAttribute']), { field: 'requestParameters.attributeName', equals: 'restore' }, { field: 'requestParameters.valuesToAdd', exists: true }, ok] }),
  rule('s3-bucket-made-public', 'S3 bucket opened to the public', 'high', attack(TA.exfiltration, 'T1537'),
    'A bucket policy or ACL grants everyone, or the bucket\'s public access block was removed.',
    {
      all: [ok, {
        any: [
          { all: [name('PutBucketPolicy'), { field: 'requestParameters.bucketPolicy.Statement.Effect', equals: 'Allow' }, { any: [{ field: 'requestParameters.bucketPolicy.Statement.Principal', equals: '*' }, { field: 'requestParameters.bucketPolicy.Statement.Principal.AWS', equals: '*' }] }] },
          { all: [name('PutBucketAcl'), { field: 'requestParameters.AccessControlPolicy', regex: 'AllUsers|AuthenticatedUsers' }] },
          name(['DeleteBucketPublicAccessBlock', 'DeletePublicAccessBlock']),
        ],
      }],
    }),
  rule('security-group-admin-port-open', 'SSH, RDP or every port opened to the internet', 'medium', attack(TA.exfiltration, 'T1048'),
    'An ingress rule admits any address (a /0 range) to SSH (22), RDP (3389) or every port of the group\'s instances.',
    {
      all: [name('AuthorizeSecurityGroupIngress'), ok, {
        any: [
          { all: [{ field: 'requestParameters.cidrIp', endsWith: '/0' }, { any: [{ field: 'requestParameters.fromPort', oneOf: [22, 3389] }, { field: 'requestParameters.ipProtocol', equals: '-1' }] }] },
          { all: [{ field: 'requestParameters.ipPermissions.items.ipRanges.items.cidrIp', endsWith: '/0' }, { any: [{ field: 'requestParameters.ipPermissions.items.fromPort', oneOf: [22, 3389] }, { field: 'requestParameters.ipPermissions.items.ipProtocol', equals: '-1' }] }] },
        ],
      }],
    }),

  // Impact.
  rule('kms-key-deletion-scheduled', 'KMS key scheduled for deletion', 'high', attack(TA.impact, 'T1485'),
    'Once deleted, whatever the key encrypted cannot be decrypted.', { all: [name('ScheduleKeyDeletion'), ok] }, [api('kms', 'ScheduleKeyDeletion')]),
  rule('kms-key-disabled', 'KMS key disabled', 'medium', attack(TA.impact, 'T1485'),
    'Data under the key cannot be decrypted until it is enabled again.', { all: [name('DisableKey'), ok] }),
  rule('bedrock-model-access-enabled', 'Bedrock model access enabled', 'medium', attack(TA.impact, 'T1496.004'),
    'Access to foundation models was asked for or granted: stolen keys are used to run models at the account\'s cost.',
    { all: [name(['PutUseCaseForModelAccess', 'CreateFoundationModelAgreement', 'PutFoundationModelEntitlement']), ok] }),
  rule('rds-deleted-without-snapshot', 'Database deleted without a final snapshot', 'high', attack(TA.impact, 'T1485'),
    'An RDS instance or cluster was deleted with skipFinalSnapshot.',
    { all: [name(['DeleteDBInstance', 'DeleteDBCluster']), { field: 'requestParameters.skipFinalSnapshot', equals: true }, ok] }),

  // Anything done as root.
  rule('root-api-call', 'Root user credentials used for API calls', 'high', attack(TA.privesc, 'T1078.004'),
    'The root user called an API with an access key (not a console sign-in); root keys cannot be limited by any policy.',
    { all: [{ field: 'userIdentity.type', equals: 'Root' }, { field: 'userIdentity.accessKeyId', startsWith: 'AKIA' }] }),
];

/** The built-in rules (frozen). */
export const BUILTIN_RULES: readonly Rule[] = Object.freeze(SPECS.map((s) => Object.freeze({ ...s, source: 'builtin' as const })));
