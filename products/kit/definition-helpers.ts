/**
 * Helpers shared by the product definitions (metadata, no CDK). They live apart from `registry.ts` so each
 * definition file can import them without importing the registry, which imports the definitions.
 */
import { z } from 'zod';
import type { FalconCloud, ParameterContext, Partition } from '../registry';

export const GOV_CLOUDS: readonly FalconCloud[] = ['us-gov-1', 'us-gov-2'];

export class MissingRegistrationError extends Error {
  constructor(productId: string) {
    super(
      `product ${productId} needs the Falcon organisation registration (CrowdStrike account, role and external ID), ` +
        'which the hub has not published yet: deploy the Falcon hub stack first',
    );
  }
}

/**
 * The product versions whose templates take a free-form `PermissionsBoundaryPolicyName` (v1.0.0 and v1.1.0 of every
 * product that creates roles). From v1.2.0 every role carries the product boundary (`product-boundary.ts`) instead.
 */
export const BOUNDARY_PARAMETER_VERSIONS: readonly string[] = ['v1.0.0', 'v1.1.0'];

export function takesBoundaryParameter(version: string): boolean {
  return BOUNDARY_PARAMETER_VERSIONS.includes(version);
}

/** Adds the optional permissions boundary of the versions that take one (the manifest validator refuses it for the others). */
export function withBoundary(ctx: ParameterContext, parameters: Record<string, string>): Record<string, string> {
  const boundary = ctx.assignment.permissionsBoundaryPolicyName;
  return typeof boundary === 'string' && boundary !== '' && takesBoundaryParameter(ctx.version)
    ? { ...parameters, PermissionsBoundaryPolicyName: boundary }
    : parameters;
}

export const iamName = (what: string) =>
  z
    .string()
    .regex(/^[\w+=,.@-]{1,64}$/, `${what} must be 1-64 characters of letters, digits and + = , . @ _ -`);

/** An IAM role name that must start with `prefix` (the launch role is scoped to these prefixes). */
export const prefixedRoleName = (what: string, prefix: string) =>
  z
    .string()
    .regex(
      new RegExp(`^${prefix}[\\w+=,.@-]{0,${64 - prefix.length}}$`),
      `${what} must start with ${prefix} and be at most 64 characters`,
    );

export const permissionsBoundaryPolicyName = iamName('permissionsBoundaryPolicyName').optional();

/** A commercial-partition Falcon tenant cannot be trusted by a GovCloud IAM role. */
export function crossPartitionFalcon(partition: Partition, cloud: FalconCloud): string | undefined {
  if (partition === 'aws-us-gov' && !GOV_CLOUDS.includes(cloud)) {
    return `AWS GovCloud (aws-us-gov) accounts can only be protected by a GovCloud Falcon tenant (us-gov-1 or us-gov-2), not ${cloud}`;
  }
  return undefined;
}

/** The assignment value of `key` when it is a string, else `fallback`. */
export function assignedString(ctx: ParameterContext, key: string, fallback: string): string {
  const value = ctx.assignment[key];
  return typeof value === 'string' ? value : fallback;
}

/**
 * A full Secrets Manager secret ARN, with the six-character suffix Secrets Manager appends: IAM grants name the
 * exact secret, and a cross-account reader (the hub shares the secret) must address it by full ARN.
 */
export const SECRET_ARN_PATTERN =
  '^arn:aws(-us-gov)?:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[\\w/+=.@-]{1,512}-[A-Za-z0-9]{6}$';

export const secretArn = (what: string) =>
  z
    .string()
    .regex(
      new RegExp(SECRET_ARN_PATTERN),
      `${what} must be the full ARN of a Secrets Manager secret, including its six-character suffix`,
    );

/**
 * The ARN of the replica of `arn` in `region`. Secrets Manager can read a secret only in its own Region, and a
 * replica keeps the primary's name and suffix, so one ARN in the manifest names the copy in every Region.
 */
export function secretArnInRegion(arn: string, region: string): string {
  const parts = arn.split(':');
  if (parts.length < 7 || parts[2] !== 'secretsmanager') throw new Error(`not a Secrets Manager secret ARN: ${arn}`);
  parts[3] = region;
  return parts.join(':');
}

/** The partition of an ARN must be the organisation's: a GovCloud role cannot read a commercial secret. */
export function assertSamePartition(arn: string, ctx: ParameterContext, what: string): void {
  const partition = arn.split(':')[1];
  if (partition !== ctx.manifest.organization.partition) {
    throw new Error(`${what} ${arn} is in partition ${partition}, but the organisation is in ${ctx.manifest.organization.partition}`);
  }
}
