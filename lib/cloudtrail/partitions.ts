import PARTITIONS from './partitions.generated.json';

/**
 * An AWS region name as every partition writes them: us-east-1, cn-north-1, us-gov-west-1, us-isob-east-1,
 * eu-isoe-west-1, eusc-de-east-1 (European Sovereign Cloud), and future names of the same shape. A shape, not a
 * list, so a region launched after this release is still read; the partition table below says which partition.
 */
export const REGION_NAME = /^[a-z]{2,4}(-[a-z]+)+-\d+$/;

interface Partition {
  readonly id: string;
  readonly pattern: RegExp;
}

const BY_REGION = new Map<string, string>();
const PATTERNS: Partition[] = [];
for (const partition of PARTITIONS) {
  for (const region of partition.regions) BY_REGION.set(region, partition.id);
  PATTERNS.push({ id: partition.id, pattern: new RegExp(partition.regionRegex) });
}

/** Partition ids the SDK knows (aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc…). */
export const PARTITION_IDS: readonly string[] = PARTITIONS.map((partition) => partition.id);

/**
 * The partition of a region, from the SDK's partition table (generated into partitions.generated.json): a listed
 * region first, then the partition's region-name pattern (a region launched later), else `aws`.
 */
export const partitionOf = (region: string | undefined): string => {
  if (region === undefined) return 'aws';
  const listed = BY_REGION.get(region);
  if (listed !== undefined) return listed;
  for (const { id, pattern } of PATTERNS) if (pattern.test(region)) return id;
  return 'aws';
};

