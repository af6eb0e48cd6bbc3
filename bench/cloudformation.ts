// Scenario 6: a generated 5 MB CloudFormation template (YAML, short-form intrinsics: roles with inline
// policies, bucket and queue policies referring to each other) through parsing, offline resolution and
// extraction, as the template source runs them. Target: parses, resolves and extracts in under 1 s.
import { extractTemplate, readTemplate } from '../src/extract/cloudformation/template';
import { result, type ScenarioResult } from './result';
import { header, median, mib, ms, nowMs, verdictLine } from './util';

const TEMPLATE_BYTES = 5 * 1024 * 1024;
const RUNS = 3;

/** A template of about `bytes`: blocks of a bucket, a queue, a role with two inline policies and two policies. */
export function generateTemplate(bytes: number): string {
  const parts = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Parameters:',
    '  Env: {Type: String, Default: dev, AllowedValues: [dev, prod]}',
    'Conditions:',
    '  IsProd: !Equals [!Ref Env, prod]',
    'Resources:',
  ];
  let size = parts.join('\n').length;
  for (let i = 0; size < bytes; i++) {
    const block = `  Bucket${i}:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "\${AWS::StackName}-data-${i}"
  Queue${i}:
    Type: AWS::SQS::Queue
  Role${i}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: !Sub "lambda.\${AWS::URLSuffix}"}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: data
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [s3:GetObject, s3:PutObject]
                Resource: [!GetAtt Bucket${i}.Arn, !Sub "\${Bucket${i}.Arn}/*"]
              - Effect: Allow
                Action: !If [IsProd, sqs:SendMessage, "sqs:*"]
                Resource: !GetAtt [Queue${i}, Arn]
        - PolicyName: logs
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: logs:PutLogEvents
                Resource: !Join [":", [arn, !Ref AWS::Partition, logs, !Ref AWS::Region, !Ref AWS::AccountId, log-group, !Sub "/app/${i}", "*"]]
  QueuePolicy${i}:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue${i}]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {AWS: !GetAtt Role${i}.Arn}
            Action: sqs:SendMessage
            Resource: !GetAtt Queue${i}.Arn
`;
    parts.push(block);
    size += block.length + 1;
  }
  return `${parts.join('\n')}\n`;
}

/** The same template as JSON (long forms, as `cdk synth` writes), of about `bytes`. */
function generateJsonTemplate(bytes: number): string {
  const asJson = (yamlBytes: number): string => {
    const read = readTemplate('probe.yaml', generateTemplate(yamlBytes));
    if (!read.ok) throw new Error('the generated template does not parse');
    return JSON.stringify(read.root, null, 1);
  };
  const probe = 64 * 1024;
  const ratio = asJson(probe).length / probe;
  return asJson(Math.round(bytes / ratio));
}

interface Measured {
  bytes: number;
  parse: number;
  extract: number;
  targets: number;
  findings: number;
}

function measure(file: string, text: string): Measured {
  const parseMs: number[] = [];
  const extractMs: number[] = [];
  let targets = 0;
  let findings = 0;
  for (let run = 0; run < RUNS; run++) {
    const t0 = nowMs();
    const template = readTemplate(file, text);
    const t1 = nowMs();
    const extracted = extractTemplate(file, template, { parameters: {}, imports: new Map() });
    const t2 = nowMs();
    parseMs.push(t1 - t0);
    extractMs.push(t2 - t1);
    targets = extracted.targets.length;
    findings = extracted.findings.length;
  }
  const m = { bytes: text.length, parse: median(parseMs), extract: median(extractMs), targets, findings };
  console.log(
    `${file}: ${mib(m.bytes)}, ${m.targets} policies, ${m.findings} findings; parse ${ms(m.parse)}, resolve and extract ${ms(m.extract)} (median of ${RUNS})`,
  );
  return m;
}

export async function runCloudFormation(): Promise<ScenarioResult> {
  header('Scenario 6: parse, resolve and extract a generated 5 MB CloudFormation template (JSON and YAML)');
  const json = measure('stack.json', generateJsonTemplate(TEMPLATE_BYTES));
  const yaml = measure('stack.yaml', generateTemplate(TEMPLATE_BYTES));
  const targets = [
    {
      label: 'JSON: resolve and extract',
      met: json.extract < 1000,
      measured: ms(json.extract),
      target: '< 1 s',
    },
    {
      label: 'YAML: resolve and extract',
      met: yaml.extract < 1000,
      measured: ms(yaml.extract),
      target: '< 1 s',
    },
    {
      label: 'YAML: parse, resolve and extract',
      met: yaml.parse + yaml.extract < 1000,
      measured: ms(yaml.parse + yaml.extract),
      target: '< 1 s',
    },
    {
      label: 'JSON: parse, resolve and extract',
      met: json.parse + json.extract < 2000,
      measured: ms(json.parse + json.extract),
      target: '< 2 s',
    },
  ];
  for (const t of targets) console.log(verdictLine(t.label, t.met, t.measured, t.target));
  return result(
    's6',
    'CloudFormation template, 5 MB',
    {
      jsonBytes: json.bytes,
      jsonParseMs: Math.round(json.parse),
      jsonExtractMs: Math.round(json.extract),
      yamlBytes: yaml.bytes,
      yamlParseMs: Math.round(yaml.parse),
      yamlExtractMs: Math.round(yaml.extract),
      targets: json.targets,
    },
    targets,
  );
}
