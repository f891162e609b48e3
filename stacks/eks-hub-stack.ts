/**
 * The EKS hub (hub account, home Region): the organisation's EKS event bus, the work queue and its cluster worker,
 * the sweeper for existing clusters, the installer CodeBuild project(s) and the key of the installer's own Falcon
 * client secret (`eks.apiCredentials`). Member accounts reach it through the eks-protection product
 * (products/eks-protection/template.ts). Nothing here references the organisation's client (docs/eks-protection.md).
 */
import { RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { hubAccountOf } from '../manifest/hub-account';
import type { Manifest } from '../manifest/schema';
import type { EksHubOptions } from '../products/eks-protection/options';
import { EksClusterHandlers } from './constructs/eks-cluster-handlers';
import { EksEventBus } from './constructs/eks-event-bus';
import { EksInstallerProject } from './constructs/eks-installer-project';
import { hubSecretReference } from './constructs/falcon-secret';

export interface EksHubStackProps extends StackProps {
  readonly manifest: Manifest;
  readonly options: EksHubOptions;
}

export class EksHubStack extends Stack {
  readonly bus: EksEventBus;
  readonly handlers: EksClusterHandlers;
  readonly installer: EksInstallerProject;

  constructor(scope: Construct, id: string, props: EksHubStackProps) {
    const { manifest, options, ...rest } = props;
    if (manifest.organization.partition === 'aws-us-gov') {
      throw new Error('the EKS hub cannot be deployed in AWS GovCloud: EKS Protection is not supported there');
    }
    super(scope, id, {
      ...rest,
      env: { account: hubAccountOf(manifest), region: manifest.organization.homeRegion },
      description: 'CrowdStrike Falcon catalog: EKS Protection hub (event bus, cluster worker, sweeper, installer)',
    });

    const key = new Key(this, 'Key', {
      description: 'Encrypts the Falcon EKS hub queues, installer logs and build artefacts',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'InstallerLogGroupEncryption',
        principals: [new ServicePrincipal(`logs.${this.region}.${this.urlSuffix}`)],
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*` },
        },
      }),
    );
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'EventBridgeDeliversToEncryptedQueues',
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );

    this.installer = new EksInstallerProject(this, 'Installer', {
      options,
      organizationId: manifest.organization.organizationId,
      falconCloud: manifest.falcon.cloud,
      installerSecret: hubSecretReference(this, manifest.organization.partition, options.apiCredentials, 'eks.apiCredentials'),
      key,
    });
    this.handlers = new EksClusterHandlers(this, 'Clusters', {
      manifest,
      options,
      key,
      project: this.installer.project,
      vpcProject: this.installer.vpcProject,
    });
    this.bus = new EksEventBus(this, 'Events', {
      organizationId: manifest.organization.organizationId,
      workQueue: this.handlers.queue,
      deadLetterQueue: this.handlers.deadLetterQueue,
    });
  }
}
