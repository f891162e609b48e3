/**
 * What to do with one cluster, from facts read from the cluster itself (pure).
 *
 * - Not ACTIVE yet → wait and look again later; DELETING or FAILED → refuse.
 * - Access entries are how the installer gets in, so the authentication mode must be API or API_AND_CONFIG_MAP;
 *   the hub never changes a cluster's configuration to make that so.
 * - The build must reach the API endpoint: a public endpoint open to the internet from the hub's public project;
 *   otherwise the private endpoint from the VPC-attached project when one is configured; else refuse, saying why.
 * - Fargate profiles and no managed node groups (and no EKS Auto Mode nodes) → the Fargate sidecar; otherwise the
 *   node sensor DaemonSet, which also covers node groups added later.
 */
import type { NodeType } from './types';

export interface ClusterFacts {
  readonly arn: string;
  readonly status: string;
  readonly authenticationMode?: string;
  readonly endpointPublicAccess: boolean;
  readonly endpointPrivateAccess: boolean;
  readonly publicAccessCidrs: readonly string[];
  /** EKS Auto Mode runs EC2 nodes without managed node groups. */
  readonly autoModeCompute: boolean;
  readonly nodegroupCount: number;
  readonly fargateProfileCount: number;
}

export type InstallDecision =
  | { readonly kind: 'build'; readonly nodeType: NodeType; readonly network: 'public' | 'vpc' }
  | { readonly kind: 'wait'; readonly reason: string }
  | { readonly kind: 'refuse'; readonly reason: string };

const TRANSITIONAL = new Set(['CREATING', 'UPDATING', 'PENDING']);
const ACCESS_ENTRY_MODES = new Set(['API', 'API_AND_CONFIG_MAP']);
const OPEN_TO_INTERNET = '0.0.0.0/0';

export function nodeTypeOf(facts: Pick<ClusterFacts, 'autoModeCompute' | 'nodegroupCount' | 'fargateProfileCount'>): NodeType {
  const fargateOnly = facts.fargateProfileCount > 0 && facts.nodegroupCount === 0 && !facts.autoModeCompute;
  return fargateOnly ? 'fargate' : 'nodegroup';
}

function network(facts: ClusterFacts, vpcProjectConfigured: boolean): { network: 'public' | 'vpc' } | { refusal: string } {
  if (facts.endpointPublicAccess && facts.publicAccessCidrs.includes(OPEN_TO_INTERNET)) return { network: 'public' };
  if (facts.endpointPrivateAccess && vpcProjectConfigured) return { network: 'vpc' };
  const why = facts.endpointPublicAccess
    ? `its public endpoint admits only ${facts.publicAccessCidrs.join(', ')}`
    : 'its API endpoint is private only';
  const fix = vpcProjectConfigured
    ? 'enable its private endpoint, reachable from the hub installer VPC'
    : 'configure eks.privateClusters with a hub VPC routed to the cluster\'s private endpoint';
  return { refusal: `the hub installer cannot reach the cluster: ${why}; ${fix} (the hub never edits endpoint access)` };
}

export function decideInstall(facts: ClusterFacts, vpcProjectConfigured: boolean): InstallDecision {
  if (TRANSITIONAL.has(facts.status)) return { kind: 'wait', reason: `cluster is ${facts.status}` };
  if (facts.status !== 'ACTIVE') return { kind: 'refuse', reason: `cluster is ${facts.status}` };
  if (!facts.authenticationMode || !ACCESS_ENTRY_MODES.has(facts.authenticationMode)) {
    return {
      kind: 'refuse',
      reason:
        `cluster authentication mode is ${facts.authenticationMode ?? 'unknown'}; the installer needs access entries: ` +
        'set it to API_AND_CONFIG_MAP (aws eks update-cluster-config --access-config authenticationMode=API_AND_CONFIG_MAP)',
    };
  }
  const reach = network(facts, vpcProjectConfigured);
  if ('refusal' in reach) return { kind: 'refuse', reason: reach.refusal };
  return { kind: 'build', nodeType: nodeTypeOf(facts), network: reach.network };
}
