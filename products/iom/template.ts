/**
 * IOM product: the read-only role CrowdStrike Falcon assumes to assess this account's configuration.
 *
 * Facts from the reference system (SecurityAudit + configuration reads, external-id trust), with two deliberate
 * differences:
 * - actions that read data rather than configuration are left out (container image layers, function code,
 *   database rows, instance access keys, connection passwords, knowledge-base documents, GraphQL environment
 *   variables): a compromised Falcon tenant must not be able to read a customer's data through this role;
 * - `eks:Describe*` is spelled out, so the role never silently gains a new EKS action.
 */
import { FalconProductStack } from '../kit/falcon-product-stack';
import { Aws, CfnCondition, CfnOutput, Fn } from 'aws-cdk-lib';
import { ArnPrincipal, CfnRole, Effect, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { ProductStackProps } from 'aws-cdk-lib/aws-servicecatalog';
import { Construct } from 'constructs';
import { IOM_DIRECTORY_PARAMETERS } from './definition';
import { directoryParameter, directoryRevisionParameter } from '../kit/directory-parameters';
import { ProductParameters, productBoundary } from '../kit/product-parameters';

/** Roles this package creates start with this prefix, so the launch role can be scoped to them. */
export const FALCON_ROLE_PREFIX = 'CrowdStrike';

/** Configuration-read actions beyond SecurityAudit that Falcon's IOM assessments use (the aws-ia/cfn-abi-crowdstrike-fcs IOM template's list). */
export const IOM_READ_ACTIONS: readonly string[] = [
  'appsync:GetApiCache',
  'appsync:GetGraphqlApi',
  'appsync:GetIntrospectionSchema',
  'athena:GetDataCatalog',
  'auditmanager:GetAssessment',
  'auditmanager:GetControl',
  'backup:DescribeBackupVault',
  'backup:DescribeRecoveryPoint',
  'backup:ListBackupPlans',
  'backup:ListRecoveryPointsByBackupVault',
  'batch:DescribeJobQueues',
  ...[
    'Agent', 'AgentActionGroup', 'AgentAlias', 'AgentCollaborator', 'AgentKnowledgeBase', 'AgentMemory',
    'AgentVersion', 'FoundationModel', 'FoundationModelAvailability', 'Guardrail', 'KnowledgeBase',
    'ModelCustomizationJob', 'ProvisionedModelThroughput',
  ].map((r) => `bedrock:Get${r}`),
  ...[
    'AgentActionGroups', 'AgentAliases', 'AgentCollaborators', 'AgentKnowledgeBases', 'AgentVersions', 'Agents',
    'FoundationModelAgreementOffers', 'FoundationModels', 'Guardrails', 'KnowledgeBases', 'ModelCustomizationJobs',
    'ProvisionedModelThroughputs',
  ].map((r) => `bedrock:List${r}`),
  'codeartifact:DescribeDomain',
  'codeartifact:DescribeRepository',
  'codeartifact:ListDomains',
  'codeartifact:ListRepositoriesInDomain',
  'codeartifact:ListTagsForResource',
  'codeguru-profiler:DescribeProfilingGroup',
  'codeguru-profiler:ListProfilingGroups',
  'codepipeline:ListPipelineExecutions',
  'codepipeline:ListRuleExecutions',
  'codepipeline:ListTagsForResource',
  'codepipeline:ListWebhooks',
  'cognito-idp:GetGroup',
  'cognito-idp:GetLogDeliveryConfiguration',
  'detective:ListDatasourcePackages',
  'detective:ListTagsForResource',
  'ecr:GetRegistryScanningConfiguration',
  'eks:ListFargateProfiles',
  ...[
    'AccessEntry', 'Addon', 'AddonConfiguration', 'AddonVersions', 'Cluster', 'ClusterVersions',
    'EksAnywhereSubscription', 'FargateProfile', 'IdentityProviderConfig', 'Insight', 'Nodegroup',
    'PodIdentityAssociation', 'Update',
  ].map((r) => `eks:Describe${r}`),
  'elasticfilesystem:DescribeAccessPoints',
  'fms:GetAdminAccount',
  'fms:GetPolicy',
  'fms:ListAdminAccountsForOrganization',
  ...['Blueprint', 'Crawler', 'Database', 'DevEndpoint', 'Job', 'ResourcePolicies', 'Schema', 'Trigger', 'Triggers'].map(
    (r) => `glue:Get${r}`,
  ),
  'glue:ListBlueprints',
  'glue:ListSchemas',
  'grafana:DescribeWorkspace',
  'grafana:DescribeWorkspaceAuthentication',
  'grafana:DescribeWorkspaceConfiguration',
  ...['Component', 'ImagePipeline', 'ImageRecipe', 'InfrastructureConfiguration'].map((r) => `imagebuilder:Get${r}`),
  ...['Components', 'ImagePipelines', 'ImageRecipes', 'InfrastructureConfigurations', 'TagsForResource'].map(
    (r) => `imagebuilder:List${r}`,
  ),
  'lambda:GetEventSourceMapping',
  'lambda:GetFunctionConfiguration',
  'lambda:GetLayerVersion',
  ...[
    'ContainerServiceDeployments', 'ContainerServiceMetricData', 'Disk', 'Instance', 'InstancePortStates',
    'InstanceState', 'KeyPair', 'KeyPairs', 'RelationalDatabase', 'RelationalDatabases',
  ].map((r) => `lightsail:Get${r}`),
  ...['ACLs', 'ParameterGroups', 'Parameters', 'Snapshots', 'SubnetGroups', 'Users'].map((r) => `memorydb:Describe${r}`),
  'memorydb:ListTags',
  'sns:GetSubscriptionAttributes',
  'waf-regional:GetIPSet',
  'waf-regional:GetRule',
  'waf-regional:GetRuleGroup',
  'waf-regional:ListActivatedRulesInRuleGroup',
  'waf-regional:ListIPSets',
  'waf-regional:ListRuleGroups',
  'waf-regional:ListRules',
  'wafv2:GetRuleGroup',
];

/**
 * Reference actions deliberately not granted, with the data each would expose. Kept as data so a test can
 * prove none of them creeps back in.
 */
export const IOM_EXCLUDED_DATA_ACTIONS: Readonly<Record<string, string>> = {
  'ecr:BatchGetImage': 'container image manifests',
  'ecr:GetDownloadUrlForLayer': 'container image layers',
  'lambda:GetFunction': 'a pre-signed URL to the function code (GetFunctionConfiguration is granted instead)',
  'cassandra:Select': 'table rows',
  'lightsail:GetInstanceAccessDetails': 'temporary SSH keys and passwords',
  'lightsail:GetBucketAccessKeys': 'bucket access keys',
  'glue:GetConnection': 'connection passwords',
  'glue:GetConnections': 'connection passwords',
  'bedrock:GetKnowledgeBaseDocuments': 'document contents',
  'bedrock:ListKnowledgeBaseDocuments': 'document contents',
  'appsync:GetGraphqlApiEnvironmentVariables': 'environment variables, often secrets',
};

/**
 * Builds the newest version, v1.1.0: the CrowdStrike values come from the Falcon directory in the launching account
 * (SSM-typed parameters with the directory's names as defaults), so an account owner types nothing. v1.0.0, which
 * took them as plain parameters, is published from its snapshot.
 */
export class IomProduct extends FalconProductStack {
  constructor(scope: Construct, id: string, props: ProductStackProps = {}) {
    super(scope, id, props);
    const params = new ProductParameters(this);

    params.group('CrowdStrike access (from the Falcon directory in this account)');
    const [crowdStrikeAccountId, crowdStrikeRoleName, externalId, readerRoleName] = Object.entries(
      IOM_DIRECTORY_PARAMETERS,
    ).map(([logicalId, key]) => directoryParameter(params, logicalId, key));

    params.group('Role');
    const roleNameOverride = params.add('RoleName', {
      label: 'Reader role name (optional)',
      description:
        `Name of the read-only role to create. Leave empty for the name the Falcon registration expects (the ` +
        `directory's reader role name). Must start with ${FALCON_ROLE_PREFIX}.`,
      type: 'String',
      default: '',
      allowedPattern: `^$|^${FALCON_ROLE_PREFIX}[\\w+=,.@-]{0,53}$`,
      constraintDescription: `empty, or starts with ${FALCON_ROLE_PREFIX}; at most 64 characters`,
    });
    const applyBoundary = productBoundary();
    directoryRevisionParameter(this, params);
    params.writeInterface();

    const hasRoleName = new CfnCondition(this, 'HasRoleNameOverride', {
      expression: Fn.conditionNot(Fn.conditionEquals(roleNameOverride.valueAsString, '')),
    });
    const roleName = Fn.conditionIf(hasRoleName.logicalId, roleNameOverride.valueAsString, readerRoleName.valueAsString).toString();

    const trustedPrincipal = `arn:${Aws.PARTITION}:iam::${crowdStrikeAccountId.valueAsString}:role/${crowdStrikeRoleName.valueAsString}`;
    const role = new CfnRole(this, 'ReaderRole', {
      roleName,
      description: 'CrowdStrike Falcon Cloud Security: read-only configuration assessment (IOM)',
      maxSessionDuration: 3600,
      assumeRolePolicyDocument: new PolicyDocument({
        statements: [
          new PolicyStatement({
            effect: Effect.ALLOW,
            actions: ['sts:AssumeRole'],
            principals: [new ArnPrincipal(trustedPrincipal)],
            conditions: { StringEquals: { 'sts:ExternalId': externalId.valueAsString } },
          }),
        ],
      }).toJSON(),
      managedPolicyArns: [`arn:${Aws.PARTITION}:iam::aws:policy/SecurityAudit`],
      policies: [
        {
          policyName: 'falcon-configuration-read',
          policyDocument: new PolicyDocument({
            statements: [
              // Describe/List/Get on every resource type: these APIs take no resource ARN (or Falcon must discover
              // resources it does not know yet), so IAM only accepts `*` here. Every action is read-only.
              new PolicyStatement({ actions: [...IOM_READ_ACTIONS], resources: ['*'] }),
              new PolicyStatement({
                actions: ['apigateway:GET'],
                resources: [
                  `arn:${Aws.PARTITION}:apigateway:*::/restapis/*`,
                  `arn:${Aws.PARTITION}:apigateway:*::/apis/*`,
                ],
              }),
            ],
          }).toJSON(),
        },
      ],
    });
    applyBoundary(role);

    new CfnOutput(this, 'RoleArn', { value: role.attrArn, description: 'ARN of the Falcon reader role' });
  }
}
