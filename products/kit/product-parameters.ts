/**
 * Template parameters that explain themselves to an account owner launching a product by hand.
 *
 * Every parameter gets a label and a description, and every free-text parameter a pattern or a list of allowed
 * values, so a launch with nonsense is rejected by CloudFormation before anything is created. The labels and
 * groups are written to `AWS::CloudFormation::Interface`, which the Service Catalog console renders.
 */
import { CfnCondition, CfnParameter, CfnParameterProps, Fn, Stack, Aws } from 'aws-cdk-lib';
import { CfnRole } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { productBoundaryArn } from './product-boundary';

export interface LabelledParameterProps extends CfnParameterProps {
  readonly label: string;
  readonly description: string;
}

interface Group {
  readonly label: string;
  readonly parameters: CfnParameter[];
}

export class ProductParameters {
  private readonly groups: Group[] = [];

  constructor(private readonly stack: Stack) {}

  /** Starts a parameter group; the parameters added next belong to it. */
  group(label: string): this {
    this.groups.push({ label, parameters: [] });
    return this;
  }

  add(id: string, props: LabelledParameterProps): CfnParameter {
    const { label, ...cfnProps } = props;
    const isFreeText = (cfnProps.type ?? 'String') === 'String';
    if (isFreeText && !cfnProps.allowedPattern && !cfnProps.allowedValues) {
      // A programming error, caught at synth: free text with no constraint lets nonsense through to launch.
      throw new Error(`Parameter ${id} is free text without allowedPattern or allowedValues`);
    }
    const parameter = new CfnParameter(this.stack, id, cfnProps);
    if (this.groups.length === 0) this.group('Parameters');
    this.groups[this.groups.length - 1].parameters.push(parameter);
    this.labels[id] = { default: label };
    return parameter;
  }

  private readonly labels: Record<string, { default: string }> = {};

  /** Writes the console metadata; call once, after the last parameter. */
  writeInterface(): void {
    this.stack.templateOptions.metadata = {
      ...this.stack.templateOptions.metadata,
      'AWS::CloudFormation::Interface': {
        ParameterGroups: this.groups.map((g) => ({
          Label: { default: g.label },
          Parameters: g.parameters.map((p) => p.logicalId),
        })),
        ParameterLabels: this.labels,
      },
    };
  }
}

/** The IAM name pattern CloudFormation checks before launch (IAM's own rule for role and policy names). */
export const IAM_NAME_PATTERN = '^[\\w+=,.@-]{1,64}$';

/**
 * Adds the optional permissions-boundary parameter and returns a function that applies it to a role.
 * Empty means no boundary; anything else is a customer-managed policy name in this account.
 */
export function permissionsBoundary(scope: Construct, params: ProductParameters): (role: CfnRole) => void {
  const boundary = params.add('PermissionsBoundaryPolicyName', {
    label: 'Permissions boundary policy name (optional)',
    description:
      'Name of a customer-managed IAM policy in this account to set as the permissions boundary of every role ' +
      'this product creates. Leave empty for none.',
    type: 'String',
    default: '',
    allowedPattern: '^$|^[\\w+=,.@-]{1,128}$',
    constraintDescription: 'empty, or an IAM policy name (letters, digits and + = , . @ _ -)',
  });
  const hasBoundary = new CfnCondition(scope, 'HasPermissionsBoundary', {
    expression: Fn.conditionNot(Fn.conditionEquals(boundary.valueAsString, '')),
  });
  return (role: CfnRole) => {
    role.permissionsBoundary = Fn.conditionIf(
      hasBoundary.logicalId,
      `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:policy/${boundary.valueAsString}`,
      Aws.NO_VALUE,
    ).toString();
  };
}

/**
 * From product versions v1.2.0: every role carries the product boundary the launch role creates and enforces
 * (`products/kit/product-boundary.ts`); there is no boundary parameter any more, because the launch role refuses
 * to create a role under any other.
 */
export function productBoundary(): (role: CfnRole) => void {
  return (role: CfnRole) => {
    role.permissionsBoundary = productBoundaryArn(Aws.PARTITION, Aws.ACCOUNT_ID);
  };
}
