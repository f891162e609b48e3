/**
 * What every product version that reads the Falcon directory promises, as assertions shared by the product tests:
 * its Falcon values are SSM-typed parameters pre-filled with the directory's names, every parameter is labelled,
 * described and defaulted (a hand launch needs no input), and `DirectoryRevision` follows the directory.
 */
import { expect } from 'vitest';
import { DIRECTORY, type DirectoryKey } from '../../products/directory/entries';
import { SSM_STRING_PARAMETER_TYPE } from '../../products/kit/directory-parameters';
import type { ParameterContext, ProductDefinition } from '../../vocabulary';
import { type ContextOptions, REGISTRATION } from './contexts';
import type { Json } from './product-templates';

/** Each parameter of `byLogicalId` is SSM-typed, with the directory entry's name as its default. */
export function expectDirectoryDefaults(template: Json, byLogicalId: Readonly<Record<string, DirectoryKey>>): void {
  for (const [logicalId, key] of Object.entries(byLogicalId)) {
    expect(template.Parameters[logicalId], logicalId).toMatchObject({
      Type: SSM_STRING_PARAMETER_TYPE,
      Default: DIRECTORY[key].parameterName,
    });
  }
}

/** Every parameter has a label, a description and a default: the launch form needs no input. */
export function expectLaunchableWithoutInput(template: Json): void {
  const labels = template.Metadata['AWS::CloudFormation::Interface'].ParameterLabels as Json;
  for (const [name, p] of Object.entries(template.Parameters as Json)) {
    expect(p.Default, `${name} has a default`).toBeDefined();
    expect(labels[name]?.default, `${name} has a label`).toBeTruthy();
    expect(p.Description, `${name} has a description`).toBeTruthy();
  }
}

/**
 * The `DirectoryRevision` contract: a new Falcon registration or a new sensor-download secret changes the revision,
 * and nothing else in the parameters, so the lifecycle core updates the stack (CloudFormation re-reads SSM-typed
 * parameters only on create and update).
 */
export function expectRevisionFollowsDirectory(
  product: ProductDefinition,
  contextWith: (options: ContextOptions) => ParameterContext,
  directorySecret: string,
): void {
  const before = product.templateParameters(contextWith({}));
  const rotated = product.templateParameters(contextWith({ registration: { ...REGISTRATION, externalId: 'ext-rotated-0000' } }));
  const newSecret = product.templateParameters(
    contextWith({ sensorDownloadSecretArn: directorySecret.replace(/-\w{6}$/, '-New123') }),
  );
  for (const after of [rotated, newSecret]) {
    expect(after.DirectoryRevision).not.toBe(before.DirectoryRevision);
    expect({ ...after, DirectoryRevision: '' }).toEqual({ ...before, DirectoryRevision: '' });
  }
}
