import { describe, expect, it } from 'vitest';
import { idempotencyToken, parametersDigest, productIdFromName } from '../../lifecycle-handlers/core/identity';
import { DIGEST_TAG, parameterTags, recordedParameters } from '../../lifecycle-handlers/core/parameter-tags';

const input = {
  operation: 'provision',
  accountId: '222222222222',
  region: 'us-east-1',
  productId: 'iom',
  version: 'v1.0.0',
  parameters: { RoleName: 'CrowdStrikeCSPMReader' },
} as const;

describe('idempotency tokens', () => {
  it('fit the ProvisionToken limits (1-128 of [a-zA-Z0-9][a-zA-Z0-9_-]*) and are deterministic', () => {
    const token = idempotencyToken(input);
    expect(token).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,127}$/);
    expect(idempotencyToken({ ...input, parameters: { RoleName: 'CrowdStrikeCSPMReader' } })).toBe(token);
  });

  it('change with any of account, Region, product, version, parameters or operation', () => {
    const token = idempotencyToken(input);
    const variants = [
      { ...input, accountId: '333333333333' },
      { ...input, region: 'us-west-2' },
      { ...input, productId: 'launch-role' },
      { ...input, version: 'v1.1.0' },
      { ...input, parameters: { RoleName: 'Other' } },
      { ...input, operation: 'update' as const },
    ];
    for (const variant of variants) expect(idempotencyToken(variant)).not.toBe(token);
  });

  it('do not depend on parameter order', () => {
    expect(parametersDigest({ A: '1', B: '2' })).toBe(parametersDigest({ B: '2', A: '1' }));
  });
});

describe('provisioned-product names', () => {
  it('own only falcon-<product>', () => {
    expect(productIdFromName('falcon-iom')).toBe('iom');
    expect(productIdFromName('falcon-')).toBeUndefined();
    expect(productIdFromName('team-iom')).toBeUndefined();
  });
});

describe('parameter tags', () => {
  const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

  it('round-trip parameters through tag values Service Catalog accepts', () => {
    const parameters = { RoleName: 'CrowdStrikeCSPMReader', ExternalId: 'a,b "quoted" {json}' };
    const tags = parameterTags(parameters);
    for (const tag of tags) {
      expect(tag.Key.length).toBeLessThanOrEqual(128);
      expect(tag.Value).toMatch(TAG_VALUE);
    }
    expect(recordedParameters(tags)).toEqual({ parameters, digest: parametersDigest(parameters) });
  });

  it('keep only the digest when the parameters are too long to store', () => {
    const parameters = { Big: 'x'.repeat(3000) };
    const tags = parameterTags(parameters);
    expect(tags).toEqual([{ Key: DIGEST_TAG, Value: parametersDigest(parameters) }]);
    expect(recordedParameters(tags)).toEqual({ digest: parametersDigest(parameters) });
  });

  it('ignore values that were tampered with', () => {
    const tags = parameterTags({ RoleName: 'a' }).map((t) =>
      t.Key === DIGEST_TAG ? t : { ...t, Value: Buffer.from(JSON.stringify({ RoleName: 'b' })).toString('base64url') },
    );
    expect(recordedParameters(tags)).toEqual({ digest: parametersDigest({ RoleName: 'a' }) });
    expect(recordedParameters(undefined)).toEqual({});
  });
});
