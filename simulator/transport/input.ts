import { AwsApiError } from '../core/errors';
import type { Input } from './service';

/**
 * Typed reads of a decoded request. The SDK does not enforce required members client-side, so the simulator,
 * like the service, answers a missing or mistyped member with the service's validation error.
 */
export class InputReader {
  constructor(
    private readonly input: Input,
    private readonly errorCode: string,
  ) {}

  string(key: string): string {
    const value = this.input[key];
    if (typeof value !== 'string' || value === '') throw this.invalid(`${key} is required and must be a non-empty string`);
    return value;
  }

  optionalString(key: string): string | undefined {
    const value = this.input[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw this.invalid(`${key} must be a string`);
    return value;
  }

  optionalBoolean(key: string): boolean | undefined {
    const value = this.input[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw this.invalid(`${key} must be a boolean`);
    return value;
  }

  optionalNumber(key: string): number | undefined {
    const value = this.input[key];
    if (value === undefined || value === null) return undefined;
    const n = typeof value === 'string' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n)) throw this.invalid(`${key} must be a number`);
    return n;
  }

  optionalObject(key: string): Input | undefined {
    const value = this.input[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) throw this.invalid(`${key} must be a structure`);
    return value as Input;
  }

  list<T = unknown>(key: string): T[] {
    const value = this.input[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw this.invalid(`${key} must be a list`);
    return value as T[];
  }

  /** Raw member (for pagination tokens and page sizes the pagination helper validates). */
  raw(key: string): unknown {
    return this.input[key];
  }

  invalid(message: string): AwsApiError {
    return new AwsApiError(this.errorCode, message);
  }
}
