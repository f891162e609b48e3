import { AwsApiError } from '../core/errors';
import type { VirtualClock } from '../core/clock';
import { paginate } from '../core/pagination';
import type { EksClusterSeed } from '../organizations/org-model';
import { RestJsonCodec } from '../protocols/rest-json';
import { InputReader } from '../transport/input';
import type { CallContext, Input, OperationHandler, SimulatedService } from '../transport/service';

interface AccessEntry {
  principalArn: string;
  username: string;
  kubernetesGroups: string[];
  type: string;
  createdAt: Date;
  arn: string;
  policies: Map<string, { accessScope: unknown; associatedAt: Date }>;
}

export interface EksCluster extends EksClusterSeed {
  arn: string;
  createdAt: Date;
  accessEntries: Map<string, AccessEntry>;
}

const PAGE = { defaultSize: 100, maxSize: 100, errorCode: 'InvalidParameterException' };
const notFound = (message: string) => new AwsApiError('ResourceNotFoundException', message, 404);

/** Amazon EKS (restJson1): clusters seeded per account and Region, access entries and access policies. */
export class EksSimulator {
  private readonly clusters = new Map<string, Map<string, EksCluster>>();

  constructor(
    private readonly partition: string,
    private readonly clock: VirtualClock,
  ) {}

  addCluster(account: string, seed: Partial<EksClusterSeed> & { name: string; region: string }): EksCluster {
    const cluster: EksCluster = {
      status: 'ACTIVE',
      authenticationMode: 'API_AND_CONFIG_MAP',
      endpointPublicAccess: true,
      version: '1.31',
      fargateProfiles: [],
      nodegroups: [],
      ...seed,
      arn: `arn:${this.partition}:eks:${seed.region}:${account}:cluster/${seed.name}`,
      createdAt: this.clock.date(),
      accessEntries: new Map(),
    };
    this.regionClusters(account, seed.region).set(cluster.name, cluster);
    return cluster;
  }

  /** For assertions: a cluster with its access entries. */
  cluster(account: string, region: string, name: string): EksCluster | undefined {
    return this.clusters.get(`${account}|${region}`)?.get(name);
  }

