/**
 * cdk-nag's AwsSolutions pack over every stack and ProductStack, with the reviewed suppressions applied.
 * A new finding makes `app.synth()` throw, so `npm run synth`, `cdk deploy` and the tests all stop on it.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import type { Manifest } from '../manifest/schema';
import { NAG_SUPPRESSIONS } from './nag-suppressions';

export function addNagGate(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

/** Applies every suppression whose path pattern matches a construct; call after the app is fully built. */
export function applyNagSuppressions(root: IConstruct, manifest: Manifest): void {
  for (const construct of root.node.findAll()) {
    for (const suppression of NAG_SUPPRESSIONS) {
      if (suppression.path.test(construct.node.path)) {
        const id = typeof suppression.id === 'string' ? suppression.id : suppression.id({ construct, manifest });
        Validations.of(construct).acknowledge({ id, reason: suppression.reason });
      }
    }
  }
}
