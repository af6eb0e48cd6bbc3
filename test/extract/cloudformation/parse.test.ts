import { describe, expect, it } from 'vitest';
import { MAX_ALIASES, parseTemplate } from '../../../src/extract/cloudformation/parse';

function value(text: string): unknown {
  const parsed = parseTemplate(text);
  if (!parsed.ok) throw new Error(`${parsed.error.message} at ${parsed.error.line}`);
  return parsed.template.value;
}

describe('parseTemplate: short-form tags', () => {
  it('maps every short form to its long form', () => {
    const text = [
      'A: !Ref Param',
      'B: !Sub "arn:${AWS::Partition}:s3:::${Bucket}"',
      'C: !Sub ["${x}", {x: !Ref P}]',
      'D: !GetAtt Role.Arn',
      'E: !GetAtt [Db, Endpoint.Address]',
      'F: !GetAtt Db.Endpoint.Address',
      'G: !Join ["", [a, b]]',
      'H: !If [Cond, a, b]',
      'I: !Select [0, !GetAZs ""]',
      'J: !Split [",", "a,b"]',
      'K: !FindInMap [M, k, v]',
      'L: !ImportValue Shared',
      'M: !Base64 text',
      'N: !Cidr ["10.0.0.0/16", 2, 8]',
      'O: !Equals [a, b]',
      'P: !And [!Condition X, !Not [!Condition Y], !Or [!Condition Z, !Condition W]]',
    ].join('\n');
    expect(value(text)).toEqual({
      A: { Ref: 'Param' },
      B: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Bucket}' },
      C: { 'Fn::Sub': ['${x}', { x: { Ref: 'P' } }] },
      D: { 'Fn::GetAtt': ['Role', 'Arn'] },
      E: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] },
      F: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] },
      G: { 'Fn::Join': ['', ['a', 'b']] },
      H: { 'Fn::If': ['Cond', 'a', 'b'] },
      I: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
      J: { 'Fn::Split': [',', 'a,b'] },
      K: { 'Fn::FindInMap': ['M', 'k', 'v'] },
      L: { 'Fn::ImportValue': 'Shared' },
      M: { 'Fn::Base64': 'text' },
      N: { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] },
      O: { 'Fn::Equals': ['a', 'b'] },
      P: {
        'Fn::And': [
          { Condition: 'X' },
          { 'Fn::Not': [{ Condition: 'Y' }] },
          { 'Fn::Or': [{ Condition: 'Z' }, { Condition: 'W' }] },
        ],
      },
    });
  });

  it("reads the Rules section's functions (AWS's own templates assert parameters with them)", () => {
    const text = [
      'A: !Contains [[dev, prod], !Ref Env]',
      'B: !EachMemberEquals [!ValueOfAll ["AWS::EC2::Subnet::Id", VpcId], !Ref Vpc]',
      'C: !EachMemberIn [!ValueOfAll ["AWS::EC2::Subnet::Id", VpcId], !RefAll "AWS::EC2::VPC::Id"]',
      'D: !ValueOf [Subnet, VpcId]',
    ].join('\n');
    expect(value(text)).toEqual({
      A: { 'Fn::Contains': [['dev', 'prod'], { Ref: 'Env' }] },
      B: {
        'Fn::EachMemberEquals': [{ 'Fn::ValueOfAll': ['AWS::EC2::Subnet::Id', 'VpcId'] }, { Ref: 'Vpc' }],
      },
      C: {
        'Fn::EachMemberIn': [
          { 'Fn::ValueOfAll': ['AWS::EC2::Subnet::Id', 'VpcId'] },
          { 'Fn::RefAll': 'AWS::EC2::VPC::Id' },
        ],
      },
      D: { 'Fn::ValueOf': ['Subnet', 'VpcId'] },
    });
  });

  it('keeps the line of every key and item, in YAML and in JSON', () => {
    const yaml = parseTemplate(
      'Statement:\n  - Effect: Allow\n    Action:\n      - s3:GetObject\n      - s3:PutObject\n',
    );
    expect(yaml.ok).toBe(true);
    if (!yaml.ok) return;
    const root = yaml.template.value as { Statement: [{ Action: string[] }] };
    expect(yaml.template.lines.get(root)?.keys).toEqual({ Statement: 1 });
    expect(yaml.template.lines.get(root.Statement)?.items).toEqual([2]);
    expect(yaml.template.lines.get(root.Statement[0])?.keys).toEqual({ Effect: 2, Action: 3 });
    expect(yaml.template.lines.get(root.Statement[0].Action)?.items).toEqual([4, 5]);
    const json = parseTemplate(
      '{\n  "Resources": {\n    "R": {\n      "Type": "AWS::IAM::Role"\n    }\n  }\n}\n',
    );
    expect(json.ok).toBe(true);
    if (!json.ok) return;
    const r = (json.template.value as { Resources: { R: object } }).Resources.R;
    expect(json.template.lines.get(r)).toEqual({ line: 3, keys: { Type: 4 } });
  });

  it('keeps a __proto__ key as a key and dates as written', () => {
    const v = value('__proto__: {a: 1}\nD: 2010-09-09\n') as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__', 'D']);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(v.D).toBe('2010-09-09');
  });
});

describe('parseTemplate: bad and hostile input', () => {
  const error = (text: string) => {
    const parsed = parseTemplate(text);
    expect(parsed.ok).toBe(false);
    return parsed.ok ? undefined : parsed.error;
  };

  it('reports syntax errors, unknown tags, duplicate keys and empty files with their line', () => {
    expect(error('a: 1\nb: [1\n')).toMatchObject({ line: 3 }); // the end of the text, where ] is missing
    expect(error('a: 1\nb: {c: 1}}\nd: 2\n')).toMatchObject({ line: 2 });
    expect(error('a: 1\nb: !Bogus x\n')).toMatchObject({
      line: 2,
      message: expect.stringContaining('unknown tag !Bogus'),
    });
    expect(error('a: 1\na: 2\n')).toMatchObject({ line: 2, message: expect.stringContaining('unique') });
    expect(error('{"a": 1,\n "a": 2}')).toMatchObject({ line: 2 });
    expect(error('')).toMatchObject({ line: 1, message: 'the file is empty' });
    expect(error('a: *nowhere\n')).toMatchObject({ line: 1 });
  });

  it('refuses an alias bomb', () => {
    let bomb = 'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let i = 0; i < 9; i++) {
      const name = String.fromCharCode(98 + i);
      const prev = String.fromCharCode(97 + i);
      bomb += `${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]\n`;
    }
    expect(error(bomb)?.message).toContain(`more than ${MAX_ALIASES} times`);
  });

  it('refuses nesting too deep, without throwing', () => {
    expect(error(`a: ${'['.repeat(100)}${']'.repeat(100)}`)?.message).toMatch(/nested/);
    expect(error('['.repeat(200_000))).toBeDefined();
  });
});
