/**
 * ecr-connections product (home Region, once per account): the read-only role that CrowdStrike's registry
 * assessment principal assumes, and the custom resources that give it a random external ID and connect this
 * account's ECR registry in every listed Region to Falcon through the hub broker (as aws-ia/cfn-abi-crowdstrike-fcs does, with
 * its faults fixed: no Falcon credential in the account, a cryptographic external ID kept across updates, no
 * blind sleep, responses checked, Regions added and dropped on update, connections removed on delete).
 *
 * Order, by references: external ID → role (trusts CrowdStrike with that ID) → connections. On delete
 * CloudFormation reverses it: connections are removed first, then the role, then the external-ID parameter.
 */
import { FalconProductStack } from '../kit/falcon-product-stack';
import { Aws, CfnCondition, CfnCustomResource, CfnOutput, Fn } from 'aws-cdk-lib';
import { ArnPrincipal, CfnRole, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { ProductStackProps } from 'aws-cdk-lib/aws-servicecatalog';
import { Construct } from 'constructs';
import { CONNECTIONS_RESOURCE_TYPE, EXTERNAL_ID_RESOURCE_TYPE } from '../../lifecycle-handlers/ecr-connection/request';
import {
  DEFAULT_ECR_ROLE_NAME,
  ECR_EXTERNAL_ID_PARAMETER,
  ECR_ROLE_PREFIX,
  REGION_LIST_PATTERN,
} from './definition';
import { ECR_FUNCTION_TIMEOUT_SECONDS, createEcrFunction } from './function';
import { ECR_ASSESSMENT_ACCOUNTS, ECR_ASSESSMENT_ROLE_NAME } from './principal';
import { directoryParameter, directoryRevisionParameter } from '../kit/directory-parameters';
import { ProductParameters, productBoundary } from '../kit/product-parameters';

/** What AmazonEC2ContainerRegistryReadOnly grants on repositories, here limited to this account's repositories. */
export const ECR_READ_ACTIONS = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:BatchGetImage',
  'ecr:DescribeImageScanFindings',
  'ecr:DescribeImages',
  'ecr:DescribeRepositories',
  'ecr:GetDownloadUrlForLayer',
  'ecr:GetLifecyclePolicy',
  'ecr:GetLifecyclePolicyPreview',
  'ecr:GetRepositoryPolicy',
  'ecr:ListImages',
  'ecr:ListTagsForResource',
];

/** Beyond the Lambda's own run time, so a function that dies unanswered fails the stack in minutes, not an hour. */
const CUSTOM_RESOURCE_TIMEOUT_SECONDS = ECR_FUNCTION_TIMEOUT_SECONDS + 120;

/**
 * Builds the newest version, v1.1.0: the broker URL and the Falcon cloud come from the Falcon directory in the
 * launching account, and the Regions default to the launch Region, so a hand launch needs no input. v1.0.0 (broker
 * URL, cloud and Regions as parameters) is published from its snapshot. The custom resource still checks the URL's
 * shape (BROKER_URL_PATTERN) before it signs a request to it.
 */
