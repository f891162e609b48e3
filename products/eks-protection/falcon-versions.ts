/**
 * Versions and digests of what CrowdStrike publishes for Kubernetes, as facts with their sources (no code of
 * theirs): test/eks/falcon-versions.test.ts checks them against CrowdStrike's repositories when a copy is at hand.
 */

/**
 * falcon-operator releases → SHA-256 of their `falcon-operator.yaml`. The release workflow uploads
 * `deploy/falcon-operator.yaml` as that asset (CrowdStrike/falcon-operator .github/workflows/release.yml, step
 * "Upload release assets"); the digests are those of that file at each release tag. Operator 1.13.0 supports node
 * sensors from 7.35 and the Fargate sidecar from 7.37 (docs/resources/node/README.md, container/README.md).
 */
export const FALCON_OPERATOR_RELEASES: Readonly<Record<string, string>> = {
  '1.13.0': 'a395e36417f7975cfc2fe7f2996e0f233dc85acbe73a180d1999697795af5e0d',
  '1.12.1': '8bb3d326a99516a18379d6f7acebe2dbc0c94c9b49b39569cbcebf3ba08aea88',
  '1.12.0': 'cd15ece64fb8da8e1f88bfa2f72c16ddfff4ab3e142de7543b0537f13306e5a0',
  '1.11.0': 'ddf3a7695f58d2ae33be65c88a21c82f314739e773601bc95149bc38e3c5a624',
};
export const LATEST_FALCON_OPERATOR = '1.13.0';

/**
 * cs-k8s-protection-agent chart versions → the `digest` (SHA-256 of the chart archive) CrowdStrike's Helm
 * repository index lists for them (CrowdStrike/falcon-helm, branch gh-pages, index.yaml). 1.0.3 is the last: the
 * agent reached end of support on 18 August 2025 and its chart left the repository's sources on 17 September 2025
 * (falcon-helm DEPRECATION.md); cluster visibility moved to the admission controller 7.20 and newer.
 */
export const KPA_CHART_DIGESTS: Readonly<Record<string, string>> = {
  '1.0.3': 'd69b6af926eadfa3ffbe35d346078c06b4b8d29d7c35363f5ca530f610e34cd9',
  '1.0.2': 'e5658caf219a1365e25ade0e342224c081a62bfb3aecfd93fd36de88642032f2',
  '1.0.1': 'e676d7ab6044d12ec78e2c5e5b9893e22db4a776384cec6cfec4f4785b15fbe6',
};
export const LATEST_KPA_CHART = '1.0.3';

/**
 * CrowdStrike's container registry per Falcon cloud, and the unified (cloud-independent) image repositories
 * (CrowdStrike/falcon-scripts falcon-container-sensor-pull.sh: `cs_registry`, `registry_opts` and
 * `repository_name` with BUILD_STAGE=release; CrowdStrike/falcon-operator pkg/registry/falcon_registry).
 */
export function falconRegistryHost(cloud: string): string {
  if (cloud === 'us-gov-1') return 'registry.laggar.gcw.crowdstrike.com';
  if (cloud === 'us-gov-2') return 'registry.us-gov-2.crowdstrike.mil';
  return 'registry.crowdstrike.com';
}

export const FALCON_IMAGE_REPOSITORIES = {
  nodeSensor: 'falcon-sensor/release/falcon-sensor',
  containerSensor: 'falcon-container/release/falcon-container',
  admissionController: 'falcon-kac/release/falcon-kac',
} as const;
