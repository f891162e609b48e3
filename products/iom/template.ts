/**
 * IOM product: the read-only role CrowdStrike Falcon assumes to assess this account's configuration.
 *
 * SecurityAudit plus an inline policy of configuration reads, trusted by CrowdStrike's intermediate role with an
 * external ID. The inline policy is CrowdStrike's current read list minus the actions that read data rather than
 * configuration, decided action by action in `read-policy.ts` (v1.0.0 to v1.2.0, published from their snapshots,
 * followed the older reference list).
 */
import { FalconProductStack } from '../kit/falcon-product-stack';
import { Aws, CfnCondition, CfnOutput, Fn } from 'aws-cdk-lib';
import { ArnPrincipal, CfnRole, Effect, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { ProductStackProps } from 'aws-cdk-lib/aws-servicecatalog';
import { Construct } from 'constructs';
import { IOM_DIRECTORY_PARAMETERS } from './definition';
import { IOM_APIGATEWAY_READ, IOM_READ_ACTIONS } from './read-policy';
import { directoryParameter, directoryRevisionParameter } from '../kit/directory-parameters';
import { ProductParameters, productBoundary } from '../kit/product-parameters';

/** Roles this package creates start with this prefix, so the launch role can be scoped to them. */
export const FALCON_ROLE_PREFIX = 'CrowdStrike';

/**
 * Builds the newest version, v1.3.0: the CrowdStrike values come from the Falcon directory in the launching account
 * (SSM-typed parameters with the directory's names as defaults), so an account owner types nothing, and the inline
 * policy follows `read-policy.ts`; the role carries the product boundary. v1.0.0 (plain parameters), v1.1.0 and
 * v1.2.0 (the older list) come from their snapshots.
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
                actions: [IOM_APIGATEWAY_READ.action],
                resources: IOM_APIGATEWAY_READ.resourcePaths.map((p) => `arn:${Aws.PARTITION}:apigateway:*::${p}`),
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
