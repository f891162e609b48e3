/** Service Catalog state: per (account, region), as the service keeps it. */

export interface ArtifactParameter {
  key: string;
  defaultValue?: string;
  description?: string;
  isNoEcho?: boolean;
}

export interface ProvisioningArtifact {
  id: string;
  name: string;
  description: string;
  createdAt: Date;
  active: boolean;
  guidance: 'DEFAULT' | 'DEPRECATED';
  /** Parameter definitions of the template; undefined when the template is unknown (created by API from a URL). */
  parameters: ArtifactParameter[] | undefined;
}

export interface Product {
  id: string;
  viewId: string;
  arn: string;
  name: string;
  owner: string;
  description: string;
  distributor: string;
  supportEmail?: string;
  supportUrl?: string;
  createdAt: Date;
  /** Insertion-ordered, oldest version first. */
  artifacts: Map<string, ProvisioningArtifact>;
}

export interface LaunchConstraint {
  constraintId: string;
  localRoleName?: string;
  roleArn?: string;
}

export type PrincipalType = 'IAM' | 'IAM_PATTERN';

export type ShareType = 'ACCOUNT' | 'ORGANIZATION' | 'ORGANIZATIONAL_UNIT' | 'ORGANIZATION_MEMBER_ACCOUNT';

export interface PortfolioShare {
  type: ShareType;
  /** Account id, organization id, or OU id. */
  principalId: string;
  sharePrincipals: boolean;
  shareTagOptions: boolean;
  /** The share is visible to recipients once the action that created it completed (virtual ms). */
  effectiveAt: number;
}

export type ShareActionStatus = 'NOT_STARTED' | 'IN_PROGRESS' | 'COMPLETED' | 'COMPLETED_WITH_ERRORS' | 'ERROR';

export interface ShareAction {
  token: string;
  portfolioId: string;
  organizationNodeValue: string;
  startedAt: number;
  inProgressAt: number;
  finishedAt: number;
  outcome: 'COMPLETED' | 'COMPLETED_WITH_ERRORS' | 'ERROR';
  successfulAccounts: string[];
  errors: Array<{ accounts: string[]; message: string; error: string }>;
}

export interface Portfolio {
  id: string;
  arn: string;
  displayName: string;
  providerName: string;
  description: string;
  createdAt: Date;
  ownerAccount: string;
  region: string;
  productIds: Set<string>;
  launchConstraints: Map<string, LaunchConstraint>;
  tagOptionIds: Set<string>;
  /** key: `${type}|${principalId}` */
  shares: Map<string, PortfolioShare>;
  /** The latest share action; another cannot start until it finishes. */
  lastShareAction?: ShareAction;
}

export interface TagOption {
  id: string;
  key: string;
  value: string;
  active: boolean;
  owner: string;
}

export type ProvisionedProductStatus = 'AVAILABLE' | 'UNDER_CHANGE' | 'TAINTED' | 'ERROR' | 'PLAN_IN_PROGRESS';
export type RecordType = 'PROVISION_PRODUCT' | 'UPDATE_PROVISIONED_PRODUCT' | 'TERMINATE_PROVISIONED_PRODUCT';
export type RecordStatus = 'CREATED' | 'IN_PROGRESS' | 'IN_PROGRESS_IN_ERROR' | 'SUCCEEDED' | 'FAILED';

export interface Tag {
  Key: string;
  Value: string;
}

export interface ProvisionedProduct {
  id: string;
  arn: string;
  name: string;
  status: ProvisionedProductStatus;
  statusMessage?: string;
  createdAt: Date;
  productId: string;
  productName: string;
  artifactId: string;
  artifactName: string;
  pathId: string;
  /** What CloudFormation holds for the stack; no Service Catalog API returns it (see SIMPLIFICATIONS.md). */
  parameters: Record<string, string>;
  tags: Tag[];
  idempotencyToken: string;
  lastRecordId: string;
  lastProvisioningRecordId: string;
  lastSuccessfulProvisioningRecordId?: string;
  physicalId: string;
  userArn: string;
  userArnSession: string;
  launchRoleArn?: string;
  terminated: boolean;
}

/** The end state a record reaches at `finishedAt`, decided when the request is accepted. */
export interface RecordOutcome {
  status: 'SUCCEEDED' | 'FAILED';
  message?: string;
  /** Status of the provisioned product when the record ends. */
  productStatus: ProvisionedProductStatus;
  /** Applied to the provisioned product on success (update records). */
  apply?: { artifactId: string; artifactName: string; productId: string; productName: string; pathId: string; parameters: Record<string, string>; tags?: Tag[] };
}

export interface ProvisioningRecord {
  id: string;
  type: RecordType;
  provisionedProductId: string;
  provisionedProductName: string;
  productId: string;
  artifactId: string;
  pathId: string;
  createdAt: number;
  inProgressAt: number;
  finishedAt: number;
  outcome: RecordOutcome;
  settled: boolean;
  tags: Tag[];
  launchRoleArn?: string;
  /** Who made the request (for ListRecordHistory's AccessLevelFilter). */
  userArn: string;
}

/** Everything Service Catalog holds for one account in one Region. */
export class ScRegionState {
  readonly portfolios = new Map<string, Portfolio>();
  readonly products = new Map<string, Product>();
  readonly tagOptions = new Map<string, TagOption>();
  /** portfolio id → principal ARN/pattern → type, for principals of THIS account (own or imported portfolios). */
  readonly principals = new Map<string, Map<string, PrincipalType>>();
  /** `${portfolioId}|${principal}` → when the association starts granting launch paths (virtual ms). */
  readonly principalEffectiveAt = new Map<string, number>();
  /** Imported portfolio id → how it was accepted. */
  readonly accepted = new Map<string, 'IMPORTED' | 'AWS_ORGANIZATIONS'>();
  readonly provisioned = new Map<string, ProvisionedProduct>();
  /** Live (not terminated) provisioned-product name → id. */
  readonly provisionedByName = new Map<string, string>();
  readonly records = new Map<string, ProvisioningRecord>();
  /** Records that have not reached their final status yet. */
  readonly pendingRecords = new Set<string>();
  /** Records ListRecordHistory no longer returns (`forgetRecordHistory`); their tokens still replay them. */
  readonly forgottenRecords = new Set<string>();
  /** ProvisionToken / UpdateToken / TerminateToken → record id. */
  readonly tokens = new Map<string, string>();
  readonly shareActions = new Map<string, ShareAction>();

  constructor(
    readonly account: string,
    readonly region: string,
  ) {}
}

/** Service Catalog's service principal, under which Organizations registers its delegated administrators. */
export const SERVICE_CATALOG_PRINCIPAL = 'servicecatalog.amazonaws.com';
