/**
 * Launch role v1.3.0: the Falcon directory (`products/directory/entries.ts`).
 *
 * - The `directory` product's AWS::SSM::Parameter resources: CloudFormation's handler creates a parameter with
 *   PutParameter + AddTagsToResource (it tags every parameter with the stack's name and ID), reads it back with
 *   GetParameters, changes tags on update with RemoveTagsFromResource, and deletes it with DeleteParameter.
 * - Every product version that reads the directory declares `AWS::SSM::Parameter::Value<String>` parameters, which
 *   CloudFormation resolves with GetParameters using the launch role's credentials.
 * All of it only on the directory's own path, in this account.
 *
 * Source: the resource type's schema, aws-cloudformation/aws-cloudformation-resource-providers-ssm
 * `aws-ssm-parameter/aws-ssm-parameter.json`, `handlers`: create PutParameter, AddTagsToResource, GetParameters;
 * read GetParameters; update PutParameter, AddTagsToResource, RemoveTagsFromResource, GetParameters; delete
 * DeleteParameter (list, DescribeParameters, is not used by stack operations). The CloudFormation User Guide's
 * AWS::SSM::Parameter page names the same tag rights for create and update.
 */
import { Aws } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { DIRECTORY_PATH } from '../directory/entries';

export function directoryLaunchStatements(): PolicyStatement[] {
  const directoryParameters = `arn:${Aws.PARTITION}:ssm:*:${Aws.ACCOUNT_ID}:parameter${DIRECTORY_PATH}/*`;
  return [
    new PolicyStatement({
      sid: 'FalconDirectoryRead',
      actions: ['ssm:GetParameters'],
      resources: [directoryParameters],
    }),
    new PolicyStatement({
      sid: 'FalconDirectoryWrite',
      // v1.4.0: ListTagsForResource, which the schema's tagging permissions list (CloudFormation reads the tags back).
      actions: ['ssm:PutParameter', 'ssm:DeleteParameter', 'ssm:AddTagsToResource', 'ssm:RemoveTagsFromResource', 'ssm:ListTagsForResource'],
      resources: [directoryParameters],
    }),
  ];
}
