import type { CallerIdentity } from '../core/identity';
import type { ProtocolCodec } from '../protocols/codec';

export type Input = Record<string, unknown>;

/** What an operation handler knows about the call besides its input. */
export interface CallContext {
  caller: CallerIdentity;
  region: string;
  partition: string;
}

export type OperationHandler = (input: Input, ctx: CallContext) => unknown;

/** One simulated AWS service: how it speaks on the wire and what it can do. */
export interface SimulatedService {
  /** SigV4 signing name, which is how the transport recognises the service (`servicecatalog`, `sts`, ...). */
  signingName: string;
  codec: ProtocolCodec;
  /** The service's own error codes for the generic failures the transport raises. */
  errorCodes: { accessDenied: string; throttling: string; unknownCaller: string };
  operations: Record<string, OperationHandler>;
}
