/**
 * CrowdStrike's current IOM read list, as facts: the actions of the `cspm_config` inline policy that CrowdStrike's
 * own Terraform module gives the Falcon reader role (besides the SecurityAudit managed policy).
 *
 * Source: github.com/CrowdStrike/terraform-aws-cloud-registration, modules/asset-inventory/main.tf, commit
 * 74807f5b4b738bb0325a6700525e2991e66e9964 (2026-07-08). Copied as a list of action names; nothing else is taken.
 * `products/iom/read-policy.ts` decides, action by action, what the IOM product grants from it.
 */

export const CROWDSTRIKE_IOM_READ_LIST_SOURCE = {
  repository: 'CrowdStrike/terraform-aws-cloud-registration',
  path: 'modules/asset-inventory/main.tf',
  commit: '74807f5b4b738bb0325a6700525e2991e66e9964',
} as const;

/** The actions CrowdStrike grants on `*`, in CrowdStrike's order. */
export const CROWDSTRIKE_IOM_READ_ACTIONS: readonly string[] = [
  'account:GetContactInformation',
  'aoss:BatchGetCollection', 'aoss:GetAccessPolicy', 'aoss:GetSecurityPolicy', 'aoss:ListAccessPolicies',
  'aoss:ListCollections', 'aoss:ListSecurityPolicies',
  'appsync:GetApiCache', 'appsync:GetGraphqlApi', 'appsync:GetGraphqlApiEnvironmentVariables',
  'appsync:GetIntrospectionSchema',
  'athena:GetDataCatalog',
  'auditmanager:GetAssessment', 'auditmanager:GetControl',
  'backup:DescribeBackupVault', 'backup:DescribeRecoveryPoint', 'backup:GetBackupPlan', 'backup:GetBackupSelection',
  'backup:ListBackupPlans', 'backup:ListBackupSelections', 'backup:ListRecoveryPointsByBackupVault',
  'batch:DescribeJobQueues',
  'bedrock:GetAgent', 'bedrock:GetAgentActionGroup', 'bedrock:GetAgentAlias', 'bedrock:GetAgentCollaborator',
  'bedrock:GetAgentKnowledgeBase', 'bedrock:GetAgentMemory', 'bedrock:GetAgentVersion',
  'bedrock:GetFoundationModel', 'bedrock:GetFoundationModelAvailability', 'bedrock:GetGuardrail',
  'bedrock:GetKnowledgeBase', 'bedrock:GetKnowledgeBaseDocuments', 'bedrock:GetModelCustomizationJob',
  'bedrock:GetProvisionedModelThroughput', 'bedrock:ListAgentActionGroups', 'bedrock:ListAgentAliases',
  'bedrock:ListAgentCollaborators', 'bedrock:ListAgentKnowledgeBases', 'bedrock:ListAgentVersions',
  'bedrock:ListAgents', 'bedrock:ListFoundationModelAgreementOffers', 'bedrock:ListFoundationModels',
  'bedrock:ListGuardrails', 'bedrock:ListKnowledgeBaseDocuments', 'bedrock:ListKnowledgeBases',
  'bedrock:ListModelCustomizationJobs', 'bedrock:ListProvisionedModelThroughputs',
  'cassandra:Select',
  'cloudformation:GetTemplateSummary', 'cloudformation:ListChangeSets',
  'codeartifact:DescribeDomain', 'codeartifact:DescribeRepository', 'codeartifact:ListDomains',
  'codeartifact:ListRepositoriesInDomain', 'codeartifact:ListTagsForResource',
  'codeguru-profiler:DescribeProfilingGroup', 'codeguru-profiler:ListProfilingGroups',
  'codepipeline:ListPipelineExecutions', 'codepipeline:ListRuleExecutions', 'codepipeline:ListTagsForResource',
  'codepipeline:ListWebhooks',
  'cognito-idp:GetGroup', 'cognito-idp:GetLogDeliveryConfiguration',
  'connect:DescribeInstance', 'connect:ListTagsForResource',
  'databrew:DescribeJob', 'databrew:ListTagsForResource',
  'detective:ListDatasourcePackages', 'detective:ListTagsForResource',
  'dynamodb:GetResourcePolicy',
  'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:GetRegistryScanningConfiguration',
  'eks:DescribeAddon', 'eks:ListAddons',
  'elasticfilesystem:DescribeAccessPoints',
  'fms:GetAdminAccount', 'fms:GetPolicy', 'fms:ListAdminAccountsForOrganization',
  'glue:GetBlueprint', 'glue:GetConnection', 'glue:GetConnections', 'glue:GetCrawler', 'glue:GetDatabase',
  'glue:GetDevEndpoint', 'glue:GetJob', 'glue:GetResourcePolicies', 'glue:GetSchema', 'glue:GetTrigger',
  'glue:GetTriggers', 'glue:ListBlueprints', 'glue:ListSchemas',
  'grafana:DescribeWorkspace', 'grafana:DescribeWorkspaceAuthentication', 'grafana:DescribeWorkspaceConfiguration',
  'imagebuilder:GetComponent', 'imagebuilder:GetImagePipeline', 'imagebuilder:GetImageRecipe',
  'imagebuilder:GetInfrastructureConfiguration', 'imagebuilder:ListComponents', 'imagebuilder:ListImagePipelines',
  'imagebuilder:ListImageRecipes', 'imagebuilder:ListInfrastructureConfigurations',
  'imagebuilder:ListTagsForResource',
  'lambda:GetEventSourceMapping', 'lambda:GetFunction', 'lambda:GetFunctionCodeSigningConfig',
  'lambda:GetFunctionUrlConfig', 'lambda:GetLayerVersion',
  'lightsail:GetBucketAccessKeys', 'lightsail:GetContainerServiceDeployments',
  'lightsail:GetContainerServiceMetricData', 'lightsail:GetDisk', 'lightsail:GetInstance',
  'lightsail:GetInstanceAccessDetails', 'lightsail:GetInstancePortStates', 'lightsail:GetInstanceState',
  'lightsail:GetKeyPair', 'lightsail:GetKeyPairs', 'lightsail:GetRelationalDatabase',
  'lightsail:GetRelationalDatabases',
  'macie2:DescribeClassificationJob', 'macie2:GetAutomatedDiscoveryConfiguration', 'macie2:GetMacieSession',
  'macie2:ListClassificationJobs', 'macie2:ListTagsForResource',
  'memorydb:DescribeACLs', 'memorydb:DescribeParameterGroups', 'memorydb:DescribeParameters',
  'memorydb:DescribeSnapshots', 'memorydb:DescribeSubnetGroups', 'memorydb:DescribeUsers', 'memorydb:ListTags',
  'redshift-serverless:ListNamespaces',
  'sns:GetSubscriptionAttributes',
  'ssm:GetParameter', 'ssm:GetParameters',
  'states:DescribeActivity', 'states:DescribeStateMachineForExecution', 'states:ListActivities',
  'states:ListStateMachineAliases', 'states:ListStateMachineVersions', 'states:ListTagsForResource',
  'storagegateway:DescribeSMBFileShares',
  'waf-regional:GetIPSet', 'waf-regional:GetRule', 'waf-regional:GetRuleGroup',
  'waf-regional:ListActivatedRulesInRuleGroup', 'waf-regional:ListIPSets', 'waf-regional:ListRuleGroups',
  'waf-regional:ListRules',
  'wafv2:GetRuleGroup',
  'wisdom:ListAssistants', 'wisdom:ListTagsForResource',
];

/** CrowdStrike's second statement: API Gateway reads on REST APIs only (`apigateway:Get`; IAM actions ignore case). */
export const CROWDSTRIKE_IOM_APIGATEWAY = { action: 'apigateway:GET', resourcePaths: ['/restapis/*'] } as const;
