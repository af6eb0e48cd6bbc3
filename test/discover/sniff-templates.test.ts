// Sniffing CloudFormation templates: JSON or YAML, recognised by AWSTemplateFormatVersion or a Resources map
// of AWS:: types; YAML is read only under a YAML name and only for the template row, so a YAML file is never
// taken for a policy.
import { describe, expect, it } from 'vitest';
import { sniff, yamlName } from '../../src/discover/sniff';

describe('sniff: CloudFormation templates', () => {
  it('recognises a JSON template by AWSTemplateFormatVersion or by Resources of AWS:: types', () => {
    expect(sniff('{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}').kind).toBe(
      'cloudformation-template',
    );
    expect(sniff('{"Resources": {"R": {"Type": "AWS::SQS::Queue"}}}').kind).toBe('cloudformation-template');
    expect(sniff('{"Resources": {"R": {"Type": "Custom::Thing"}}}').kind).toBe('ignored');
  });

  it('reads a YAML template under a YAML name, short-form tags and all', () => {
    const yaml =
      'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Ref Name\n';
    expect(sniff(yaml, { yaml: true })).toEqual({ kind: 'cloudformation-template' });
    expect(sniff('Resources:\n  R:\n    Type: AWS::IAM::Role\n', { yaml: true }).kind).toBe(
      'cloudformation-template',
    );
    // Under a .json name the same text is broken JSON meant as a template: its syntax error is reported.
    expect(sniff(yaml)).toMatchObject({
      kind: 'cloudformation-template',
      reason: expect.stringMatching(/^not valid JSON/),
    });
    expect(sniff('Resources:\n  R:\n    Type: AWS::IAM::Role\n').kind).toBe('cloudformation-template');
  });

  it('never takes a YAML file for a policy or a plan', () => {
    const policy =
      'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: "*"\n    Resource: "*"\n';
    expect(sniff(policy, { yaml: true })).toMatchObject({
      kind: 'ignored',
      reason: 'YAML that is not a CloudFormation template',
    });
    expect(sniff('on: push\njobs:\n  Resources: {}\n', { yaml: true }).kind).toBe('ignored');
  });

  it('keeps a broken YAML template as one, so that its syntax error is reported', () => {
    const broken = 'AWSTemplateFormatVersion: "2010-09-09"\nResources: [\n';
    expect(sniff(broken, { yaml: true })).toMatchObject({
      kind: 'cloudformation-template',
      reason: expect.stringMatching(/^not valid YAML/),
    });
  });

  it('refuses an alias bomb without expanding it', () => {
    let bomb = 'Resources: &a [x, x, x, x, x, x, x, x, x]\n';
    for (let i = 0; i < 9; i++)
      bomb += `k${i}: &${String.fromCharCode(98 + i)} [${Array(9)
        .fill(`*${String.fromCharCode(97 + i)}`)
        .join(', ')}]\n`;
    expect(sniff(bomb, { yaml: true }).kind).toBe('ignored');
  });

  it('names YAML files by their extension', () => {
    expect(['a.yaml', 'b.YML', 'c.template', 'd.json', 'e.yaml.bak'].map(yamlName)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
