/**
 * Pure core of the organisation registration custom resource (CDK Provider framework `onEvent`):
 * Create/Update register or update the organisation in Falcon CSPM (and Identity Protection when enabled) and
 * publish the non-secret results; Delete deregisters. Anything thrown reaches CloudFormation as FAILED with its
 * message (the Provider framework reports it), and no message carries a credential.
 */
import type { FalconApi } from './client';
import { FalconRequestError } from './errors';
import type { RegistrationOutputs } from './registration-outputs';
import {
  RegistrationResourceProperties,
  RegistrationSettings,
  cspmCreateRequest,
  cspmPatchRequest,
  identityProtectionCreateRequest,
  identityProtectionPatchRequest,
  registrationPhysicalId,
  registrationSettings,
} from './registration-request';
import { registrationOutputsFrom } from './registration-results';
import type { CspmAwsAccount, FalconEnvelope } from './wire-types';

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

  const outputs = await deps.falcon.run(async (api) => {
    const result = await registerOrganization(api, settings, deps);
    await reconcileIdentityProtection(api, settings, event, deps);
    return result;
  });
  await deps.outputs.write(outputs);
  deps.log('organisation registered with Falcon', {
    organizationId: settings.organizationId,
    crowdStrikeAccountId: outputs.crowdStrikeAccountId,
  });
  return { PhysicalResourceId: physicalId, Data: outputsAsAttributes(outputs) };
}

async function registerOrganization(
  api: FalconApi,
  settings: RegistrationSettings,
  deps: RegistrationDeps,
): Promise<RegistrationOutputs> {
  const existing = (await api.getCspmOrganization(settings.organizationId)).resources?.[0];
  if (!existing) {
    deps.log('creating the CSPM organisation registration', { organizationId: settings.organizationId });
    const created = await api.createCspmAccounts([cspmCreateRequest(settings)]);
    return registrationOutputsFrom(firstResource(created, 'creating the CSPM AWS registration'));
  }
  deps.log('updating the CSPM organisation registration', { organizationId: settings.organizationId });
  const updated = await api.updateCspmAccounts([cspmPatchRequest(settings, existing)]);
  // A PATCH answer may carry only what changed; the GET answer fills in the rest.
  return registrationOutputsFrom({ ...existing, ...(updated.resources?.[0] ?? {}) });
}

async function reconcileIdentityProtection(
  api: FalconApi,
  settings: RegistrationSettings,
  event: RegistrationEvent,
  deps: RegistrationDeps,
): Promise<void> {
  const wasEnabled = event.OldResourceProperties?.IdentityProtection === 'true';
  if (!settings.identityProtection) {
    if (wasEnabled) {
      deps.log('Identity Protection disabled in the manifest: deregistering it');
      await api.deleteCloudAwsOrganization(settings.organizationId);
    }
    return;
  }
  const existing = (await api.getCloudAwsAccounts([settings.managementAccountId])).resources?.[0];
  if (existing) {
    await api.updateCloudAwsAccounts([identityProtectionPatchRequest(settings)]);
  } else {
    await api.createCloudAwsAccounts([identityProtectionCreateRequest(settings)]);
  }
  deps.log('Identity Protection registered', { organizationId: settings.organizationId });
}

async function deregister(settings: RegistrationSettings, deps: RegistrationDeps): Promise<void> {
  await deps.falcon.run(async (api) => {
    if (settings.identityProtection) await api.deleteCloudAwsOrganization(settings.organizationId);
    await api.deleteCspmOrganization(settings.organizationId);
  });
  await deps.outputs.remove();
  deps.log('organisation deregistered from Falcon', { organizationId: settings.organizationId });
}

function firstResource(envelope: FalconEnvelope<CspmAwsAccount>, operation: string): CspmAwsAccount {
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
