/**
 * The `directory` product's template: one SSM String parameter per Falcon directory entry, in this account and
 * Region. Optional entries (event bus, broker URL, sensor-download secret) are created only when the automation
 * passes a value, so a product that needs a missing entry fails at launch with "parameter not found" instead of
 * running with an empty value.
 */
import { FalconProductStack } from '../kit/falcon-product-stack';
import { CfnCondition, CfnOutput, Fn } from 'aws-cdk-lib';
import { CfnParameter as CfnSsmParameter } from 'aws-cdk-lib/aws-ssm';
import { ProductStackProps } from 'aws-cdk-lib/aws-servicecatalog';
import { Construct } from 'constructs';
import { DIRECTORY, DIRECTORY_KEYS } from './entries';
import { ProductParameters } from '../kit/product-parameters';

export class FalconDirectoryProduct extends FalconProductStack {
  constructor(scope: Construct, id: string, props: ProductStackProps = {}) {
    super(scope, id, props);
    const params = new ProductParameters(this);
    params.group('Falcon directory (filled in by the platform automation)');
    for (const key of DIRECTORY_KEYS) {
      const entry = DIRECTORY[key];
      const value = params.add(entry.templateParameter, {
        label: entry.label,
        description: `${entry.description} Written to ${entry.parameterName}${entry.optional ? '; empty: not written' : ''}.`,
        type: 'String',
        ...(entry.optional ? { default: '' } : {}),
        allowedPattern: entry.optional ? `^$|${entry.pattern}` : entry.pattern,
        constraintDescription: entry.optional ? `empty, or matching ${entry.pattern}` : `matching ${entry.pattern}`,
      });
      const parameter = new CfnSsmParameter(this, `${entry.templateParameter}Entry`, {
        name: entry.parameterName,
        type: 'String',
        tier: 'Standard',
        value: value.valueAsString,
        description: `CrowdStrike Falcon directory: ${entry.label}. Managed by Service Catalog; do not edit.`,
      });
      if (entry.optional) {
        parameter.cfnOptions.condition = new CfnCondition(this, `Has${entry.templateParameter}`, {
          expression: Fn.conditionNot(Fn.conditionEquals(value.valueAsString, '')),
        });
      }
    }
    params.writeInterface();
    new CfnOutput(this, 'DirectoryPath', { value: '/falcon-catalog/directory/' });
  }
}
