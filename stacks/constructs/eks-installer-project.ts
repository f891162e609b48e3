/**
 * The installer: a CodeBuild project in the hub account and Region running eks-installer/buildspec.yml against
 * one cluster per build. Its role (fixed name, trusted by every member execution role) may assume the member
 * execution role in organisation accounts only, and read its OWN Falcon client (`eks.apiCredentials`, Falcon Images
 * Download and Sensor Download read only) through the project's Secrets Manager variables, never a plain variable.
 * It can neither read nor decrypt the organisation's client (`falcon.apiCredentials`): nothing names that secret
 * here, and its key admits only the registration and broker functions. No privileged mode: it runs no Docker (the
 * ECR option uses images already mirrored). A second, VPC-attached project serves private-endpoint clusters.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  BuildEnvironmentVariableType,
  BuildSpec,
  ComputeType,
  LinuxBuildImage,
  Project,
  Source,
  type BuildEnvironmentVariable,
} from 'aws-cdk-lib/aws-codebuild';
import { SecurityGroup, Subnet, Vpc } from 'aws-cdk-lib/aws-ec2';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import * as path from 'node:path';
import { falconBaseUrl } from '../../lifecycle-handlers/falcon/clouds';
import { FALCON_IMAGE_REPOSITORIES, falconRegistryHost } from '../../products/eks-protection/falcon-versions';
import {
  EKS_EXECUTION_ROLE_NAME,
  EKS_FARGATE_POD_ROLE_NAME,
  EKS_INSTALLER_PROJECT_NAME,
  EKS_INSTALLER_ROLE_NAME,
  EKS_INSTALLER_VPC_PROJECT_NAME,
  FALCON_FARGATE_NAMESPACES,
  FALCON_FARGATE_PROFILE_PREFIX,
  eksClusterAdminPolicyArn,
} from '../../products/eks-protection/names';
import { type EksHubOptions, operatorManifestSha256, protectionAgentChart } from '../../products/eks-protection/options';
import type { FalconSecretReference } from './falcon-secret';
import { EksInstallerSecretKey } from './eks-installer-secret';
import { REPO_ROOT } from './node-function';

export const EKS_INSTALLER_DIR = path.join(REPO_ROOT, 'eks-installer');

export interface EksInstallerProjectProps {
  readonly options: EksHubOptions;
  readonly organizationId: string;
  readonly falconCloud: string;
  /** The installer's own client (`eks.apiCredentials`), never the organisation's. */
  readonly installerSecret: FalconSecretReference;
  readonly key: IKey;
}

export class EksInstallerProject extends Construct {
  readonly role: Role;
  readonly project: Project;
  readonly vpcProject?: Project;
  readonly secretKey: EksInstallerSecretKey;