  service(): SimulatedService {
    const ops: Record<string, (r: InputReader, clusters: Map<string, EksCluster>, ctx: CallContext) => unknown> = {
      ListClusters: (r, clusters) => {
        const page = paginate([...clusters.keys()], r.raw('nextToken'), r.optionalNumber('maxResults'), { ...PAGE, scope: 'ListClusters' });
        return { clusters: page.items, nextToken: page.nextToken };
      },
      DescribeCluster: (r, clusters) => ({ cluster: describe(requireCluster(clusters, r.string('name'))) }),
      ListFargateProfiles: (r, clusters) => {
        const cluster = requireCluster(clusters, r.string('clusterName'));
        const page = paginate(cluster.fargateProfiles, r.raw('nextToken'), r.optionalNumber('maxResults'), { ...PAGE, scope: `ListFargateProfiles:${cluster.name}` });
        return { fargateProfileNames: page.items, nextToken: page.nextToken };
      },
      ListNodegroups: (r, clusters) => {
        const cluster = requireCluster(clusters, r.string('clusterName'));
        const page = paginate(cluster.nodegroups, r.raw('nextToken'), r.optionalNumber('maxResults'), { ...PAGE, scope: `ListNodegroups:${cluster.name}` });
        return { nodegroups: page.items, nextToken: page.nextToken };
      },
      CreateAccessEntry: (r, clusters) => {
        const cluster = requireCluster(clusters, r.string('clusterName'));
        if (cluster.authenticationMode === 'CONFIG_MAP') {
          throw new AwsApiError('InvalidRequestException', "The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation.");
        }
        const principalArn = r.string('principalArn');
        if (cluster.accessEntries.has(principalArn)) {
          throw new AwsApiError('ResourceInUseException', `The specified access entry resource is already in use on this cluster.`, 409);
        }
        const entry: AccessEntry = {
          principalArn,
          username: r.optionalString('username') ?? principalArn,
          kubernetesGroups: r.list<string>('kubernetesGroups'),
          type: r.optionalString('type') ?? 'STANDARD',
          createdAt: this.clock.date(),
          arn: `${cluster.arn.replace(':cluster/', ':access-entry/')}/role/${cluster.accessEntries.size + 1}`,
          policies: new Map(),
        };
        cluster.accessEntries.set(principalArn, entry);
        return { accessEntry: entryShape(cluster, entry) };
      },
      AssociateAccessPolicy: (r, clusters) => {
        const cluster = requireCluster(clusters, r.string('clusterName'));
        const principalArn = r.string('principalArn');
        const entry = cluster.accessEntries.get(principalArn);
        if (!entry) throw notFound(`The specified principalArn could not be found. You can view your available access entries with 'list-access-entries'.`);
        const policyArn = r.string('policyArn');
        const accessScope = r.optionalObject('accessScope');
        if (!accessScope) throw new AwsApiError('InvalidParameterException', 'accessScope is required.');
        const association = { accessScope, associatedAt: this.clock.date() };
        entry.policies.set(policyArn, association);
        return {
          clusterName: cluster.name,
          principalArn,
          associatedAccessPolicy: { policyArn, accessScope, associatedAt: association.associatedAt, modifiedAt: association.associatedAt },
        };
      },
      ListAccessEntries: (r, clusters) => {
        const cluster = requireCluster(clusters, r.string('clusterName'));
        const policy = r.optionalString('associatedPolicyArn');
        const arns = [...cluster.accessEntries.values()].filter((e) => !policy || e.policies.has(policy)).map((e) => e.principalArn);
        const page = paginate(arns, r.raw('nextToken'), r.optionalNumber('maxResults'), { ...PAGE, scope: `ListAccessEntries:${cluster.name}:${policy ?? ''}` });
        return { accessEntries: page.items, nextToken: page.nextToken };
      },
    };
    const operations: Record<string, OperationHandler> = {};
    for (const [name, op] of Object.entries(ops)) {
      operations[name] = (input: Input, ctx: CallContext) =>
        op(new InputReader(input, 'InvalidParameterException'), this.regionClusters(ctx.caller.account, ctx.region), ctx);
    }
    return {
      signingName: 'eks',
      codec: new RestJsonCodec([
        { method: 'GET', path: '/clusters', operation: 'ListClusters' },
        { method: 'GET', path: '/clusters/{name}', operation: 'DescribeCluster' },
        { method: 'GET', path: '/clusters/{clusterName}/fargate-profiles', operation: 'ListFargateProfiles' },
        { method: 'GET', path: '/clusters/{clusterName}/node-groups', operation: 'ListNodegroups' },
        { method: 'POST', path: '/clusters/{clusterName}/access-entries', operation: 'CreateAccessEntry' },
        { method: 'GET', path: '/clusters/{clusterName}/access-entries', operation: 'ListAccessEntries' },
        { method: 'POST', path: '/clusters/{clusterName}/access-entries/{principalArn}/access-policies', operation: 'AssociateAccessPolicy' },
      ]),
      errorCodes: { accessDenied: 'AccessDeniedException', throttling: 'ThrottlingException', unknownCaller: 'UnrecognizedClientException' },
      operations,
    };
  }

  private regionClusters(account: string, region: string): Map<string, EksCluster> {
    const key = `${account}|${region}`;
    let map = this.clusters.get(key);
    if (!map) {
      map = new Map();
      this.clusters.set(key, map);
    }
    return map;
  }
}

function requireCluster(clusters: Map<string, EksCluster>, name: string): EksCluster {
  const cluster = clusters.get(name);
  if (!cluster) throw notFound(`No cluster found for name: ${name}.`);
  return cluster;
}

function describe(c: EksCluster) {
  return {
    name: c.name,
    arn: c.arn,
    createdAt: c.createdAt,
    version: c.version,
    endpoint: `https://${c.name.toLowerCase()}.eks.simulated.local`,
    status: c.status,
    platformVersion: 'eks.1',
    resourcesVpcConfig: { endpointPublicAccess: c.endpointPublicAccess, endpointPrivateAccess: !c.endpointPublicAccess, publicAccessCidrs: c.endpointPublicAccess ? ['0.0.0.0/0'] : [] },
    accessConfig: { authenticationMode: c.authenticationMode, bootstrapClusterCreatorAdminPermissions: true },
    tags: {},
  };
}

function entryShape(c: EksCluster, e: AccessEntry) {
  return {
    clusterName: c.name,
    principalArn: e.principalArn,
    kubernetesGroups: e.kubernetesGroups,
    accessEntryArn: e.arn,
    createdAt: e.createdAt,
    modifiedAt: e.createdAt,
    tags: {},
    username: e.username,
    type: e.type,
  };
}
