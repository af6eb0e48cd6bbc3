// What a template's values resolve against: its parameters (the values given in cloudformation-parameters,
// else each Default, else a placeholder of the type's shape), the pseudo parameters (given, else defaults
// that make valid ARNs), its resources, mappings and conditions, and the exports of the run's other
// templates. Pure.
import { placeholderValue } from '../../core/placeholder-value';
import type { NodeLines } from './parse';
import {
  isObject,
  type JsonObject,
  type ParameterValue,
  type PseudoValues,
  type TemplateScope,
} from './resolve';

/** The pseudo parameters' defaults: a well-formed account, region and partition. */
export const DEFAULT_PSEUDO = {
  accountId: '123456789012',
  region: 'us-east-1',
} as const;

const SSM_TYPE = /^AWS::SSM::Parameter::Value<(.*)>$/;

/** The partition and URL suffix of a region (`cn-north-1` -> aws-cn, amazonaws.com.cn). */
function partitionOf(region: string): { partition: string; urlSuffix: string } {
  if (region.startsWith('cn-')) return { partition: 'aws-cn', urlSuffix: 'amazonaws.com.cn' };
  if (region.startsWith('us-gov-')) return { partition: 'aws-us-gov', urlSuffix: 'amazonaws.com' };
  return { partition: 'aws', urlSuffix: 'amazonaws.com' };
}

/** The pseudo parameters of one template: values from the parameters file (`AWS::Region`, ...), else defaults. */
export function pseudoValues(stackName: string, given: Readonly<Record<string, string>>): PseudoValues {
  const known = new Set<string>();
  const pick = (name: string, fallback: string): string => {
    const value = Object.hasOwn(given, name) ? given[name] : undefined;
    if (value === undefined) return fallback;
    known.add(name);
    return value;
  };
  const accountId = pick('AWS::AccountId', DEFAULT_PSEUDO.accountId);
  const region = pick('AWS::Region', DEFAULT_PSEUDO.region);
  const derived = partitionOf(region);
  if (known.has('AWS::Region')) known.add('AWS::Partition').add('AWS::URLSuffix');
  const partition = pick('AWS::Partition', derived.partition);
  const urlSuffix = pick('AWS::URLSuffix', derived.urlSuffix);
  const name = pick('AWS::StackName', stackName);
  const stackId = `arn:${partition}:cloudformation:${region}:${accountId}:stack/${name}/00000000-0000-0000-0000-000000000000`;
  if (known.has('AWS::StackName') && known.has('AWS::Region') && known.has('AWS::AccountId'))
    known.add('AWS::StackId');
  return { accountId, region, partition, urlSuffix, stackName: name, stackId, known };
}

/** A placeholder of a parameter type's shape, for a parameter without a value. */
function placeholderOf(name: string, type: string, definition: JsonObject): string | string[] {
  const allowed = definition.AllowedValues;
  if (Array.isArray(allowed) && allowed.length > 0 && typeof allowed[0] !== 'object')
    return String(allowed[0]);
  const pattern = typeof definition.AllowedPattern === 'string' ? definition.AllowedPattern : undefined;
  const fits = (candidate: string): boolean => {
    if (pattern === undefined) return false;
    try {
      return new RegExp(`^(?:${pattern})$`).test(candidate);
    } catch {
      return false;
    }
  };
  if (fits(DEFAULT_PSEUDO.accountId)) return DEFAULT_PSEUDO.accountId;
  const shapes: Record<string, string> = {
    Number: '1',
    'AWS::EC2::VPC::Id': 'vpc-0123456789abcdef0',
    'AWS::EC2::Subnet::Id': 'subnet-0123456789abcdef0',
    'AWS::EC2::SecurityGroup::Id': 'sg-0123456789abcdef0',
    'AWS::EC2::Image::Id': 'ami-0123456789abcdef0',
    'AWS::EC2::Instance::Id': 'i-0123456789abcdef0',
    'AWS::EC2::KeyPair::KeyName': `${name}-key`,
    'AWS::EC2::AvailabilityZone::Name': `${DEFAULT_PSEUDO.region}a`,
    'AWS::Route53::HostedZone::Id': 'Z0123456789ABCDEFGHIJ',
  };
  const list = /^(?:List<(.*)>|CommaDelimitedList)$/.exec(type);
  if (list) return [shapes[list[1] ?? ''] ?? placeholderValue(name.toLowerCase())];
  return shapes[type] ?? placeholderValue(name.toLowerCase());
}