  constructor(scope: Construct, id: string, props: EksInstallerProjectProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.role = new Role(this, 'Role', {
      roleName: EKS_INSTALLER_ROLE_NAME,
      assumedBy: new ServicePrincipal('codebuild.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'Falcon EKS installer (CodeBuild): grants itself a temporary access entry and installs Falcon',
    });
    this.grantMemberAccess(stack, props);
    // CodeBuild grants secretsmanager:GetSecretValue on the secret for the Secrets Manager variables; this key
    // lets the role decrypt it, through Secrets Manager only.
    this.secretKey = new EksInstallerSecretKey(this, 'SecretKey', { installerRole: this.role, secretId: props.installerSecret.secretId });

    const source = new Asset(this, 'Source', { path: EKS_INSTALLER_DIR });
    // Source.s3 grants the role read access to this one archive (and its bucket's metadata).
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_YEAR,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const common = {
      role: this.role,
      source: Source.s3({ bucket: source.bucket, path: source.s3ObjectKey }),
      buildSpec: BuildSpec.fromSourceFilename('buildspec.yml'),
      encryptionKey: props.key,
      timeout: Duration.minutes(props.options.buildTimeoutMinutes),
      // One install per cluster at a time is plenty; more would only contend for the same API servers.
      concurrentBuildLimit: 10,
      environment: { buildImage: LinuxBuildImage.AMAZON_LINUX_2023_5, computeType: ComputeType.SMALL, privileged: false },
      environmentVariables: installerEnvironment(stack, props),
      logging: { cloudWatch: { logGroup } },
    };
    this.project = new Project(this, 'Project', {
      ...common,
      projectName: EKS_INSTALLER_PROJECT_NAME,
      description: 'Installs the Falcon operator and sensor on one EKS cluster with a public endpoint',
    });
    const network = props.options.privateClusters;
    if (network.mode === 'vpc') {
      this.vpcProject = new Project(this, 'VpcProject', {
        ...common,
        projectName: EKS_INSTALLER_VPC_PROJECT_NAME,
        description: 'Installs the Falcon operator and sensor on one EKS cluster through its private endpoint',
        vpc: Vpc.fromVpcAttributes(this, 'Vpc', { vpcId: network.vpcId, availabilityZones: stack.availabilityZones }),
        subnetSelection: { subnets: network.subnetIds.map((s, i) => Subnet.fromSubnetId(this, `Subnet${i}`, s)) },
        securityGroups: network.securityGroupIds.map((sg, i) => SecurityGroup.fromSecurityGroupId(this, `Sg${i}`, sg)),
      });
    }
  }

  private grantMemberAccess(stack: Stack, props: EksInstallerProjectProps): void {
    this.role.addToPolicy(
      new PolicyStatement({
        sid: 'AssumeMemberExecutionRole',
        actions: ['sts:AssumeRole'],
        resources: [`arn:${stack.partition}:iam::*:role/${EKS_EXECUTION_ROLE_NAME}`],
        conditions: { StringEquals: { 'aws:ResourceOrgID': props.organizationId } },
      }),
    );
  }
}

/**
 * Project-wide build settings. Nothing here is secret; the installer client's ID and secret come from its own
 * Secrets Manager secret (CodeBuild resolves them at build start and masks them in the logs).
 */
export function installerEnvironment(stack: Stack, props: EksInstallerProjectProps): Record<string, BuildEnvironmentVariable> {
  const { options } = props;
  const plain = (value: string): BuildEnvironmentVariable => ({ value, type: BuildEnvironmentVariableType.PLAINTEXT });
  const secret = (key: string): BuildEnvironmentVariable => ({
    value: `${props.installerSecret.secretId}:${key}`,
    type: BuildEnvironmentVariableType.SECRETS_MANAGER,
  });
  const mirror = options.registry === 'ecr' ? options.ecrMirror : undefined;
  const kpa = options.kubernetesProtectionAgent ? protectionAgentChart(options) : undefined;
  const registry = falconRegistryHost(props.falconCloud);
  return {
    PARTITION: plain(stack.partition),
    EXECUTION_ROLE_NAME: plain(EKS_EXECUTION_ROLE_NAME),
    INSTALLER_ROLE_ARN: plain(`arn:${stack.partition}:iam::${stack.account}:role/${EKS_INSTALLER_ROLE_NAME}`),
    ACCESS_POLICY_ARN: plain(eksClusterAdminPolicyArn(stack.partition)),
    FARGATE_POD_ROLE_NAME: plain(EKS_FARGATE_POD_ROLE_NAME),
    FARGATE_PROFILE_PREFIX: plain(FALCON_FARGATE_PROFILE_PREFIX),
    FARGATE_NAMESPACES: plain(FALCON_FARGATE_NAMESPACES.join(' ')),
    FALCON_CLOUD: plain(props.falconCloud),
    FALCON_API_BASE_URL: plain(falconBaseUrl(props.falconCloud)),
    FALCON_REGISTRY: plain(registry),
    NODE_SENSOR_REPOSITORY: plain(FALCON_IMAGE_REPOSITORIES.nodeSensor),
    CONTAINER_SENSOR_REPOSITORY: plain(FALCON_IMAGE_REPOSITORIES.containerSensor),
    KAC_REPOSITORY: plain(FALCON_IMAGE_REPOSITORIES.admissionController),
    SENSOR_VERSION: plain(options.sensorVersion ?? ''),
    REGISTRY: plain(options.registry),
    BACKEND: plain(options.backend),
    ENABLE_KAC: plain(String(options.admissionController)),
    ENABLE_KPA: plain(String(options.kubernetesProtectionAgent)),
    FALCON_OPERATOR_VERSION: plain(options.falconOperator.version),
    FALCON_OPERATOR_SHA256: plain(operatorManifestSha256(options)),
    ...(kpa ? { KPA_CHART_VERSION: plain(kpa.version), KPA_CHART_SHA256: plain(kpa.sha256) } : {}),
    ...(mirror
      ? {
          NODE_SENSOR_IMAGE: plain(mirror.nodeSensorImage),
          CONTAINER_SENSOR_IMAGE: plain(mirror.containerSensorImage),
          KAC_IMAGE: plain(mirror.admissionControllerImage),
          ...(mirror.protectionAgentImage ? { KPA_IMAGE: plain(mirror.protectionAgentImage) } : {}),
        }
      : {}),
    FALCON_CLIENT_ID: secret('client_id'),
    FALCON_CLIENT_SECRET: secret('client_secret'),
  };
}
