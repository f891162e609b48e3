/** `ListEnabledControls` on one OU (every page), cached per OU for one CLI run. */
import { type ControlTowerClient, ListEnabledControlsCommand } from '@aws-sdk/client-controltower';

/** OU ARN → the identifiers of the controls enabled on it. */
export type EnabledControlsReader = (ouArn: string) => Promise<readonly string[]>;

export function controlTowerReader(client: ControlTowerClient): EnabledControlsReader {
  const cache = new Map<string, Promise<string[]>>();
  const read = async (targetIdentifier: string) => {
    const identifiers: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(new ListEnabledControlsCommand({ targetIdentifier, nextToken }));
      for (const control of page.enabledControls ?? []) if (control.controlIdentifier) identifiers.push(control.controlIdentifier);
      nextToken = page.nextToken;
    } while (nextToken);
    return identifiers;
  };
  return (ouArn) => {
    let cached = cache.get(ouArn);
    if (!cached) {
      cached = read(ouArn);
      cache.set(ouArn, cached);
    }
    return cached;
  };
}

/** The OU ARN Control Tower takes as `targetIdentifier`. */
export function ouArn(partition: string, managementAccountId: string, organizationId: string, ouId: string): string {
  return `arn:${partition}:organizations::${managementAccountId}:ou/${organizationId}/${ouId}`;
}
