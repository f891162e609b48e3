/**
 * Helpers shared by the product definitions (metadata, no CDK): assignment parameters, secret ARNs, boundaries.
 */
import { z } from 'zod';
import type { ParameterContext, ProductFinding, ProductSettings } from '../../vocabulary';

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
  if (partition !== ctx.org.partition) {
    throw new Error(`${what} ${arn} is in partition ${partition}, but the organisation is in ${ctx.org.partition}`);
  }
}

/**
 * The manifest rule of sensor-management and ssm-distributor from v1.1.0: their templates declare the directory's
 * sensor-download secret as an SSM-typed parameter, which CloudFormation resolves even when an assignment names
 * another secret, so the directory must have it.
 */
export function sensorSecretInDirectory(
  productId: string,
  directoryEntries: (version: string) => readonly string[],
): (settings: ProductSettings) => readonly ProductFinding[] {
  return ({ org, version }) => {
    if (org.sensorDownloadSecretArn !== undefined || !directoryEntries(version).includes('sensorDownloadSecretArn')) return [];
    return [
      {
        severity: 'error',
        path: ['products', productId],
        message:
          `${productId} ${version} reads the sensor-download secret from the Falcon directory: set ` +
          'portfolio.selfService.sensorDownloadSecretArn (an assignment may still name another with credentialsSecretArn)',
      },
    ];
  };
}
