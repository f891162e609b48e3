/**
 * Deterministic names, idempotency tokens and parameter digests (docs/decisions.md#idempotent-by-construction).
 *
 * The same (account, Region, product, version, parameters) always yields the same ProvisionToken, so a redelivered
 * or concurrent event repeats a request Service Catalog has already seen instead of launching a duplicate.
 */
import { createHash } from 'node:crypto';
import type { ParameterValues } from './types';

export const PROVISIONED_PRODUCT_PREFIX = 'falcon-';

export function provisionedProductName(productId: string): string {
  return `${PROVISIONED_PRODUCT_PREFIX}${productId}`;
}

/** The product ID a `falcon-<product>` name stands for, or undefined for names this package does not own. */
export function productIdFromName(name: string): string | undefined {
  return name.startsWith(PROVISIONED_PRODUCT_PREFIX) && name.length > PROVISIONED_PRODUCT_PREFIX.length
    ? name.slice(PROVISIONED_PRODUCT_PREFIX.length)
    : undefined;
}

/** Parameters as canonical JSON: keys sorted, so the digest does not depend on the order they were written in. */
export function canonicalParameters(parameters: ParameterValues): string {
  const sorted = Object.keys(parameters)
    .sort()
    .map((key) => [key, parameters[key]]);
  return JSON.stringify(sorted);
}

export function parametersDigest(parameters: ParameterValues): string {
  return createHash('sha256').update(canonicalParameters(parameters)).digest('hex');
}

export type TokenOperation = 'provision' | 'update' | 'terminate';

export interface TokenInput {
  readonly operation: TokenOperation;
  readonly accountId: string;
  readonly region: string;
  readonly productId: string;
  readonly version: string;
  readonly parameters: ParameterValues;
  /**
   * The provisioned product an update or terminate acts on: a product terminated and provisioned again gets a new
   * ID, so the next terminate is a new request rather than a replay of the old one.
   */
  readonly provisionedProductId?: string;
  /**
   * The product's latest record when the action was planned. Re-applying a TAINTED product repeats the same
   * version and parameters; without this the token would match the failed update and replay its record. For a
   * provision, the newest record that terminated an earlier product of the same name (provisioning.ts), so a product
   * terminated and provisioned again is a new request.
   */
  readonly lastRecordId?: string;
}

/**
 * ProvisionToken / UpdateToken / TerminateToken: the API takes 1-128 characters of `[a-zA-Z0-9][a-zA-Z0-9_-]*`.
 * A 64-character SHA-256 hex digest fits and starts with an alphanumeric character.
 */
export function idempotencyToken(input: TokenInput): string {
  const material = JSON.stringify([
    input.operation,
    input.accountId,
    input.region,
    input.productId,
    input.version,
    canonicalParameters(input.parameters),
    input.provisionedProductId ?? '',
    input.lastRecordId ?? '',
  ]);
  return createHash('sha256').update(material).digest('hex');
}
