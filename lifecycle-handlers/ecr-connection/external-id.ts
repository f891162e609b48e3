/**
 * The external ID of the registry assessment role: 32 random bytes from the operating system's CSPRNG (the
 * reference used a non-cryptographic PRNG), generated once per account and kept in an SSM SecureString, so an
 * update or a re-run reads the same value back instead of minting a new one that Falcon does not know.
 */
import { randomBytes } from 'node:crypto';

/** Where the external ID is kept; `putIfAbsent` must never overwrite (a concurrent writer wins, and is read back). */
export interface ExternalIdStore {
  get(name: string): Promise<string | undefined>;
  /** Stores `value` unless `name` exists; returns false when it already existed. */
  putIfAbsent(name: string, value: string): Promise<boolean>;
  /** Removes `name`; absent is not an error. */
  remove(name: string): Promise<void>;
}

export function newExternalId(): string {
  // Hex keeps it inside the characters IAM and Falcon accept for an external ID ([\w+=,.@:/-]).
  return randomBytes(32).toString('hex');
}

export async function ensureExternalId(
  store: ExternalIdStore,
  name: string,
  generate: () => string = newExternalId,
): Promise<string> {
  const existing = await store.get(name);
  if (existing) return existing;
  if (await store.putIfAbsent(name, generate())) {
    const stored = await store.get(name);
    if (stored) return stored;
  } else {
    const raced = await store.get(name);
    if (raced) return raced;
  }
  throw new Error(`the external ID parameter ${name} could not be read back after writing it`);
}
