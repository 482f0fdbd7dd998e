/**
 * A few attack sequences seeded into generated history, so a demo over it shows findings: a
 * leaked access key tried across Regions, that key giving itself a way back in and stopping the
 * trail, and a snapshot shared with an outside account. Drawn from their own PRNG, so the ordinary
 * activity around them is the same with or without them. Records follow CloudTrail's record
 * contents (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
 */
import { isoSeconds } from './dataset.js';
import { mulberry32, uuid } from './prng.js';

type Rec = Record<string, unknown>;

export interface AttackOptions {
  seed: number;
  /** The newest time the sequences may use (epoch ms); they end within the 6 hours before it. */
  endMs: number;
  account: string;
  /**
   * Which leaked key the sequences use: `AKIAERINLEAKED000001` for 1 (the home account's, the
   * default), `…000002` for 2, and so on. An access key belongs to one account, so each account's is its own.
   */
  keyNumber?: number;
}

/** One sequence: its name, and the rule of the built-in pack its telling calls should raise. */
export interface AttackSequence {
  name: string;
  expectedRule: string;
  /** Event names of the telling calls. */
  telling: readonly string[];
  records: Rec[];
}

const ATTACKER_IP = '185.220.101.47';
const ATTACKER_AGENT = 'Boto3/1.26.165 Python/3.10.6 Linux/5.19.0-46-generic Botocore/1.29.165';
/** The outside account the snapshot is shared with. */
const OUTSIDE_ACCOUNT = '444455556666';

/** The access key leaked in the attack sequences of the account generated `keyNumber`th (1: the home account). */
const leakedKeyId = (keyNumber: number): string => `AKIAERINLEAKED${String(keyNumber).padStart(6, '0')}`;

export function attackSequences(opts: AttackOptions): AttackSequence[] {
  const rng = mulberry32(opts.seed ^ 0x5eed);
  const { account } = opts;
  const leaked = {
    type: 'IAMUser', principalId: 'AIDAERINLEAKEDKEY0001', arn: `arn:aws:iam::${account}:user/erin`, accountId: account,
    accessKeyId: leakedKeyId(opts.keyNumber ?? 1), userName: 'erin',
  };
  const call = (t: number, source: string, name: string, region: string, req: Rec | null, extra: Rec = {}): Rec => ({
    eventVersion: '1.09', userIdentity: leaked, eventTime: isoSeconds(t), eventSource: source, eventName: name, awsRegion: region,
    sourceIPAddress: ATTACKER_IP, userAgent: ATTACKER_AGENT, requestParameters: req, responseElements: null, requestID: uuid(rng), eventID: uuid(rng),
    readOnly: name.startsWith('Describe') || name.startsWith('List') || name.startsWith('Get'), eventType: 'AwsApiCall', managementEvent: true,
    recipientAccountId: account, eventCategory: 'Management', ...extra,
  });
  const start = Math.floor(opts.endMs / 1000) * 1000 - 5 * 3600_000;
  const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2', 'sa-east-1', 'eu-central-1'];
  const acrossRegions: Rec[] = [call(start, 'sts.amazonaws.com', 'GetCallerIdentity', 'us-east-1', null)];
  regions.forEach((region, i) => {
    acrossRegions.push(call(start + (i + 1) * 90_000, 'ec2.amazonaws.com', 'DescribeInstances', region, { instancesSet: {}, filterSet: {} }));
    acrossRegions.push(call(start + (i + 1) * 90_000 + 20_000, 'ec2.amazonaws.com', 'DescribeSnapshots', region, { ownersSet: { items: [{ owner: 'self' }] } }));
  });
  const t2 = start + 3600_000;
  const backdoor = call(t2, 'iam.amazonaws.com', 'CreateAccessKey', 'us-east-1', { userName: 'backup-bot' }, {
    responseElements: { accessKey: { accessKeyId: 'AKIABACKUPBOTNEWKEY1', status: 'Active', userName: 'backup-bot', createDate: isoSeconds(t2) } },
  });
  const stop = call(t2 + 240_000, 'cloudtrail.amazonaws.com', 'StopLogging', 'us-east-1', { name: `arn:aws:cloudtrail:us-east-1:${account}:trail/management-events` });
  const t3 = start + 2 * 3600_000;
  const snapshot = `snap-0${Math.floor(rng() * 0xffffffff).toString(16).padStart(8, '0')}c0ffee12`;
  const share = [
    call(t3, 'ec2.amazonaws.com', 'CreateSnapshot', 'us-east-1', { volumeId: 'vol-0a1b2c3d4e5f60718' }, { responseElements: { snapshotId: snapshot, status: 'pending' } }),
    call(t3 + 600_000, 'ec2.amazonaws.com', 'ModifySnapshotAttribute', 'us-east-1', {
      snapshotId: snapshot, attributeType: 'CREATE_VOLUME_PERMISSION', createVolumePermission: { add: { items: [{ userId: OUTSIDE_ACCOUNT }] } },
    }, { responseElements: { _return: true } }),
  ];
  return [
    { name: 'a leaked access key tried across Regions', expectedRule: 'access-key-many-regions', telling: ['DescribeInstances', 'DescribeSnapshots'], records: acrossRegions },
    { name: 'an access key created for another user', expectedRule: 'iam-access-key-for-other-user', telling: ['CreateAccessKey'], records: [backdoor] },
    { name: 'CloudTrail logging stopped', expectedRule: 'cloudtrail-logging-stopped', telling: ['StopLogging'], records: [stop] },
    { name: 'an EBS snapshot shared with an outside account', expectedRule: 'ec2-snapshot-shared', telling: ['ModifySnapshotAttribute'], records: share },
  ];
}
