/**
 * The member execution role's policy: what the hub's cluster handler and installer may do in a member account.
 *
 * Reads are limited to this account's clusters. Writes are limited to the access entry of the hub installer role:
 * IAM checks `eks:principalArn` on create, on the access-entry ARN (which embeds the principal) and on the policy
 * association, where `eks:policyArn` and `eks:accessScope` also pin the one policy and the cluster scope. Nothing
 * here can change a cluster's configuration (no UpdateClusterConfig, no endpoint or CIDR edits).
 *
 * From v1.2.0, for Fargate-only clusters: create Fargate profiles (IAM has no condition on a profile's name or
 * selectors; the installer creates only its crowdstrike-falcon-* profiles, for the Falcon namespaces), read existing
 * profiles (their private subnets are the ones a new profile may use), and pass exactly the product's Fargate pod
 * execution role. All of it is less than the cluster-admin access entry the installer already gets.
 */
import { Aws } from 'aws-cdk-lib';
import { PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { eksClusterAdminPolicyArn, eksRoleArn } from './names';

export interface HubRoles {
  readonly partition: string;
  readonly accountId: string;
  readonly handlerRoleName: string;
  readonly installerRoleName: string;
  /** From v1.2.0: the Fargate pod execution role the installer's profiles use. */
  readonly fargatePodRoleName: string;
}

export function hubRoleArns(hub: HubRoles): string[] {
  return [
    eksRoleArn(hub.partition, hub.accountId, hub.handlerRoleName),
    eksRoleArn(hub.partition, hub.accountId, hub.installerRoleName),
  ];
}

export function executionRolePolicy(hub: HubRoles): PolicyDocument {
  const account = Aws.ACCOUNT_ID;
  const clusters = `arn:${hub.partition}:eks:*:${account}:cluster/*`;
  const installerArn = eksRoleArn(hub.partition, hub.accountId, hub.installerRoleName);
  // access-entry/<cluster>/role/<principal account>/<role name>/<uuid>: only the installer's entries.
  const installerEntries = `arn:${hub.partition}:eks:*:${account}:access-entry/*/role/${hub.accountId}/${hub.installerRoleName}/*`;
  const isInstaller = { 'eks:principalArn': installerArn };
  return new PolicyDocument({
    statements: [
      new PolicyStatement({
        sid: 'FindClusters',
        // ListClusters has no resource type: IAM accepts only `*`. It returns cluster names only.
        actions: ['eks:ListClusters'],
        resources: ['*'],
      }),
      new PolicyStatement({
        sid: 'InspectClusters',
        actions: ['eks:DescribeCluster', 'eks:ListNodegroups', 'eks:ListFargateProfiles', 'eks:ListAccessEntries'],
        resources: [clusters],
      }),
      new PolicyStatement({
        sid: 'CreateInstallerAccessEntry',
        actions: ['eks:CreateAccessEntry'],
        resources: [clusters],
        conditions: { StringEquals: { ...isInstaller, 'eks:accessEntryType': 'STANDARD' } },
      }),
      new PolicyStatement({
        sid: 'GrantInstallerClusterAdmin',
        actions: ['eks:AssociateAccessPolicy'],
        resources: [installerEntries],
        conditions: {
          StringEquals: {
            ...isInstaller,
            'eks:policyArn': eksClusterAdminPolicyArn(hub.partition),
            'eks:accessScope': 'cluster',
          },
        },
      }),
      new PolicyStatement({
        sid: 'ManageInstallerAccessEntry',
        // Read back, and remove after the install, the installer's own entry and its association.
        actions: [
          'eks:DescribeAccessEntry',
          'eks:ListAssociatedAccessPolicies',
          'eks:DisassociateAccessPolicy',
          'eks:DeleteAccessEntry',
        ],
        resources: [installerEntries],
        conditions: { StringEquals: isInstaller },
      }),
      new PolicyStatement({
        sid: 'FalconFargateProfiles',
        // Fargate-only clusters: the Falcon namespaces need profiles before anything of Falcon can schedule.
        actions: ['eks:CreateFargateProfile'],
        resources: [clusters],
      }),
      new PolicyStatement({
        sid: 'ReadFargateProfiles',
        actions: ['eks:DescribeFargateProfile'],
        resources: [`arn:${hub.partition}:eks:*:${account}:fargateprofile/*`],
      }),
      new PolicyStatement({
        sid: 'PassFalconFargatePodRole',
        actions: ['iam:PassRole'],
        resources: [eksRoleArn(hub.partition, account, hub.fargatePodRoleName)],
      }),
    ],
  });
}
