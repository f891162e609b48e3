/**
 * SSM Distributor product, per Region: a State Manager association that runs CrowdStrike's published
 * `CrowdStrike-FalconSensorDeploy` automation document on a schedule, and the automation role it runs as.
 *
 * The role holds exactly what that document (v3 and later) does: find the targeted managed instances
 * (ssm:GetInventory, falling back to ssm:DescribeInstanceInformation), read the Falcon credential from the one
 * secret named by ARN, and run AWS-ConfigureAWSPackage on this Region's instances, polling the command. Not the
 * reference's `AmazonSSMAutomationRole` + `SecretsManagerReadWrite`.
 *
 * Uninstall: set Action to Uninstall (an in-place association update), let it run, then terminate. Terminating
 * deletes the association and the role; the secret is not the product's and stays.
 */
import { FalconProductStack } from '../kit/falcon-product-stack';
import { Aws, CfnCondition, CfnOutput, Fn } from 'aws-cdk-lib';
import { CfnRole, PolicyDocument, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ProductStackProps } from 'aws-cdk-lib/aws-servicecatalog';
import { CfnAssociation } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import {
  DOCUMENT_VERSION_PATTERN,
  INSTALLER_PARAMS_PATTERN,
  MAX_CONCURRENCY_PATTERN,
  MAX_ERRORS_PATTERN,
  PACKAGE_VERSION_PATTERN,
  SCHEDULE_PATTERN,
  SSM_DISTRIBUTOR_DEFAULTS as DEFAULTS,
  TAG_KEY_PATTERN,
  TAG_VALUE_PATTERN,
} from './definition';
import { ProductParameters, productBoundary } from '../kit/product-parameters';
import { directoryRevisionParameter } from '../kit/directory-parameters';
import { credentialsSecretArn, readSecretStatements } from '../kit/secret-access';

export const DEPLOY_DOCUMENT = 'CrowdStrike-FalconSensorDeploy';
/** The automation role's name is this prefix plus the Region: IAM is global, the product is regional. */
export const AUTOMATION_ROLE_PREFIX = 'CrowdStrikeDistributor';
export const ASSOCIATION_NAME = 'crowdstrike-falcon-sensor-deploy';

const tagValueList = TAG_VALUE_PATTERN.slice(1, -1);

/**
 * Builds the newest version, v1.3.0: the sensor-download secret comes from the Falcon directory in the launching
 * account unless `CredentialsSecretArn` names another, so a hand launch needs no input (every other parameter has a
 * default), and the installer options of CrowdStrike's document (sensor versions, installer parameters such as
 * grouping tags and a proxy) are passed through, empty by default as CrowdStrike's own association template passes
 * them; the role carries the product boundary. v1.0.0 (the secret ARN required), v1.1.0 and v1.2.0 (no installer
 * options) are published from their snapshots.
 */
