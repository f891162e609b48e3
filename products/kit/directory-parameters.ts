/**
 * Template parameters read from the Falcon directory (`products/directory/entries.ts`) in the launching account.
 *
 * Each is typed `AWS::SSM::Parameter::Value<String>` with the directory entry's name as its default, so the
 * Service Catalog launch form is pre-filled and an account owner types nothing Falcon-specific; CloudFormation
 * reads the value at launch (the launch role holds `ssm:GetParameters` on the directory path). The lifecycle core
 * leaves these at their defaults and passes `DirectoryRevision`, so a changed directory updates the stack.
 */
import { CfnOutput, CfnParameter, Stack } from 'aws-cdk-lib';
import {
  DIRECTORY,
  DIRECTORY_REVISION_DEFAULT,
  DIRECTORY_REVISION_PATTERN,
  type DirectoryKey,
} from '../directory/entries';
import type { ProductParameters } from './product-parameters';

export const SSM_STRING_PARAMETER_TYPE = 'AWS::SSM::Parameter::Value<String>';
export const DIRECTORY_REVISION_PARAMETER = 'DirectoryRevision';

/** Adds the parameter `logicalId` whose value is the directory entry `key`, read in the launching account. */
export function directoryParameter(params: ProductParameters, logicalId: string, key: DirectoryKey): CfnParameter {
  const entry = DIRECTORY[key];
  return params.add(logicalId, {
    label: entry.label,
    description:
      `${entry.description} Read from the SSM parameter ${entry.parameterName} that the platform team's Falcon ` +
      'directory publishes in this account: keep the default.',
    type: SSM_STRING_PARAMETER_TYPE,
    default: entry.parameterName,
  });
}

/**
 * Adds `DirectoryRevision`, which only forces CloudFormation to re-read the directory when it changes, and an
 * output of the same name that shows which directory revision the stack last read.
 */
export function directoryRevisionParameter(stack: Stack, params: ProductParameters): CfnParameter {
  const revision = params.add(DIRECTORY_REVISION_PARAMETER, {
    label: 'Directory revision (keep the default)',
    description:
      'Set by the platform\'s automation when the Falcon directory changes, so that CloudFormation reads it again. ' +
      'Any value works; keep the default when launching by hand.',
    type: 'String',
    default: DIRECTORY_REVISION_DEFAULT,
    allowedPattern: DIRECTORY_REVISION_PATTERN,
    constraintDescription: '1 to 64 letters, digits, _ or -',
  });
  new CfnOutput(stack, 'DirectoryRevisionInUse', {
    value: revision.valueAsString,
    description: 'The Falcon directory revision this stack last read',
  });
  return revision;
}
