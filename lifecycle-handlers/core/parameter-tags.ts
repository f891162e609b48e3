/**
 * Service Catalog has no API that returns the parameters a provisioned product was launched with (DescribeRecord,
 * DescribeProvisionedProduct and SearchProvisionedProducts all omit them), so the core records them in tags it
 * sets on every provision and update, and reads them back through SearchProvisionedProducts.
 *
 * Tag values allow only letters, digits, spaces and `_ . : / = + - @` (256 characters), so the canonical JSON is
 * stored base64url-encoded across up to MAX_CHUNKS tags. Longer parameter sets keep only the digest, which still
 * tells whether they changed. Updating tags needs the product's RESOURCE_UPDATE constraint to allow tag updates.
 */
import { MANAGED_BY_TAG } from '../../products/falcon-baseline/definition';
import { parametersDigest } from './identity';
import type { ParameterValues } from './types';

export const DIGEST_TAG = 'falcon-catalog:parameters-digest';
const CHUNK_TAG_PREFIX = 'falcon-catalog:parameters:';
const CHUNK_LENGTH = 256;
const MAX_CHUNKS = 8;

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

export function parameterTags(parameters: ParameterValues): Tag[] {
  const tags: Tag[] = [{ Key: DIGEST_TAG, Value: parametersDigest(parameters) }];
  const encoded = Buffer.from(JSON.stringify(parameters), 'utf8').toString('base64url');
  if (encoded.length > CHUNK_LENGTH * MAX_CHUNKS) return tags;
  for (let index = 0; index * CHUNK_LENGTH < encoded.length; index++) {
    tags.push({
      Key: `${CHUNK_TAG_PREFIX}${index}`,
      Value: encoded.slice(index * CHUNK_LENGTH, (index + 1) * CHUNK_LENGTH),
    });
  }
  return tags;
}

/** The value of `falcon-catalog:managed-by` on everything the lifecycle provisions (the blueprint writes `blueprint`). */
export const MANAGED_BY_LIFECYCLE = 'lifecycle';

/** Every tag the lifecycle sets on a provision or update: its ownership mark and the recorded parameters. */
export function lifecycleTags(parameters: ParameterValues): Tag[] {
  return [{ Key: MANAGED_BY_TAG, Value: MANAGED_BY_LIFECYCLE }, ...parameterTags(parameters)];
}

/**
 * True when the tags say the lifecycle provisioned the product: its ownership mark, or the parameter digest that
 * releases before the mark set on every provision and update (the next update adds the mark).
 */
export function provisionedByLifecycle(tags: readonly { Key?: string; Value?: string }[] | undefined): boolean {
  return (tags ?? []).some(
    (t) => (t.Key === MANAGED_BY_TAG && t.Value === MANAGED_BY_LIFECYCLE) || t.Key === DIGEST_TAG,
  );
}

export interface RecordedParameters {
  readonly parameters?: ParameterValues;
  readonly digest?: string;
}

/** Reads back what `parameterTags` wrote; values that do not decode or do not match the digest are ignored. */
export function recordedParameters(tags: readonly { Key?: string; Value?: string }[] | undefined): RecordedParameters {
  const byKey = new Map((tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
  const digest = byKey.get(DIGEST_TAG);
  if (digest === undefined) return {};

  const chunks: string[] = [];
  for (let index = 0; byKey.has(`${CHUNK_TAG_PREFIX}${index}`); index++) {
    chunks.push(byKey.get(`${CHUNK_TAG_PREFIX}${index}`) ?? '');
  }
  if (chunks.length === 0) return { digest };
  try {
    const decoded: unknown = JSON.parse(Buffer.from(chunks.join(''), 'base64url').toString('utf8'));
    if (!isStringRecord(decoded) || parametersDigest(decoded) !== digest) return { digest };
    return { parameters: decoded, digest };
  } catch {
    return { digest };
  }
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}
