// The CLI's bundle entry (dist/cli/index.js): `iam-policy-gate check` on the local tree (entries/cli.ts).
import { launchCli } from './entries/cli';

void launchCli();
