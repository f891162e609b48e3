/**
 * Every ARN a manifest names must be one AWS would accept where it is used: in the organisation's partition (a role
 * in one partition cannot read a secret in another), in a Region that exists in that partition, and, for the hub's
 * Falcon API secret, in the hub account and home Region where the hub functions read it.
 */
import { partitionMismatch } from './region-checks';
import { error, type Finding, type PathSegment } from './diagnostics';
import { hubAccountOf } from './hub-account';
import type { Manifest } from './schema';

interface ArnParts {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
}

function parts(arn: string): ArnParts | undefined {
  const [prefix, partition, service, region, account] = arn.split(':');
  return prefix === 'arn' && service !== undefined ? { partition, service, region: region ?? '', account: account ?? '' } : undefined;
}

/** Partition and Region of one ARN; `what` names it in the message. */
function arnFindings(arn: string, manifest: Manifest, path: readonly PathSegment[], what: string): Finding[] {
  const arnParts = parts(arn);
  if (!arnParts) return [];
  const { partition } = manifest.organization;
  if (arnParts.partition !== partition) {
    return [
      error(
        path,
        `${what} is in partition ${arnParts.partition}, but organization.partition is ${partition}: ` +
          `use one in ${partition} (arn:${partition}:${arnParts.service}:...)`,
      ),
    ];
  }
  if (arnParts.region === '') return [];
  const mismatch = partitionMismatch(arnParts.region, partition);
  return mismatch ? [error(path, `${what}'s Region: ${mismatch}`)] : [];
}

/** The hub functions read the Falcon API secret by this ARN, in the hub account and home Region. */
function apiCredentialsChecks(manifest: Manifest): Finding[] {
  const arn = manifest.falcon.apiCredentials.secretArn;
  if (arn === undefined) return [];
  const path = ['falcon', 'apiCredentials', 'secretArn'];
  const found = arnFindings(arn, manifest, path, 'the secret');
  if (found.length > 0) return found;
  const { region, account } = parts(arn)!;
  const { homeRegion } = manifest.organization;
  const hub = hubAccountOf(manifest);
  if (region !== homeRegion || account !== hub) {
    return [
      error(
        path,
        `the Falcon API secret must live in the hub account ${hub} and the home Region ${homeRegion}, where the hub ` +
          `functions read it; this ARN names account ${account} in ${region}`,
      ),
    ];
  }
  return [];
}

/** String parameters of an assignment (or a blueprint product) that are ARNs. */
function parameterArnChecks(manifest: Manifest, parameters: Readonly<Record<string, unknown>>, path: readonly PathSegment[]): Finding[] {
  return Object.entries(parameters).flatMap(([key, value]) =>
    typeof value === 'string' && value.startsWith('arn:') ? arnFindings(value, manifest, [...path, key], key) : [],
  );
}

export function arnChecks(manifest: Manifest): Finding[] {
  return [
    ...apiCredentialsChecks(manifest),
    ...manifest.assignments.flatMap((a, i) => parameterArnChecks(manifest, a.parameters, ['assignments', i, 'parameters'])),
    ...Object.entries(manifest.blueprint?.products ?? {}).flatMap(([id, setting]) =>
      parameterArnChecks(manifest, setting?.parameters ?? {}, ['blueprint', 'products', id, 'parameters']),
    ),
  ];
}
