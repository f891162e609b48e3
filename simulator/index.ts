/** The AWS organisation simulator: build one with `AwsSimulator.fromOrgModel(...)` or `loadOrgModel(path)`. */
export { AwsSimulator, loadOrgModel, type ClientIdentity, type SimulatorClientConfig, type SimulatorOptions } from './aws-simulator';
export type { CallRecord } from './core/call-log';
export { VirtualClock } from './core/clock';
export { sleepingBackoffRetryStrategy } from './core/retry';
export { seededRandom } from './core/seeded-random';
export type { FaultRule } from './core/faults';
export type { LatencyRule } from './core/latency';
export type { ThrottleRule } from './core/throttle';
export type { OrgModel, OrgModelInput } from './organizations/org-model';
export { parseOrgModel, readOrgModelFile } from './organizations/org-model';
export type { SeedPortfolioSpec, SeededPortfolio, SeedProduct, SeedVersion } from './service-catalog/seed';
export type { FailNextProvision, FailNextShare, ScTiming, StackEffect } from './service-catalog/store';
export { simulatedCatalog, simulatedControlArn, type CatalogControl } from './controltower/control-catalog';
export type { ProvisionedProduct } from './service-catalog/model';
export type { EksCluster } from './eks/eks-api';
export type { RecordedBuild } from './codebuild/codebuild-api';
