// The sniff's verdicts on YAML, pinned on a range of files before the sniff moved from the `yaml` library's
// parseDocument to js-yaml's event reader (docs/architecture.md, "Discovery"): templates with short-form
// tags, YAML that is not a template, broken YAML, several documents, alias bombs and a big template.
import { describe, expect, it } from 'vitest';
import { sniff } from '../../src/discover/sniff';

const TEMPLATE = 'cloudformation-template';

/** [name, text, kind, what the reason says (undefined: none)] */
const CASES: ReadonlyArray<readonly [string, string, string, RegExp | undefined]> = [
  [
    'a template with short-form tags',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's ${} in a !Sub
    'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !Sub "${AWS::StackName}-r"\n      Arn: !GetAtt Other.Arn\n      Tags: !If [C, !Ref A, !Ref "AWS::NoValue"]\n',
    TEMPLATE,
    undefined,
  ],
  ['Resources of AWS:: types only', 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n', TEMPLATE, undefined],
  [
    'a template in flow style with anchors used a few times',
    'Resources: {A: &t {Type: AWS::SNS::Topic}, B: *t, C: *t}\n',
    TEMPLATE,
    undefined,
  ],
  [
    'a template with comments, a BOM-less CRLF text and block scalars',
    '# stack\r\nAWSTemplateFormatVersion: 2010-09-09\r\nDescription: |\r\n  two\r\n  lines\r\nResources: {}\r\n',
    TEMPLATE,
    undefined,
  ],
  [
    'a GitHub workflow',
    'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo Resources\n',
    'ignored',
    /^YAML that is not a CloudFormation template$/,
  ],
  [
    'a policy written in YAML',
    'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: "*"\n    Resource: "*"\n',
    'ignored',
    /^YAML that is not a CloudFormation template$/,
  ],
  ['Resources of other types', 'Resources:\n  R:\n    Type: Custom::Thing\n', 'ignored', /^YAML that is not/],
  ['a list at the top', '- Resources\n- AWS::IAM::Role\n', 'ignored', /^YAML that is not/],
  ['a scalar mentioning Resources', 'Resources\n', 'ignored', /^YAML that is not/],
  [
    'broken YAML that is meant as a template',
    'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  R:\n    Type: [AWS::IAM::Role\n',
    TEMPLATE,
    /^not valid YAML \(.+\) but looks like a CloudFormation template$/,
  ],
  [
    'broken YAML that is not a template',
    'Resources:\n  key: "unterminated\n',
    'ignored',
    /^neither JSON nor valid YAML \(.+\)$/,
  ],
  [
    'a duplicate key in a template',
    'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\nResources: {}\n',
    TEMPLATE,
    // The `yaml` library's sniff let the duplicate pass (no reason); extraction's reader refuses it, and
    // now so does the sniff: still a template, with the syntax error to report.
    /^not valid YAML \(Map keys must be unique: "Resources" is given twice at line 3\)/,
  ],
  [
    'two documents, meant as a template',
    'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n---\nResources: {}\n',
    TEMPLATE,
    // As the duplicate key: the `yaml` library's sniff read the first document; now the reason is given.
    /^not valid YAML \(the file holds more than one YAML document/,
  ],
  [
    'two documents, not a template',
    'Resources: a\n---\nb: 1\n',
    'ignored',
    // Was "YAML that is not a CloudFormation template": ignored either way.
    /^neither JSON nor valid YAML \(the file holds more than one YAML document/,
  ],
  [
    'an alias bomb in a template',
    `AWSTemplateFormatVersion: "2010-09-09"\na: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from(
      { length: 9 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(', ')}]`,
    ).join('\n')}\nResources: {}\n`,
    TEMPLATE,
    /^not valid YAML/,
  ],
  [
    'an alias bomb that is not a template',
    `a: &a [Resources, x]\n${Array.from(
      { length: 9 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(', ')}]`,
    ).join('\n')}\n`,
    'ignored',
    /^neither JSON nor valid YAML/,
  ],
];

describe('sniff: the verdicts on YAML files', () => {
  for (const [name, text, kind, reason] of CASES) {
    it(name, () => {
      const verdict = sniff(text, { yaml: true });
      expect(verdict.kind).toBe(kind);
      if (reason === undefined) expect(verdict.reason).toBeUndefined();
      else expect(verdict.reason).toMatch(reason);
    });
  }

  it('a big template (2 MB, 20,000 resources)', () => {
    const resources = Array.from(
      { length: 20_000 },
      (_, i) =>
        `  Q${i}:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub "q-${i}-\${AWS::StackName}"\n`,
    );
    const text = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${resources.join('')}`;
    expect(text.length).toBeGreaterThan(1_500_000);
    expect(sniff(text, { yaml: true })).toEqual({ kind: TEMPLATE });
  });
});
