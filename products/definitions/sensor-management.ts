/** Registry entry for the sensor-management product (Falcon 1Click sensor installation). */
import { z } from 'zod';
import type { ProductDefinition } from '../registry';
import {
  MissingRegistrationError,
  assertSamePartition,
  crossPartitionFalcon,
  permissionsBoundaryPolicyName,
  secretArn,
  secretArnInRegion,
  withBoundary,
} from './shared';

/**
 * CloudWatch Logs retention values (days) of at least one year: the ones Logs accepts that also satisfy the
 * Control Tower proactive control CT.CLOUDWATCH.PR.2, so the product launches in OUs that enforce it.
 */
export const LOG_RETENTION_DAYS = [365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
export const DEFAULT_LOG_RETENTION_DAYS = 365;

export const SENSOR_MANAGEMENT: ProductDefinition = {
  id: 'sensor-management',
  assignable: true,
  displayName: 'CrowdStrike Falcon - sensor management (1Click)',
  description:
    'Lets Falcon install sensors on this account\'s SSM-managed instances: CrowdStrike\'s published orchestrator ' +
    'function, the role Falcon assumes to invoke it, and an API credential read from a Secrets Manager secret.',
  regionScope: 'home-only',
  versions: [
    {
      name: 'v1.0.0',
      description: 'Orchestrator from CrowdStrike\'s artifact; credential from a secret ARN; 1-year log retention.',
    },
  ],
  unsupportedReason: crossPartitionFalcon,
  assignmentParameters: z
    .object({
      credentialsSecretArn: secretArn('credentialsSecretArn').describe(
        'Secret holding {"ClientId","ClientSecret"} of a Falcon API client with Sensor Download and ' +
          'Installation Tokens read scopes only; replicated to the home Region and readable by the organisation',
      ),
      logRetentionDays: z.literal(LOG_RETENTION_DAYS).optional(),
      permissionsBoundaryPolicyName,
    })
    .strict(),
  templateParameters: (ctx) => {
    const reg = ctx.registration;
    if (!reg) throw new MissingRegistrationError('sensor-management');
    const arn = ctx.assignment.credentialsSecretArn;
    if (typeof arn !== 'string') throw new Error('sensor-management needs credentialsSecretArn in its assignment');
    assertSamePartition(arn, ctx, 'credentialsSecretArn');
    const retention = ctx.assignment.logRetentionDays;
    return withBoundary(ctx, {
      CrowdStrikeAccountId: reg.crowdStrikeAccountId,
      CrowdStrikeRoleName: reg.intermediateRoleName,
      ExternalId: reg.externalId,
      FalconCloud: ctx.manifest.falcon.cloud,
      CredentialsSecretArn: secretArnInRegion(arn, ctx.region),
      LogRetentionDays: String(typeof retention === 'number' ? retention : DEFAULT_LOG_RETENTION_DAYS),
    });
  },
};
