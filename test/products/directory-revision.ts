/**
 * The `DirectoryRevision` contract every directory-reading version keeps: a new Falcon registration or a new
 * sensor-download secret changes the revision, and nothing else in the parameters, so the lifecycle core updates
 * the stack (CloudFormation re-reads SSM-typed parameters only on create and update).
 */
import { expect } from 'vitest';
import type { ParameterContext, ProductDefinition } from '../../products/registry';
import { type ContextOptions, REGISTRATION } from './contexts';

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
