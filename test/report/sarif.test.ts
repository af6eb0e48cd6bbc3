import type { Log, Result } from 'sarif';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/types';
import { findingFingerprint } from '../../src/report/review';
import { FINGERPRINT_KEY, fileUri, renderSarif } from '../../src/report/sarif';
import {
  failReport,
  INVALID_ACTION,
  MISSING_VERSION,
  makeReport,
  manyFindingsReport,
  PASS_ROLE,
  REDUNDANT_ACTION,
  suppressedExistingReport,
  target,
} from './sample-report';
import { $schema, expectValid, SCHEMA, validate } from './sarif-schema';

const META = { version: '1.2.3', informationUri: 'https://github.com/acme/iam-policy-gate' };

function results(log: Log): Result[] {
  return log.runs[0]?.results ?? [];
}

describe('renderSarif', () => {
  it('the schema fixture is the OASIS SARIF 2.1.0 schema and rejects a broken log', () => {
    expect(SCHEMA.title).toBe('Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema');
    expect($schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(JSON.stringify(SCHEMA)).not.toMatch(/"exclusive(Minimum|Maximum)"/);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
  });

  it('is valid SARIF 2.1.0 for a failing, a suppressed and an empty report', () => {
    expectValid(renderSarif(failReport(), META));
    expectValid(renderSarif(suppressedExistingReport(), META));
    expectValid(renderSarif(makeReport({ targets: [], findings: [] }), { version: '0.0.0' }));
  });

  it('describes the tool with one rule per issue code', () => {
    const log = renderSarif(failReport(), META);
    const driver = log.runs[0]?.tool.driver;
    expect(driver).toMatchObject({
      name: 'iam-policy-gate',
      version: '1.2.3',
      informationUri: META.informationUri,
    });
    expect(driver?.rules?.map((r) => r.id)).toEqual([
      'INVALID_ACTION',
      'MISSING_VERSION',
      'PASS_ROLE_WITH_STAR_IN_RESOURCE',
      'REDUNDANT_ACTION',
    ]);
    const passRole = driver?.rules?.find((r) => r.id === 'PASS_ROLE_WITH_STAR_IN_RESOURCE');
    expect(passRole).toMatchObject({
      name: 'PassRoleWithStarInResource',
      shortDescription: { text: 'Pass role with star in resource' },
      helpUri: PASS_ROLE.learnMoreLink,
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['security', 'iam'], 'security-severity': '8.0' },
    });
    expect(passRole?.help?.markdown).toContain(`[AWS documentation](${PASS_ROLE.learnMoreLink})`);
    // A documentation link off AWS's hosts is replaced by the policy checks reference.
    const missing = driver?.rules?.find((r) => r.id === 'MISSING_VERSION');
    expect(missing?.helpUri).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    expect(missing?.properties).toEqual({ tags: ['iam'] });
  });

  it('maps severities to levels and locations to regions under %SRCROOT%', () => {
    const log = renderSarif(failReport(), META);
    const rules = log.runs[0]?.tool.driver.rules ?? [];
    const byCode = new Map(results(log).map((r) => [r.ruleId, r]));
    expect([...byCode.values()].map((r) => [r.ruleId, r.level])).toEqual([
      ['INVALID_ACTION', 'error'],
      ['PASS_ROLE_WITH_STAR_IN_RESOURCE', 'error'],
      ['MISSING_VERSION', 'warning'],
      ['REDUNDANT_ACTION', 'note'],
    ]);
    for (const r of results(log)) expect(rules[r.ruleIndex ?? -1]?.id).toBe(r.ruleId);
    expect(byCode.get('PASS_ROLE_WITH_STAR_IN_RESOURCE')?.locations?.[0]).toEqual({
      physicalLocation: {
        artifactLocation: { uri: 'iam/deploy.json', uriBaseId: '%SRCROOT%' },
        region: { startLine: 6, endLine: 6, startColumn: 18, endColumn: 22 }, // end exclusive in SARIF
      },
      logicalLocations: [{ fullyQualifiedName: 'Statement[0].Resource', kind: 'element' }],
    });
    // Terraform: the resource block line in the .tf file, with the resource address.
    expect(byCode.get('INVALID_ACTION')?.locations?.[0]).toEqual({
      physicalLocation: {
        artifactLocation: { uri: 'modules/app/main.tf', uriBaseId: '%SRCROOT%' },
        region: { startLine: 21, endLine: 21 },
      },
      logicalLocations: [{ fullyQualifiedName: 'module.app.aws_iam_policy.reader', kind: 'resource' }],
    });
    expect(byCode.get('MISSING_VERSION')?.locations?.[0]?.physicalLocation?.region).toEqual({
      startLine: 1,
      endLine: 4,
    });
    expect(byCode.get('REDUNDANT_ACTION')?.locations?.[0]?.physicalLocation?.region).toEqual({
      startLine: 8,
      endLine: 8,
      startColumn: 9,
    });
  });

  it('carries suppressions, baseline state and stable fingerprints', () => {
    const log = renderSarif(suppressedExistingReport(), META);
    const suppressed = results(log).find((r) => r.suppressions);
    expect(suppressed?.ruleId).toBe('PASS_ROLE_WITH_STAR_IN_RESOURCE');
    expect(suppressed?.suppressions).toEqual([
      { kind: 'external', justification: 'the deploy role passes only its own roles' },
    ]);
    expect(results(log).find((r) => r.ruleId === 'MISSING_VERSION')?.baselineState).toBe('unchanged');
    expect(results(log).find((r) => r.ruleId === 'REDUNDANT_ACTION')?.baselineState).toBe('new');
    expect(suppressed?.partialFingerprints).toEqual({
      [FINGERPRINT_KEY]: findingFingerprint(PASS_ROLE, 'iam/deploy.json'),
    });
    // Same finding on another line (the file was edited above it): same fingerprint.
    const moved = {
      ...REDUNDANT_ACTION,
      location: { ...REDUNDANT_ACTION.location!, startLine: 30, endLine: 30 },
    };
    const a = renderSarif(
      makeReport({ targets: [target('iam/readonly.json')], findings: [REDUNDANT_ACTION] }),
      META,
    );
    const b = renderSarif(makeReport({ targets: [target('iam/readonly.json')], findings: [moved] }), META);
    expect(results(a)[0]?.partialFingerprints).toEqual(results(b)[0]?.partialFingerprints);
    expect(log.runs[0]?.invocations?.[0]?.toolExecutionNotifications).toEqual([
      { message: { text: 'legacy/broken.json could not be read: EACCES' }, level: 'warning' },
    ]);
  });

  it('stays valid with hostile file names, codes, messages and links', () => {
    const names = [
      'iam/space and #hash?.json',
      'iam/100%/[x](y)<img>.json',
      'iam/ünï cödé/🔥.json',
      'iam/back\\slash "quote" {brace} |pipe| `tick`.json',
      './iam//double//slash.json',
      'C:/drive.json',
    ];
    const findings: Finding[] = names.map((file, i) => ({
      target: file,
      severity: 'SECURITY_WARNING',
      code: i === 0 ? 'WEIRD CODE/with spaces<script>' : `CODE_${i}`,
      message: `bad\u001b[31m red \u202e bidi\n<b>html</b> ${file}`,
      learnMoreLink: i === 1 ? 'javascript:alert(1)' : 'https://docs.aws.amazon.com/x y',
      analyzer: 'local',
      location: { file, startLine: 1, endLine: 1, startColumn: 1, endColumn: 1 },
    }));
    const log = renderSarif(makeReport({ targets: names.map((n) => target(n)), findings }), META);
    expectValid(log);
    const uris = results(log).map((r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri);
    expect(uris).toContain('iam/space%20and%20%23hash%3F.json');
    expect(uris).toContain('iam/double/slash.json');
    for (const uri of uris) expect(uri).toMatch(/^[A-Za-z0-9\-._~%/]+$/);
    for (const r of results(log)) {
      for (const c of ['\u001b', '\u202e', '\n']) expect(r.message.text).not.toContain(c);
    }
    expect(JSON.stringify(log)).not.toContain('javascript:');
  });

  it('fileUri round-trips through decodeURIComponent', () => {
    for (const name of ['a b/c#d?.json', 'x/ü/🔥.json', "it's (1)*!.json"]) {
      expect(fileUri(name).split('/').map(decodeURIComponent).join('/')).toBe(name);
    }
  });

  it('5,000 findings produce a valid SARIF file', () => {
    const report = manyFindingsReport(5000, 40);
    const log = renderSarif(report, META);
    expect(results(log)).toHaveLength(5000);
    expectValid(log);
    expect(log.runs[0]?.tool.driver.rules).toHaveLength(1);
    const fingerprints = new Set(results(log).map((r) => r.partialFingerprints?.[FINGERPRINT_KEY]));
    expect(fingerprints.size).toBe(5000);
  });

  it('a finding without a file or line still makes a valid result', () => {
    const orphan: Finding = { ...INVALID_ACTION, target: 'gone#x', location: undefined as never };
    delete (orphan as { location?: unknown }).location;
    const log = renderSarif(makeReport({ targets: [], findings: [orphan, MISSING_VERSION] }), META);
    expectValid(log);
    expect(results(log).find((r) => r.ruleId === 'INVALID_ACTION')?.locations).toBeUndefined();
  });
});