export class SsmDistributorProduct extends FalconProductStack {
  constructor(scope: Construct, id: string, props: ProductStackProps = {}) {
    super(scope, id, props);
    const params = new ProductParameters(this);

    params.group('Falcon credential');
    const secretArn = credentialsSecretArn(this, params, 'the automation', '{"ClientId","ClientSecret","Cloud"}');

    params.group('Association');
    const action = params.add('Action', {
      label: 'Action',
      description: 'Install the sensor, or Uninstall it from the targeted instances before terminating this product.',
      type: 'String',
      allowedValues: ['Install', 'Uninstall'],
      default: DEFAULTS.Action,
    });
    const documentVersion = params.add('DocumentVersion', {
      label: 'Automation document version',
      description: `${DEPLOY_DOCUMENT} version: $DEFAULT, $LATEST or 3 and later (1 and 2 use the retired Python 3.7).`,
      type: 'String',
      default: DEFAULTS.DocumentVersion,
      allowedPattern: DOCUMENT_VERSION_PATTERN,
      constraintDescription: '$DEFAULT, $LATEST, or a version number of 3 or more',
    });
    const schedule = params.add('ScheduleExpression', {
      label: 'Schedule',
      description: 'How often State Manager re-applies the association, so new instances get the sensor.',
      type: 'String',
      default: DEFAULTS.ScheduleExpression,
      allowedPattern: SCHEDULE_PATTERN,
      constraintDescription: 'a cron(...) or rate(...) expression',
    });
    const applyAtCron = params.add('ApplyOnlyAtCronInterval', {
      label: 'Apply only at the cron interval',
      description: 'true: do not run when the association is created or updated, only on schedule (cron only).',
      type: 'String',
      allowedValues: ['true', 'false'],
      default: DEFAULTS.ApplyOnlyAtCronInterval,
    });
    const maxErrors = params.add('MaxErrors', {
      label: 'Maximum errors',
      description: 'Failed instances (count or percentage) after which a run stops.',
      type: 'String',
      default: DEFAULTS.MaxErrors,
      allowedPattern: MAX_ERRORS_PATTERN,
      constraintDescription: 'a count such as 10 or a percentage such as 10%',
    });
    const maxConcurrency = params.add('MaxConcurrency', {
      label: 'Maximum concurrency',
      description: 'Instances (count or percentage) processed at the same time.',
      type: 'String',
      default: DEFAULTS.MaxConcurrency,
      allowedPattern: MAX_CONCURRENCY_PATTERN,
      constraintDescription: 'a count of at least 1 or a percentage such as 20%',
    });

    params.group('Targets');
    const tagKey = params.add('TargetTagKey', {
      label: 'Target tag key (optional)',
      description: 'Leave empty to target every managed instance in this Region; otherwise only instances with this tag.',
      type: 'String',
      default: '',
      allowedPattern: `^$|${TAG_KEY_PATTERN}`,
      constraintDescription: 'empty, or an EC2 tag key',
    });
    const tagValues = params.add('TargetTagValues', {
      label: 'Target tag values',
      description: 'Comma-separated values of the target tag (used only with a tag key).',
      type: 'String',
      default: '',
      allowedPattern: `^$|^${tagValueList}(,${tagValueList}){0,49}$`,
      constraintDescription: 'empty, or up to 50 comma-separated tag values',
    });

    params.group('Sensor installation (optional; applies to installations after a change)');
    const packageVersion = (platform: string) =>
      params.add(`${platform}PackageVersion`, {
        label: `${platform} sensor version (optional)`,
        description: `Falcon sensor version to install on ${platform}, e.g. 7.04.17600. Empty: CrowdStrike's N-1 version.`,
        type: 'String',
        default: '',
        allowedPattern: `^$|${PACKAGE_VERSION_PATTERN}`,
        constraintDescription: 'empty, or a version such as 7.04.17600',
      });
    const installerParams = (platform: string, example: string) =>
      params.add(`${platform}InstallerParams`, {
        label: `${platform} installer parameters (optional)`,
        description: `Options the ${platform} sensor installer gets, e.g. ${example}.`,
        type: 'String',
        default: '',
        allowedPattern: INSTALLER_PARAMS_PATTERN,
        constraintDescription: 'one line of at most 1024 characters, without ` $ ; | & < >',
      });
    const linuxVersion = packageVersion('Linux');
    const linuxParams = installerParams('Linux', '--tags="Prod,Web" --aph=proxy.example.com --app=8080');
    const windowsVersion = packageVersion('Windows');
    const windowsParams = installerParams('Windows', 'GROUPING_TAGS="Prod,Web" APP_PROXYNAME=proxy.example.com APP_PROXYPORT=8080');
    const applyBoundary = productBoundary();
    directoryRevisionParameter(this, params);
    params.writeInterface();

    const byTag = new CfnCondition(this, 'TargetsByTag', {
      expression: Fn.conditionNot(Fn.conditionEquals(tagKey.valueAsString, '')),
    });
    const atCronOnly = new CfnCondition(this, 'ApplyOnlyAtCron', {
      expression: Fn.conditionEquals(applyAtCron.valueAsString, 'true'),
    });
    const p = Aws.PARTITION;
    const role = new CfnRole(this, 'AutomationRole', {
      roleName: `${AUTOMATION_ROLE_PREFIX}-${Aws.REGION}`,
      description: `CrowdStrike Falcon: runs ${DEPLOY_DOCUMENT} for the State Manager association in this Region`,
      assumeRolePolicyDocument: new PolicyDocument({
        statements: [
          new PolicyStatement({
            actions: ['sts:AssumeRole'],
            principals: [new ServicePrincipal('ssm.amazonaws.com')],
            // Only automations of this account and Region may assume it (confused-deputy protection).
            conditions: {
              StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
              ArnLike: { 'aws:SourceArn': `arn:${p}:ssm:${Aws.REGION}:${Aws.ACCOUNT_ID}:automation-execution/*` },
            },
          }),
        ],
      }).toJSON(),
      policies: [
        {
          policyName: 'falcon-sensor-deploy',
          policyDocument: new PolicyDocument({
            statements: [
              new PolicyStatement({
                sid: 'FindManagedInstances',
                // Inventory and instance-information reads support no resource-level permissions.
                actions: ['ssm:GetInventory', 'ssm:DescribeInstanceInformation'],
                resources: ['*'],
              }),
              new PolicyStatement({
                sid: 'ResolveTagTargets',
                // With tag targeting, the rate-controlled automation resolves targets through the tagging API,
                // which has no resource-level permissions. Granted always, so switching targeting never races a
                // policy change; it returns only resource ARNs and tags.
                actions: ['tag:GetResources'],
                resources: ['*'],
              }),
              new PolicyStatement({
                sid: 'RunPackageInstaller',
                actions: ['ssm:SendCommand'],
                resources: [
                  `arn:${p}:ssm:${Aws.REGION}::document/AWS-ConfigureAWSPackage`,
                  `arn:${p}:ec2:${Aws.REGION}:${Aws.ACCOUNT_ID}:instance/*`,
                  `arn:${p}:ssm:${Aws.REGION}:${Aws.ACCOUNT_ID}:managed-instance/*`,
                ],
              }),
              new PolicyStatement({
                sid: 'FollowCommands',
                // aws:runCommand polls its command; these reads support no resource-level permissions.
                actions: ['ssm:ListCommands', 'ssm:ListCommandInvocations', 'ssm:GetCommandInvocation'],
                resources: ['*'],
              }),
              ...readSecretStatements(secretArn),
            ],
          }).toJSON(),
        },
      ],
    });
    applyBoundary(role);

    const targets = Fn.conditionIf(
      byTag.logicalId,
      [{ Key: `tag:${tagKey.valueAsString}`, Values: Fn.split(',', tagValues.valueAsString) }],
      [{ Key: 'InstanceIds', Values: ['*'] }],
    );

    const association = new CfnAssociation(this, 'Association', {
      name: DEPLOY_DOCUMENT,
      associationName: ASSOCIATION_NAME,
      documentVersion: documentVersion.valueAsString,
      automationTargetParameterName: 'InstanceIds',
      targets: targets as unknown as CfnAssociation.TargetProperty[],
      scheduleExpression: schedule.valueAsString,
      applyOnlyAtCronInterval: Fn.conditionIf(atCronOnly.logicalId, true, false) as unknown as boolean,
      maxErrors: maxErrors.valueAsString,
      maxConcurrency: maxConcurrency.valueAsString,
      parameters: {
        AutomationAssumeRole: [role.attrArn],
        Action: [action.valueAsString],
        SecretStorageMethod: ['SecretsManager'],
        SecretsManagerSecretName: [secretArn],
        LinuxPackageVersion: [linuxVersion.valueAsString],
        LinuxInstallerParams: [linuxParams.valueAsString],
        WindowsPackageVersion: [windowsVersion.valueAsString],
        WindowsInstallerParams: [windowsParams.valueAsString],
      },
    });
    association.addResourceDependency(role, 'the first run assumes the automation role');

    new CfnOutput(this, 'AssociationId', { value: association.attrAssociationId });
    new CfnOutput(this, 'AutomationRoleArn', { value: role.attrArn });
  }
}
