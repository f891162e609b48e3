/**
 * Broker actions on Falcon container-security registry connections (ECR). A caller can connect its own
 * account's ECR registry and disconnect only registries whose URL names its own account.
 *
 * Frozen, like broker-types.ts: published ecr-connections templates inline a bundle built from this file's text.
 */
import { ACCOUNT_ID, BrokerDeps, BrokerError, assertOwnAccount } from './broker-types';
import type { RegistryEntity } from './wire-types';

// The vocabulary's REGION, written out: importing it would bring the vocabulary's text into the frozen bundle.
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const ROLE_ARN = /^arn:(aws|aws-us-gov):iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const ECR_HOST = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com$/;

export function ecrRegistryUrl(accountId: string, region: string): string {
  return `https://${accountId}.dkr.ecr.${region}.amazonaws.com`;
}

/** Account and Region of an ECR registry URL, or undefined when the URL is not an ECR registry. */
export function parseEcrRegistryUrl(url: string | undefined): { accountId: string; region: string } | undefined {
  if (!url) return undefined;
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return undefined;
  }
  const match = ECR_HOST.exec(host);
  return match ? { accountId: match[1], region: match[2] } : undefined;
}

async function registriesOf(deps: BrokerDeps, accountId: string, region?: string): Promise<RegistryEntity[]> {
  return deps.falcon.run(async (api) => {
    const all = await api.getRegistries(await api.listRegistryIds());
    return all.filter((r) => {
      const owner = parseEcrRegistryUrl(r.url);
      return owner?.accountId === accountId && (region === undefined || owner.region === region);
    });
  });
}

export async function connectEcrRegistry(
  caller: string,
  body: Record<string, unknown>,
  deps: BrokerDeps,
): Promise<Record<string, unknown>> {
  const { region, roleArn, externalId } = body;
  if (typeof region !== 'string' || !REGION.test(region)) {
    throw new BrokerError(400, 'region must be a Region code such as us-east-1');
  }
  if (typeof roleArn !== 'string') throw new BrokerError(400, 'roleArn is required');
  const arn = ROLE_ARN.exec(roleArn);
  if (!arn) throw new BrokerError(400, `roleArn is not an IAM role ARN: ${roleArn}`);
  assertOwnAccount(caller, arn[2], 'roleArn');
  if (arn[1] !== deps.partition) {
    throw new BrokerError(400, `roleArn is in partition ${arn[1]}, but this organisation is in ${deps.partition}`);
  }
  if (typeof externalId !== 'string' || !EXTERNAL_ID.test(externalId)) {
    throw new BrokerError(400, 'externalId must be 2-1224 characters of letters, digits and + = , . @ : / _ -');
  }

  const url = ecrRegistryUrl(caller, region);
  const existing = (await registriesOf(deps, caller, region)).find((r) => r.url === url);
  if (existing) return { registryId: existing.id, url, created: false };

  const created = await deps.falcon.run((api) =>
    api.createRegistry({
      type: 'ecr',
      url,
      userDefinedAlias: `ecr-${caller}-${region}`,
      credential: { details: { aws_iam_role: roleArn, aws_external_id: externalId } },
    }),
  );
  const registry = created.resources?.[0];
  if (!registry?.id) throw new BrokerError(502, 'Falcon accepted the registry but returned no registry ID');
  return { registryId: registry.id, url, created: true };
}

export async function disconnectEcrRegistries(
  caller: string,
  body: Record<string, unknown>,
  deps: BrokerDeps,
): Promise<Record<string, unknown>> {
  const { region } = body;
  if (region !== undefined && (typeof region !== 'string' || !REGION.test(region))) {
    throw new BrokerError(400, 'region, when given, must be a Region code such as us-east-1');
  }
  if (!ACCOUNT_ID.test(caller)) throw new BrokerError(403, 'the caller account is not a 12-digit account ID');
  const own = await registriesOf(deps, caller, region as string | undefined);
  const ids = own.map((r) => r.id);
  if (ids.length > 0) await deps.falcon.run((api) => api.deleteRegistries(ids));
  return { disconnected: own.map((r) => ({ registryId: r.id, url: r.url })) };
}