export class EcrConnectionsProduct extends FalconProductStack {
  constructor(scope: Construct, id: string, props: ProductStackProps = {}) {
    super(scope, id, props);
    const params = new ProductParameters(this);

    params.group('Falcon hub (from the Falcon directory in this account)');
    const brokerUrl = directoryParameter(params, 'FalconBrokerUrl', 'brokerUrl');
    const cloud = directoryParameter(params, 'FalconCloud', 'falconCloud');

    params.group('Registries');
    const regions = params.add('Regions', {
      label: 'Regions to connect (optional)',
      description:
        'Comma-separated Regions whose ECR registry in this account Falcon assesses, e.g. us-east-1,eu-west-1. ' +
        'Leave empty for the Region this product is launched in.',
      type: 'String',
      default: '',
      allowedPattern: `^$|${REGION_LIST_PATTERN}`,
      constraintDescription: 'empty, or one to 30 Region codes separated by commas, without spaces',
    });
    const roleName = params.add('RoleName', {
      label: 'Assessment role name',
      description: `Role CrowdStrike assumes to read this account's images. Must start with ${ECR_ROLE_PREFIX}.`,
      type: 'String',
      default: DEFAULT_ECR_ROLE_NAME,
      allowedPattern: `^${ECR_ROLE_PREFIX}[\\w+=,.@-]{0,${64 - ECR_ROLE_PREFIX.length}}$`,
      constraintDescription: `starts with ${ECR_ROLE_PREFIX}; at most 64 characters`,
    });
    const applyBoundary = productBoundary();
    directoryRevisionParameter(this, params);
    params.writeInterface();

    const hasRegions = new CfnCondition(this, 'HasRegions', {
      expression: Fn.conditionNot(Fn.conditionEquals(regions.valueAsString, '')),
    });
    const serviceToken = createEcrFunction(this, {
      assessmentRoleName: roleName.valueAsString,
      brokerUrl: brokerUrl.valueAsString,
      applyBoundary,
    });

    const externalId = new CfnCustomResource(this, 'ExternalId', { serviceToken, serviceTimeout: CUSTOM_RESOURCE_TIMEOUT_SECONDS });
    externalId.addOverride('Type', EXTERNAL_ID_RESOURCE_TYPE);
    externalId.addPropertyOverride('ParameterName', ECR_EXTERNAL_ID_PARAMETER);

    const role = this.assessmentRole(roleName.valueAsString, externalId.getAtt('ExternalId').toString());
    applyBoundary(role);

    const connections = new CfnCustomResource(this, 'Connections', { serviceToken, serviceTimeout: CUSTOM_RESOURCE_TIMEOUT_SECONDS });
    connections.addOverride('Type', CONNECTIONS_RESOURCE_TYPE);
    connections.addPropertyOverride('BrokerUrl', brokerUrl.valueAsString);
    connections.addPropertyOverride('Regions', Fn.conditionIf(hasRegions.logicalId, Fn.split(',', regions.valueAsString), [Aws.REGION]));
    connections.addPropertyOverride('RoleArn', role.attrArn);
    connections.addPropertyOverride('FalconCloud', cloud.valueAsString);
    connections.addPropertyOverride('ExternalIdParameterName', ECR_EXTERNAL_ID_PARAMETER);

    new CfnOutput(this, 'AssessmentRoleArn', { value: role.attrArn, description: 'Role Falcon registry assessment assumes' });
    new CfnOutput(this, 'ConnectedRegions', {
      value: connections.getAtt('Regions').toString(),
      description: 'Regions whose ECR registry is connected to Falcon',
    });
  }

  /** Trusts CrowdStrike's assessment principal of this partition, only with this account's external ID. */
  private assessmentRole(roleName: string, externalId: string): CfnRole {
    const isGovCloud = new CfnCondition(this, 'IsGovCloudPartition', {
      expression: Fn.conditionEquals(Aws.PARTITION, 'aws-us-gov'),
    });
    const crowdStrikeAccount = Fn.conditionIf(
      isGovCloud.logicalId,
      ECR_ASSESSMENT_ACCOUNTS['aws-us-gov'],
      ECR_ASSESSMENT_ACCOUNTS.aws,
    ).toString();
    const principal = `arn:${Aws.PARTITION}:iam::${crowdStrikeAccount}:role/${ECR_ASSESSMENT_ROLE_NAME}`;
    return new CfnRole(this, 'AssessmentRole', {
      roleName,
      description: 'CrowdStrike Falcon registry assessment: reads container images from this account\'s ECR',
      assumeRolePolicyDocument: new PolicyDocument({
        statements: [
          new PolicyStatement({
            actions: ['sts:AssumeRole'],
            principals: [new ArnPrincipal(principal)],
            conditions: { StringEquals: { 'sts:ExternalId': externalId } },
          }),
        ],
      }).toJSON(),
      policies: [
        {
          policyName: 'ecr-read-only',
          policyDocument: new PolicyDocument({
            statements: [
              new PolicyStatement({
                sid: 'RegistryLogin',
                // GetAuthorizationToken has no resource-level permissions: IAM accepts only `*`.
                actions: ['ecr:GetAuthorizationToken'],
                resources: ['*'],
              }),
              new PolicyStatement({
                sid: 'ReadRepositories',
                actions: ECR_READ_ACTIONS,
                resources: [`arn:${Aws.PARTITION}:ecr:*:${Aws.ACCOUNT_ID}:repository/*`],
              }),
            ],
          }).toJSON(),
        },
      ],
    });
  }
}
