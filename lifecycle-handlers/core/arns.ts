/** ARNs built from the partition, never a hard-coded `arn:aws:` (GovCloud is `arn:aws-us-gov:`). */
import type { Partition } from '../../vocabulary';

export function roleArn(partition: Partition, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}
