import type { HttpHandler, HttpRequest, HttpResponse } from '@smithy/protocol-http';
import type { CallRecord } from '../core/call-log';
import type { VirtualClock } from '../core/clock';
import { AwsApiError } from '../core/errors';
import type { FaultInjector } from '../core/faults';
import type { CredentialTable } from '../core/identity';
import type { LatencyModel } from '../core/latency';
import type { ThrottleModel } from '../core/throttle';
import type { SimulatedService } from './service';
import { readSigningScope } from './sigv4-scope';

export interface TransportDeps {
  services: ReadonlyMap<string, SimulatedService>;
  credentials: CredentialTable;
  clock: VirtualClock;
  throttle: ThrottleModel;
  latency: LatencyModel;
  faults: FaultInjector;
  calls: CallRecord[];
  partition: string;
}

/**
 * The `requestHandler` the real SDK clients send their signed HTTP requests to. Order of checks for each
 * request: identity (signing scope) → latency → call log → injected fault → throttle → service model.
 */
export class SimulatorRequestHandler implements HttpHandler {
  private requestCount = 0;

  constructor(private readonly deps: TransportDeps) {}

  async handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
    const scope = readSigningScope(request);
    const service = scope ? this.deps.services.get(scope.service) : undefined;
    if (!scope || !service) {
      throw new Error(
        `Simulator: request to ${request.hostname}${request.path} is unsigned or for a service the simulator does not model (${scope?.service ?? 'no signing scope'})`,
      );
    }
    const requestId = `sim-${(++this.requestCount).toString().padStart(8, '0')}`;
    const { codec } = service;
    let operation = '(undecodable)';
    let record: CallRecord | undefined;
    try {
      const decoded = codec.decode(request);
      operation = decoded.operation;
      const latency = this.deps.latency.msFor(service.signingName, operation);
      if (latency > 0) await this.deps.clock.sleep(latency);

      const caller = this.deps.credentials.resolve(scope.accessKeyId);
      record = {
        seq: this.deps.calls.length + 1,
        time: this.deps.clock.now(),
        service: service.signingName,
        operation,
        callerAccount: caller?.account ?? 'unknown',
        callerRole: caller?.role ?? 'unknown',
        region: scope.region,
        input: decoded.input,
      };
      this.deps.calls.push(record);
      if (!caller) {
        throw new AwsApiError(service.errorCodes.unknownCaller, 'The security token included in the request is invalid.', 403);
      }
      const handler = service.operations[operation];
      if (!handler) {
        throw new AwsApiError('UnknownOperationException', `The simulator does not model ${service.signingName}:${operation}`);
      }
      const fault = this.deps.faults.take(service.signingName, operation, caller.account, scope.region, service.errorCodes.accessDenied);
      if (fault) throw fault;
      if (!this.deps.throttle.tryTake(service.signingName, operation, caller.account, scope.region)) {
        throw new AwsApiError(service.errorCodes.throttling, 'Rate exceeded', 400);
      }
      const output = handler(decoded.input, { caller, region: scope.region, partition: this.deps.partition });
      return { response: codec.encodeResult(operation, output, requestId) };
    } catch (error) {
      if (!(error instanceof AwsApiError)) throw error;
      if (record) record.error = error.code;
      return { response: codec.encodeError(error, requestId) };
    }
  }

  updateHttpClientConfig(): void {
    // Nothing to configure: there is no socket.
  }

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
}
