/**
 * Pure core of the falcon-baseline custom resource: asks the hub broker for one product's template parameters in
 * this account and Region and returns exactly the keys the pinned product version declares, as the custom
 * resource's attributes. The baseline template passes them on as ProvisioningParameters, so nobody types them.
 */

export interface ParameterRequest {
  readonly brokerUrl: string;
  readonly region: string;
  readonly productId: string;
  /** The pinned product version; baseline v1.0.0 sends none, and the broker then computes its own pins. */
  readonly version?: string;
  /** Every parameter of the pinned product version. */
  readonly keys: readonly string[];
  /** Keys the hub may leave out (an empty string is then the template's own default). */
  readonly optionalKeys: readonly string[];
}

const stringList = (value: unknown, what: string): string[] => {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new Error(`${what} must be a list of strings`);
  return value as string[];
};

const requiredString = (value: unknown, what: string): string => {
  if (typeof value !== 'string' || value === '') throw new Error(`${what} is required`);
  return value;
};

/** Reads the custom resource's properties (CloudFormation passes every value as a string or list). */
export function readRequest(properties: Record<string, unknown>): ParameterRequest {
  return {
    brokerUrl: requiredString(properties.BrokerUrl, 'BrokerUrl'),
    region: requiredString(properties.Region, 'Region'),
    productId: requiredString(properties.ProductId, 'ProductId'),
    ...(properties.Version === undefined ? {} : { version: requiredString(properties.Version, 'Version') }),
    keys: stringList(properties.ParameterKeys, 'ParameterKeys'),
    optionalKeys: stringList(properties.OptionalParameterKeys ?? [], 'OptionalParameterKeys'),
  };
}

export type BrokerCaller = (body: Record<string, unknown>) => Promise<Record<string, unknown>>;

export async function fetchProductParameters(request: ParameterRequest, callBroker: BrokerCaller): Promise<Record<string, string>> {
  const answer = await callBroker({
    action: 'product-parameters',
    region: request.region,
    products: [request.productId],
    ...(request.version === undefined ? {} : { versions: { [request.productId]: request.version } }),
  });
  const all = answer.parameters as Record<string, Record<string, unknown>> | undefined;
  const served = all?.[request.productId];
  if (!served || typeof served !== 'object') {
    throw new Error(`the Falcon broker returned no parameters for ${request.productId}`);
  }
  const result: Record<string, string> = {};
  // Only the pinned version's keys: a newer product version may take parameters this version does not declare.
  for (const key of request.keys) {
    const value = served[key];
    if (typeof value === 'string') result[key] = value;
    else if (request.optionalKeys.includes(key)) result[key] = '';
    else throw new Error(`the Falcon broker returned no ${key} for ${request.productId}`);
  }
  return result;
}
