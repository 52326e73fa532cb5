#!/usr/bin/env node
// The CDK app: one stack, cdk-nag's AwsSolutions checks on every synth. No logic here (see lib/).
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EcrRetentionStack } from '../lib/ecr-retention-stack';

const app = new App();
// Environment-agnostic: account, region and partition are resolved by CloudFormation, so synth needs no credentials.
new EcrRetentionStack(app, 'EcrRetention');
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
