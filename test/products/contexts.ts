/** ParameterContext builders for the products' `templateParameters` tests. */
import type { FalconCloud, ParameterContext, Partition, RegistrationOutputs } from '../../vocabulary';
import { exampleManifest } from '../helpers/example-app';
import { organizationFacts } from '../../manifest/organization-facts';

export const REGISTRATION: RegistrationOutputs = {
  crowdStrikeAccountId: '292230061137',
  intermediateRoleName: 'CrowdStrikeCSPMConnector',
  externalId: 'ext-1234567890',
  readerRoleName: 'CrowdStrikeCSPMReader-abc',
  eventBusName: 'cs-tenant-bus',
};

export interface ContextOptions {
  partition?: Partition;
  cloud?: FalconCloud;
  region?: string;
  isHomeRegion?: boolean;
  assignment?: Record<string, unknown>;
  /** null: no registration published yet. */
  registration?: RegistrationOutputs | null;
  /** null: the registration returned no event bus. */
  eventBusName?: string | null;
  /** The product version whose parameters are computed; v1.0.0 unless a test is about a newer one. */
  version?: string;
  /** `portfolio.selfService.sensorDownloadSecretArn` (the directory's sensor-download secret); none by default. */
  sensorDownloadSecretArn?: string;
}

export function contextFor(options: ContextOptions): ParameterContext {
  const partition = options.partition ?? 'aws';
  const gov = partition === 'aws-us-gov';
  const homeRegion = gov ? 'us-gov-west-1' : 'us-east-1';
  const manifest = exampleManifest((m) => {
    m.organization.partition = partition;
    m.organization.homeRegion = homeRegion;
    m.organization.governedRegions = gov ? ['us-gov-west-1', 'us-gov-east-1'] : ['us-east-1', 'us-west-2', 'eu-west-1'];
    m.falcon.cloud = options.cloud ?? (gov ? 'us-gov-1' : 'us-1');
    if (options.sensorDownloadSecretArn) m.portfolio.selfService.sensorDownloadSecretArn = options.sensorDownloadSecretArn;
    else delete m.portfolio.selfService.sensorDownloadSecretArn;
  });
  const region = options.region ?? homeRegion;
  let registration: RegistrationOutputs | undefined =
    options.registration === null ? undefined : (options.registration ?? REGISTRATION);
  if (registration && options.eventBusName !== undefined) {
    registration = { ...registration, eventBusName: options.eventBusName ?? undefined };
  }
  return {
    org: organizationFacts(manifest),
    version: options.version ?? 'v1.0.0',
    accountId: '222222222222',
    region,
    isHomeRegion: options.isHomeRegion ?? region === homeRegion,
    assignment: options.assignment ?? {},
    registration,
  };
}
