/**
 * Pure core of the organisation registration custom resource (CDK Provider framework `onEvent`), on Falcon's cloud
 * registration API: Create/Update register the organisation, or update its registration with the features the
 * manifest owns (Identity Protection included), and publish the non-secret results; Delete deregisters. Anything
 * thrown reaches CloudFormation as FAILED with its message (the Provider framework reports it), and no message
 * carries a credential.
 */
import type { FalconApi } from './client';
import { FalconRequestError } from './errors';
import type { RegistrationOutputs } from './registration-outputs';
import {
  RegistrationResourceProperties,
  RegistrationSettings,
  registrationCreateRequest,
  registrationPatchRequest,
  registrationPhysicalId,
  registrationSettings,
} from './registration-request';
import { registrationOutputsFrom } from './registration-results';
import type { CloudAwsAccount, FalconEnvelope } from './wire-types';

export interface RegistrationEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResourceProperties: Partial<RegistrationResourceProperties>;
  readonly OldResourceProperties?: Partial<RegistrationResourceProperties>;
  readonly PhysicalResourceId?: string;
}

export interface RegistrationDeps {
  /** Runs Falcon calls with the hub's API client (session.ts). */
  readonly falcon: { run<T>(work: (api: FalconApi) => Promise<T>): Promise<T> };
  readonly outputs: {
    write(outputs: RegistrationOutputs): Promise<void>;
    remove(): Promise<void>;
  };
  readonly log: (message: string, details?: Record<string, unknown>) => void;
}

export interface RegistrationResult {
  readonly PhysicalResourceId: string;
  /** Custom resource attributes: the non-secret outputs, for stack outputs and `Fn::GetAtt`. */
  readonly Data?: Record<string, string>;
}

export async function handleRegistrationEvent(event: RegistrationEvent, deps: RegistrationDeps): Promise<RegistrationResult> {
  const settings = registrationSettings(event.ResourceProperties);
  const physicalId = registrationPhysicalId(settings);

  if (event.RequestType === 'Delete') {
    // A Create that failed leaves another physical ID: there is then nothing of ours to deregister.
    if (event.PhysicalResourceId !== physicalId) {
      deps.log('delete of a registration never created; nothing to deregister', { physicalId: event.PhysicalResourceId });
      return { PhysicalResourceId: event.PhysicalResourceId ?? physicalId };
    }
    await deregister(settings, deps);
    return { PhysicalResourceId: physicalId };
  }

  const previous = previousSettings(event);
  const outputs = await deps.falcon.run((api) => registerOrganization(api, settings, previous, deps));
  await deps.outputs.write(outputs);
  deps.log('organisation registered with Falcon', {
    organizationId: settings.organizationId,
    crowdStrikeAccountId: outputs.crowdStrikeAccountId,
  });
  return { PhysicalResourceId: physicalId, Data: outputsAsAttributes(outputs) };
}

/** The settings of the last deployment, on Update; undefined when there are none or they no longer parse. */
function previousSettings(event: RegistrationEvent): RegistrationSettings | undefined {
  if (event.RequestType !== 'Update' || !event.OldResourceProperties) return undefined;
  try {
    return registrationSettings(event.OldResourceProperties);
  } catch {
    return undefined;
  }
}

async function registerOrganization(
  api: FalconApi,
  settings: RegistrationSettings,
  previous: RegistrationSettings | undefined,
  deps: RegistrationDeps,
): Promise<RegistrationOutputs> {
  const existing = (await api.getCloudAwsAccounts([settings.managementAccountId])).resources?.[0];
  if (!existing) {
    deps.log('creating the organisation registration', { organizationId: settings.organizationId });
    const created = await api.createCloudAwsAccounts([registrationCreateRequest(settings)]);
    return registrationOutputsFrom(firstResource(created, 'creating the cloud registration'));
  }
  // An existing registration (made by an earlier deployment, CrowdStrike's own templates or the console) is only
  // patched: the features the manifest owns, and off only those it turned off since `previous`.
  const patch = registrationPatchRequest(settings, previous);
  deps.log('updating the organisation registration', {
    organizationId: settings.organizationId,
    enable: patch.products,
    disable: patch.disableProducts ?? [],
  });
  const updated = (await api.updateCloudAwsAccounts([patch])).resources?.[0];
  // A PATCH answer may carry only what changed; the GET answer fills in the rest.
  return registrationOutputsFrom({
    ...existing,
    ...(updated ?? {}),
    resource_metadata: { ...existing.resource_metadata, ...updated?.resource_metadata },
  });
}

async function deregister(settings: RegistrationSettings, deps: RegistrationDeps): Promise<void> {
  // One call removes the organisation's registration with every product on it, Identity Protection included.
  await deps.falcon.run((api) => api.deleteCloudAwsOrganization(settings.organizationId));
  await deps.outputs.remove();
  deps.log('organisation deregistered from Falcon', { organizationId: settings.organizationId });
}

function firstResource(envelope: FalconEnvelope<CloudAwsAccount>, operation: string): CloudAwsAccount {
  const resource = envelope.resources?.[0];
  if (!resource) {
    const detail = (envelope.errors ?? []).map((e) => e.message).filter(Boolean).join('; ');
    throw new FalconRequestError(`Falcon returned no account while ${operation}${detail ? `: ${detail}` : ''}`);
  }
  return resource;
}

function outputsAsAttributes(outputs: RegistrationOutputs): Record<string, string> {
  return {
    CrowdStrikeAccountId: outputs.crowdStrikeAccountId,
    CrowdStrikeRoleName: outputs.intermediateRoleName,
    ExternalId: outputs.externalId,
    ReaderRoleName: outputs.readerRoleName,
    EventBusName: outputs.eventBusName ?? '',
    CloudTrailBucketName: outputs.cloudTrailBucketName ?? '',
  };
}
