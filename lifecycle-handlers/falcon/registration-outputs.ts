/**
 * The non-secret results of the organisation's Falcon registration, published as SSM String parameters in the
 * hub under `/falcon-catalog/registration/`, and the mapping onto the IOM product's parameters.
 *
 * Free of the Falcon SDK: the lifecycle core imports this module to read the values (with
 * `ssm:GetParametersByPath` on the prefix, which its worker role already has).
 */
import {
  DeleteParameterCommand,
  GetParameterCommand,
  GetParametersByPathCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import type { RegistrationOutputs } from '../../vocabulary';

export const REGISTRATION_PARAMETER_PREFIX = '/falcon-catalog/registration/';

export type { RegistrationOutputs };

/** What the registration writes; the broker URL is published beside it by the broker (BROKER_URL_PARAMETER). */
type RegistrationKey = Exclude<keyof RegistrationOutputs, 'brokerUrl'>;

/** Where the FalconHub stack publishes the broker's function URL (stacks/constructs/falcon-broker.ts). */
export const BROKER_URL_PARAMETER = '/falcon-catalog/broker/url';

/** SSM parameter name (after the prefix) of each output. */
export const REGISTRATION_PARAMETER_NAMES: Readonly<Record<RegistrationKey, string>> = {
  crowdStrikeAccountId: 'crowdstrike-account-id',
  intermediateRoleName: 'intermediate-role-name',
  externalId: 'external-id',
  readerRoleName: 'reader-role-name',
  eventBusName: 'event-bus-name',
  cloudTrailBucketName: 'cloudtrail-bucket-name',
};

const REQUIRED_OUTPUTS: readonly RegistrationKey[] = [
  'crowdStrikeAccountId',
  'intermediateRoleName',
  'externalId',
  'readerRoleName',
];

const entries = () => Object.entries(REGISTRATION_PARAMETER_NAMES) as [RegistrationKey, string][];
export const registrationParameterName = (key: RegistrationKey) =>
  `${REGISTRATION_PARAMETER_PREFIX}${REGISTRATION_PARAMETER_NAMES[key]}`;

type SsmSender = Pick<SSMClient, 'send'>;

/** Reads the published outputs; fails with a clear message when the hub registration has not run yet. */
export async function readRegistrationOutputs(ssm: SsmSender): Promise<RegistrationOutputs> {
  const byName = new Map<string, string>();
  let nextToken: string | undefined;
  do {
    const page = await ssm.send(
      new GetParametersByPathCommand({ Path: REGISTRATION_PARAMETER_PREFIX, Recursive: false, NextToken: nextToken }),
    );
    for (const p of page.Parameters ?? []) if (p.Name && p.Value) byName.set(p.Name, p.Value);
    nextToken = page.NextToken;
  } while (nextToken);

  const values: Partial<Record<RegistrationKey, string>> = {};
  for (const [key] of entries()) {
    const value = byName.get(registrationParameterName(key));
    if (value) values[key] = value;
  }
  const missing = REQUIRED_OUTPUTS.filter((key) => !values[key]);
  if (missing.length > 0) {
    throw new Error(
      `Falcon registration outputs missing from SSM (${missing.map(registrationParameterName).join(', ')}): ` +
        'deploy the FalconHub and FalconRegistration stacks in the hub account and home Region first',
    );
  }
  return values as RegistrationOutputs;
}

/**
 * The registration outputs plus the broker URL, for the lifecycle core (its worker may read `/falcon-catalog/*`).
 * The broker URL is optional: only products that call the broker need it, and they say so when it is missing.
 */
export async function readHubOutputs(ssm: SsmSender): Promise<RegistrationOutputs> {
  const outputs = await readRegistrationOutputs(ssm);
  try {
    const url = (await ssm.send(new GetParameterCommand({ Name: BROKER_URL_PARAMETER }))).Parameter?.Value;
    return url ? { ...outputs, brokerUrl: url } : outputs;
  } catch (err) {
    if ((err as Error).name === 'ParameterNotFound') return outputs;
    throw err;
  }
}

/** Writes every present output and removes those Falcon no longer returns. */
export async function writeRegistrationOutputs(ssm: SsmSender, outputs: RegistrationOutputs): Promise<void> {
  for (const [key] of entries()) {
    const value = outputs[key];
    const name = registrationParameterName(key);
    if (value) {
      await ssm.send(
        new PutParameterCommand({
          Name: name,
          Value: value,
          Type: 'String',
          Overwrite: true,
          Description: 'Falcon organisation registration result (not a secret), written by the FalconHub stack',
        }),
      );
    } else {
      await deleteParameter(ssm, name);
    }
  }
}

export async function deleteRegistrationOutputs(ssm: SsmSender): Promise<void> {
  for (const [key] of entries()) await deleteParameter(ssm, registrationParameterName(key));
}

async function deleteParameter(ssm: SsmSender, name: string): Promise<void> {
  try {
    await ssm.send(new DeleteParameterCommand({ Name: name }));
  } catch (err) {
    if ((err as Error).name !== 'ParameterNotFound') throw err;
  }
}

/** The IOM product's parameters, from the registration (products/iom/template.ts). */
export interface IomProductParameters {
  readonly CrowdStrikeAccountId: string;
  readonly CrowdStrikeRoleName: string;
  readonly ExternalId: string;
  readonly RoleName: string;
}

export function iomProductParameters(outputs: RegistrationOutputs): IomProductParameters {
  // The IOM product only creates roles whose names start with CrowdStrike (its launch role is scoped to them).
  if (!outputs.readerRoleName.startsWith('CrowdStrike')) {
    throw new Error(
      `Falcon asks for reader role "${outputs.readerRoleName}", but the IOM product can only create roles named ` +
        'CrowdStrike*; re-register with a role name starting with CrowdStrike',
    );
  }
  return {
    CrowdStrikeAccountId: outputs.crowdStrikeAccountId,
    CrowdStrikeRoleName: outputs.intermediateRoleName,
    ExternalId: outputs.externalId,
    RoleName: outputs.readerRoleName,
  };
}
