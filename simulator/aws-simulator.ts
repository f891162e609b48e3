import type { AwsCredentialIdentity, RetryStrategyV2 } from '@smithy/types';
import type { CallRecord } from './core/call-log';
import { VirtualClock } from './core/clock';
import { FaultInjector } from './core/faults';
import { CredentialTable } from './core/identity';
import { LatencyModel } from './core/latency';
import { virtualBackoffRetryStrategy } from './core/retry';
import { ThrottleModel } from './core/throttle';
import { CodeBuildSimulator } from './codebuild/codebuild-api';
import { ControlTowerSimulator } from './controltower/controltower-api';
import { EksSimulator } from './eks/eks-api';
import { IamState } from './iam/iam-state';
import { parseOrgModel, readOrgModelFile, type OrgModel, type OrgModelInput } from './organizations/org-model';
import { OrganizationState } from './organizations/organization-state';
import { OrganizationsSimulator } from './organizations/organizations-api';
import { ServiceCatalogSimulator } from './service-catalog';
import { ScStore } from './service-catalog/store';
import { stsService } from './sts/sts-api';
import { SimulatorRequestHandler } from './transport/request-handler';
import type { SimulatedService } from './transport/service';

export interface SimulatorOptions {
  /** Virtual start time; defaults to the real current time (whole seconds). */
  startTime?: Date | number;
  /** Attempts per SDK call for `retryStrategy` / `clientConfig` (default 8). */
  maxAttempts?: number;
}

export interface ClientIdentity {
  accountId: string;
  /** Role the caller acts as; created in the account if missing (you cannot hold credentials of a role that does not exist). */
  roleName?: string;
  sessionName?: string;
}

/** What to spread into any AWS SDK v3 client constructor. */
export interface SimulatorClientConfig {
  credentials: AwsCredentialIdentity;
  requestHandler: SimulatorRequestHandler;
  retryStrategy: RetryStrategyV2;
}

/**
 * An in-process AWS organisation under the real SDK v3 clients: Organizations, STS, Service Catalog, EKS,
 * CodeBuild and Control Tower (enabled controls), with a virtual clock, per-API throttling, latency and fault
 * injection. Every call is in `calls`.
 */
export class AwsSimulator {
  readonly partition: string;
  readonly clock: VirtualClock;
  readonly calls: CallRecord[] = [];
  readonly throttle: ThrottleModel;
  readonly latency = new LatencyModel();
  readonly faults = new FaultInjector();
  readonly iam: IamState;
  readonly org: OrganizationsSimulator;
  readonly sc: ServiceCatalogSimulator;
  readonly eks: EksSimulator;
  readonly codebuild: CodeBuildSimulator;
  readonly controltower: ControlTowerSimulator;
  readonly requestHandler: SimulatorRequestHandler;
  private readonly credentialTable: CredentialTable;
  private readonly maxAttempts: number;

  static fromOrgModel(source: string | OrgModelInput, options: SimulatorOptions = {}): AwsSimulator {
    return new AwsSimulator(parseOrgModel(source), options);
  }

  constructor(model: OrgModel, options: SimulatorOptions = {}) {
    this.partition = model.organization.partition;
    this.clock = new VirtualClock(options.startTime);
    this.maxAttempts = options.maxAttempts ?? 8;
    this.throttle = new ThrottleModel(this.clock);
    this.credentialTable = new CredentialTable(this.partition);
    this.iam = new IamState(this.partition);
    const orgState = new OrganizationState(model, this.clock.date());
    const unenrolled = new Set(model.accounts.filter((a) => !a.enrolled).map((a) => a.id));
    orgState.onAccountAdded((account) => {
      this.iam.ensureAccount(account.id);
      // Control Tower enrols member accounts (Account Factory vends enrolled ones); never the management account.
      if (account.id !== orgState.managementAccountId && !unenrolled.has(account.id)) {
        this.iam.enrolInControlTower(account.id, orgState.managementAccountId);
      }
    });
    for (const account of model.accounts) for (const role of account.roles) this.iam.createRole(account.id, role);
    this.org = new OrganizationsSimulator(orgState, this.clock);
    this.sc = new ServiceCatalogSimulator(new ScStore(this.clock, orgState, this.iam, this.partition));
    this.eks = new EksSimulator(this.partition, this.clock);
    for (const account of model.accounts) for (const cluster of account.eksClusters) this.eks.addCluster(account.id, cluster);
    this.codebuild = new CodeBuildSimulator(this.partition, this.clock);
    this.controltower = new ControlTowerSimulator(orgState);

    const services: SimulatedService[] = [
      this.org.service(),
      stsService({
        iam: this.iam,
        credentials: this.credentialTable,
        clock: this.clock,
        accountIsOpen: (account) => orgState.getAccount(account)?.status === 'ACTIVE',
      }),
      this.sc.service(),
      this.eks.service(),
      this.codebuild.service(),
      this.controltower.service(),
    ];
    this.requestHandler = new SimulatorRequestHandler({
      services: new Map(services.map((s) => [s.signingName, s])),
      credentials: this.credentialTable,
      clock: this.clock,
      throttle: this.throttle,
      latency: this.latency,
      faults: this.faults,
      calls: this.calls,
      partition: this.partition,
    });
  }

  /**
   * A fresh retry strategy per access, as each SDK client has its own (its retry quota is per client).
   * Backoff advances the virtual clock; see core/retry.ts.
   */
  get retryStrategy(): RetryStrategyV2 {
    return virtualBackoffRetryStrategy(this.clock, this.maxAttempts);
  }

  /** Credentials for `role` in `account` (the role is created there if missing). */
  credentials(account: string, role = 'Admin', session = 'simulator'): AwsCredentialIdentity {
    if (!this.iam.hasRole(account, role)) this.iam.createRole(account, role);
    return this.credentialTable.mint(account, role, session);
  }

  clientConfig(identity: ClientIdentity): SimulatorClientConfig {
    return {
      credentials: this.credentials(identity.accountId, identity.roleName, identity.sessionName),
      requestHandler: this.requestHandler,
      retryStrategy: this.retryStrategy,
    };
  }
}

/** Reads an org model YAML file and builds a simulator from it. */
export function loadOrgModel(path: string, options: SimulatorOptions = {}): AwsSimulator {
  return new AwsSimulator(readOrgModelFile(path), options);
}
