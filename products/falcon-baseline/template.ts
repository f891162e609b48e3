/**
 * falcon-baseline, newest version (`NEWEST_BASELINE_COMPONENTS`): the composite product for Account Factory
 * Customization (one blueprint per account). Older versions are published from their snapshots.
 *
 * In the member account it provisions the individual Falcon products from the shared portfolio with
 * AWS::ServiceCatalog::CloudFormationProvisionedProduct, by product name and pinned version, under the same
 * `falcon-<product>` names the lifecycle core uses (so the core finds them and never provisions a second copy)
 * and tagged `falcon-catalog:managed-by = blueprint` (so the core never updates or terminates them). The launch
 * role product comes first: every other product's launch constraint needs the role it creates. The Falcon directory
 * (SSM parameters) is launched with the blueprint role's own rights in every Region the stack runs in, and the
 * products that read it come after it.
 *
 * The template is manifest-independent. Falcon-derived values come from the hub broker at deploy time, through
 * one custom resource per product that asks for the caller's own account and Region. What the person launching
 * provides is where the hub is (broker URL, home Region) and which features to enable.
 */
import { FalconProductStack } from '../kit/falcon-product-stack';
import { Aws, CfnCondition, CfnCustomResource, CfnResource, Fn } from 'aws-cdk-lib';
import { CfnRole, PolicyDocument, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, CfnFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import { CfnCloudFormationProvisionedProduct, ProductStackProps } from 'aws-cdk-lib/aws-servicecatalog';
import { Construct } from 'constructs';
import { BROKER_URL_PATTERN } from '../../lifecycle-handlers/broker-client/client';
import { provisionedProductName } from '../../lifecycle-handlers/core/identity';
import { inlineHandlerCode } from '../kit/inline-handler-code';
import {
  BASELINE_FUNCTION_NAME,
  type BaselineComponent,
  MANAGED_BY_BLUEPRINT,
  MANAGED_BY_TAG,
  NEWEST_BASELINE_COMPONENTS,
} from './definition';
import { ProductParameters } from '../kit/product-parameters';
import { findProduct, launchesWithLaunchRole } from '../registry';
import { REGION_PATTERN } from '../../vocabulary';
import { DIRECTORY_PRODUCT_ID } from '../directory/entries';

export { BASELINE_FUNCTION_NAME };

/** What the account owner or Account Factory administrator decides; everything else comes from the hub. */
const ENABLE_LABELS: Readonly<Record<string, string>> = {
  EnableIom: 'IOM: read-only configuration assessment role',
  EnableThreatDetection: 'Threat detection: IOA and Identity Protection event forwarding (this Region)',
  EnableSensorManagement: 'Sensor management: Falcon 1Click sensor installation',
  EnableSsmDistributor: 'Sensor deployment: SSM Distributor association (this Region)',
  EnableEksProtection: 'EKS Protection: sensor installation on new EKS clusters (this Region)',
};

export class FalconBaselineProduct extends FalconProductStack {
  constructor(scope: Construct, id: string, props: ProductStackProps = {}) {
    super(scope, id, props);
    const params = new ProductParameters(this);

    params.group('Falcon hub');
    const brokerUrl = params.add('FalconBrokerUrl', {
      label: 'Falcon hub broker URL',
      description:
        'The hub\'s broker function URL (FalconHub stack output FalconBrokerUrl). Falcon values are fetched from ' +
        'it for this account; no Falcon ID or secret is entered here.',
      type: 'String',
      allowedPattern: BROKER_URL_PATTERN,
      constraintDescription: 'a Lambda function URL: https://<id>.lambda-url.<region>.on.aws/',
    });
    const homeRegion = params.add('HomeRegion', {
      label: 'Control Tower home Region',
      description:
        'The Control Tower home Region. Account-wide parts (IAM roles) are created only when this stack runs there.',
      type: 'String',
      allowedPattern: REGION_PATTERN,
      constraintDescription: 'a Region code such as us-east-1',
    });

    params.group('Falcon features');
    const enabled = new Map<string, CfnCondition>();
    for (const component of NEWEST_BASELINE_COMPONENTS) {
      if (!component.enableParameter) continue;
      const parameter = params.add(component.enableParameter, {
        label: ENABLE_LABELS[component.enableParameter],
        description: `Provision ${component.productId} ${component.version} in this account.`,
        type: 'String',
        allowedValues: ['true', 'false'],
        default: component.productId === 'iom' ? 'true' : 'false',
      });
      enabled.set(
        component.productId,
        new CfnCondition(this, `${component.enableParameter}Chosen`, {
          expression: Fn.conditionEquals(parameter.valueAsString, 'true'),
        }),
      );
    }
    params.writeInterface();

    const isHomeRegion = new CfnCondition(this, 'IsHomeRegion', {
      expression: Fn.conditionEquals(Aws.REGION, homeRegion.valueAsString),
    });
    const serviceToken = this.parametersFunction();

    // Components are listed in launch order: the launch role first, then the directory, then the products.
    let launchRole: CfnResource | undefined;
    let directory: CfnResource | undefined;
    for (const component of NEWEST_BASELINE_COMPONENTS) {
      const condition = this.provisionCondition(component, enabled.get(component.productId), isHomeRegion);
      // Products launched with the launch role wait for it where it exists (home Region).
      const after = launchRole && launchesWithLaunchRole(component.productId) ? { resource: launchRole, condition: isHomeRegion } : undefined;
      const product = this.provision(component, condition, serviceToken, brokerUrl.valueAsString, after);
      if (component.readsDirectory) {
        if (!directory) throw new Error(`falcon-baseline: ${component.productId} reads the directory, which is not provisioned before it`);
        // Unconditional in every Region, so a plain DependsOn: CloudFormation resolves the product's SSM-typed
        // parameters when Service Catalog launches it, and the directory's parameters must exist by then.
        product.addResourceDependency(directory, 'the product resolves its SSM-typed parameters from the directory');
      }
      if (component.productId === 'launch-role') launchRole = product;
      if (component.productId === DIRECTORY_PRODUCT_ID) directory = product;
    }
  }

  /**
   * Launch role: home Region only. Directory: every Region the stack runs in (no condition). Account-wide products:
   * chosen and home Region. Regional ones: chosen.
   */
  private provisionCondition(
    component: BaselineComponent,
    chosen: CfnCondition | undefined,
    home: CfnCondition,
  ): CfnCondition | undefined {
    if (!chosen) return component.homeRegionOnly ? home : undefined;
    if (!component.homeRegionOnly) return chosen;
    return new CfnCondition(this, `Provision${component.attributePrefix}`, { expression: Fn.conditionAnd(chosen, home) });
  }

  private provision(
    component: BaselineComponent,
    condition: CfnCondition | undefined,
    serviceToken: string,
    brokerUrl: string,
    after?: { resource: CfnResource; condition: CfnCondition },
  ): CfnResource {
    const parameters = new CfnCustomResource(this, `${component.attributePrefix}Parameters`, { serviceToken });
    if (after) {
      // DependsOn may not name a resource whose condition is false (outside the home Region there is no launch
      // role product); a Ref inside Fn::If orders the two where both exist and vanishes elsewhere. The product
      // reads this resource's attributes, so it is provisioned after the launch role too.
      parameters.addPropertyOverride(
        'AfterLaunchRole',
        Fn.conditionIf(after.condition.logicalId, after.resource.ref, 'launch role created in the home Region'),
      );
    }
    parameters.addOverride('Type', 'Custom::FalconProductParameters');
    parameters.addPropertyOverride('BrokerUrl', brokerUrl);
    parameters.addPropertyOverride('Region', Aws.REGION);
    parameters.addPropertyOverride('ProductId', component.productId);
    // The broker computes the parameters of this version (an older baseline's function sends none: its pins).
    parameters.addPropertyOverride('Version', component.version);
    parameters.addPropertyOverride('ParameterKeys', [...component.parameterKeys]);
    parameters.addPropertyOverride('OptionalParameterKeys', [...component.optionalKeys]);
    parameters.cfnOptions.condition = condition;

    const definition = findProduct(component.productId);
    if (!definition) throw new Error(`falcon-baseline names unknown product ${component.productId}`);
    const product = new CfnCloudFormationProvisionedProduct(this, `${component.attributePrefix}Product`, {
      productName: definition.displayName,
      provisioningArtifactName: component.version,
      provisionedProductName: provisionedProductName(component.productId),
      provisioningParameters: component.parameterKeys.map((key) => ({
        key,
        value: parameters.getAtt(key).toString(),
      })),
      tags: [{ key: MANAGED_BY_TAG, value: MANAGED_BY_BLUEPRINT }],
    });
    product.cfnOptions.condition = condition;
    return product;
  }

  /** The custom resource's function: it may only write its own log; it reaches the broker with SigV4. */
  private parametersFunction(): string {
    const logGroupArn = `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:/aws/lambda/${BASELINE_FUNCTION_NAME}`;
    const logs = new CfnLogGroup(this, 'ParametersFunctionLogs', {
      logGroupName: `/aws/lambda/${BASELINE_FUNCTION_NAME}`,
      retentionInDays: 365,
    });
    const role = new CfnRole(this, 'ParametersFunctionRole', {
      description: 'falcon-baseline: reads Falcon product parameters from the hub broker',
      assumeRolePolicyDocument: new PolicyDocument({
        statements: [
          new PolicyStatement({ actions: ['sts:AssumeRole'], principals: [new ServicePrincipal('lambda.amazonaws.com')] }),
        ],
      }).toJSON(),
      policies: [
        {
          policyName: 'own-log-only',
          policyDocument: new PolicyDocument({
            statements: [
              new PolicyStatement({
                actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
                resources: [`${logGroupArn}:log-stream:*`],
              }),
            ],
          }).toJSON(),
        },
        {
          policyName: 'invoke-falcon-broker',
          policyDocument: new PolicyDocument({
            statements: [
              // The broker's function lives in the hub, whose account this template does not know; the broker's
              // own resource policy admits only principals of the organisation, and it serves only the caller.
              new PolicyStatement({
                actions: ['lambda:InvokeFunctionUrl'],
                resources: [`arn:${Aws.PARTITION}:lambda:*:*:function:*`],
                conditions: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } },
              }),
              // A function URL call is also authorised as InvokeFunction; only through a URL, never directly.
              new PolicyStatement({
                actions: ['lambda:InvokeFunction'],
                resources: [`arn:${Aws.PARTITION}:lambda:*:*:function:*`],
                conditions: { Bool: { 'lambda:InvokedViaFunctionUrl': 'true' } },
              }),
            ],
          }).toJSON(),
        },
      ],
    });
    const fn = new CfnFunction(this, 'ParametersFunction', {
      functionName: BASELINE_FUNCTION_NAME,
      description: 'falcon-baseline: Falcon product parameters for this account from the hub broker',
      runtime: Runtime.NODEJS_24_X.name,
      architectures: [Architecture.ARM_64.name],
      handler: 'index.handler',
      timeout: 120,
      memorySize: 256,
      role: role.attrArn,
      code: { zipFile: inlineHandlerCode('blueprint', 'baseline') },
    });
    fn.addResourceDependency(logs);
    return fn.attrArn;
  }
}
