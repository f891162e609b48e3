/**
 * Names and patterns the EKS Protection member product, the EKS hub stack and the hub's handlers must agree on.
 * No CDK import: the registry, the handlers and the templates all read this file.
 *
 * The hub's role names are fixed (not generated) because member accounts trust them by exact ARN, and a
 * published product version cannot learn a generated name later. They start with `Falcon` (hub resources);
 * member roles start with `CrowdStrike`, the prefix the launch role may manage.
 */
import type { Partition } from '../../vocabulary';

export const EKS_PRODUCT_ID = 'eks-protection';

/** The hub's event bus that member rules forward EKS CloudTrail events to. */
export const EKS_HUB_EVENT_BUS_NAME = 'falcon-eks-cluster-events';
/** The hub Lambda role that inspects clusters and starts builds (assumes the member execution role). */
export const EKS_CLUSTER_HANDLER_ROLE_NAME = 'FalconEksClusterHandler';
/** The CodeBuild service role: assumes the member execution role, and is the principal of the access entry. */
export const EKS_INSTALLER_ROLE_NAME = 'FalconEksInstaller';
export const EKS_INSTALLER_PROJECT_NAME = 'falcon-eks-installer';
/** The VPC-attached twin of the installer project, for clusters whose API endpoint is private. */
export const EKS_INSTALLER_VPC_PROJECT_NAME = 'falcon-eks-installer-vpc';

/** Member roles: the launch role manages `CrowdStrike*` roles and passes `CrowdStrikeEventBridge*` to EventBridge. */
export const EKS_EXECUTION_ROLE_PREFIX = 'CrowdStrikeEks';
export const EKS_EXECUTION_ROLE_NAME = 'CrowdStrikeEksExecution';
export const EKS_EVENTBRIDGE_ROLE_PREFIX = 'CrowdStrikeEventBridge';
export const EKS_EVENTBRIDGE_ROLE_NAME = 'CrowdStrikeEventBridgeEksForwarder';
/**
 * From v1.2.0: the pod execution role of the Fargate profiles the installer creates for the Falcon namespaces on a
 * Fargate-only cluster (nothing else schedules there). Pulls images from ECR only (the ECR mirror).
 */
export const EKS_FARGATE_POD_ROLE_NAME = 'CrowdStrikeEksFargatePodExecution';

/**
 * The namespaces the Falcon operator and its sensors run in on a Fargate-only cluster, each given a Fargate
 * profile of the same name with this prefix (CrowdStrike/falcon-operator docs/deployment/eks-fargate/README.md
 * creates one profile per namespace: the operator, the sidecar injector, the admission controller). The hub ignores
 * the creation events of its own profiles.
 */
export const FALCON_FARGATE_PROFILE_PREFIX = 'crowdstrike-falcon-';
export const FALCON_FARGATE_NAMESPACES = ['falcon-operator', 'falcon-system', 'falcon-kac'] as const;

/** Rules start with `cs-`, the names the launch role may manage. */
export const EKS_RULE_NAME = 'cs-falcon-eks-cluster-events';

/** The EKS access policy the installer gets, for the duration of one build, on one cluster. */
export const EKS_CLUSTER_ADMIN_POLICY_NAME = 'AmazonEKSClusterAdminPolicy';

export function eksClusterAdminPolicyArn(partition: Partition | string): string {
  return `arn:${partition}:eks::aws:cluster-access-policy/${EKS_CLUSTER_ADMIN_POLICY_NAME}`;
}

export function eksRoleArn(partition: Partition | string, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/** The EKS API calls that create something needing a sensor; failed calls (errorCode present) are not forwarded. */
export const EKS_CLUSTER_EVENT_NAMES = ['CreateCluster', 'CreateFargateProfile'] as const;

export const EKS_CLUSTER_EVENT_PATTERN = {
  source: ['aws.eks'],
  'detail-type': ['AWS API Call via CloudTrail'],
  detail: {
    eventSource: ['eks.amazonaws.com'],
    eventName: [...EKS_CLUSTER_EVENT_NAMES],
    errorCode: [{ exists: false }],
  },
};