/**
 * A parameter's value. `configured`: cloudformation-parameters gives values for this template, so a
 * parameter it leaves out deploys with its Default, which then decides conditions on it. Without values
 * for the template, a Default is only a guess at what a deploy gives: the value is used, but conditions on
 * it stay undecided (the policy is analysed both ways), so a branch or resource only another value turns
 * on is analysed too.
 */
function parameterOf(
  name: string,
  definition: unknown,
  given: string | undefined,
  configured: boolean,
): ParameterValue {
  const def: JsonObject = isObject(definition) ? definition : {};
  const type = typeof def.Type === 'string' ? def.Type : 'String';
  const secret = def.NoEcho === true || def.NoEcho === 'true';
  const isList = type === 'CommaDelimitedList' || type.startsWith('List<');
  const raw = given ?? (def.Default !== undefined ? String(def.Default) : undefined);
  const ssm = SSM_TYPE.exec(type);
  const withSecret = (p: ParameterValue): ParameterValue => (secret ? { ...p, secret } : p);
  if (ssm) {
    const parameterName = raw ?? '(no name given)';
    return withSecret({
      value:
        isList || (ssm[1] ?? '').startsWith('List<')
          ? [`${name.toLowerCase()}-from-ssm`]
          : `${name.toLowerCase()}-from-ssm`,
      known: false,
      note: {
        what: `the SSM parameter ${JSON.stringify(parameterName)} (parameter ${JSON.stringify(name)})`,
        why: 'its value is read from Systems Manager at deploy time; a placeholder stands for it',
      },
    });
  }
  if (raw !== undefined) {
    const value = isList ? raw.split(',').map((s) => s.trim()) : raw;
    const defaulted = given === undefined;
    if (!defaulted || configured) {
      return withSecret({ value, known: true, ...(defaulted ? { defaulted: true } : {}) });
    }
    const shape = placeholderOf(name, type, def);
    const otherwise =
      JSON.stringify(shape) === JSON.stringify(value)
        ? isList
          ? [placeholderValue(name.toLowerCase())]
          : placeholderValue(name.toLowerCase())
        : shape;
    return withSecret({ value, known: false, defaulted: true, otherwise });
  }
  return withSecret({
    value: placeholderOf(name, type, def),
    known: false,
    note: {
      what: `the parameter ${JSON.stringify(name)}`,
      why: 'it has no Default and cloudformation-parameters gives it no value, so a placeholder of its type stands for it',
    },
  });
}

function section(root: JsonObject, name: string): JsonObject {
  const value = root[name];
  return isObject(value) ? value : {};
}

/** Everything a template's values resolve against. */
export function templateScope(
  root: JsonObject,
  lines: WeakMap<object, NodeLines>,
  stackName: string,
  given: Readonly<Record<string, string>>,
  imports: ReadonlyMap<string, string>,
): TemplateScope {
  const parameters = new Map<string, ParameterValue>();
  const configured = Object.keys(given).length > 0;
  for (const [name, definition] of Object.entries(section(root, 'Parameters'))) {
    const value = Object.hasOwn(given, name) ? given[name] : undefined;
    parameters.set(name, parameterOf(name, definition, value, configured));
  }
  return {
    root,
    lines,
    parameters,
    pseudo: pseudoValues(stackName, given),
    resources: section(root, 'Resources'),
    mappings: section(root, 'Mappings'),
    conditions: section(root, 'Conditions'),
    imports,
  };
}
