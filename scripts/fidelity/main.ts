// npm run fidelity: the local analyzer against Access Analyzer's real results on the shared corpus.
import { loadCorpus, managedPoliciesCorpusPath } from './corpus';
import { localAnalyzerRun } from './local-run';
import { formatFidelity, measureFidelity } from './measure';

const root = process.env.IAM_GATE_ROOT ?? process.cwd();
const file = process.argv[2] ?? managedPoliciesCorpusPath(root);
process.stdout.write(formatFidelity(measureFidelity(loadCorpus(file), localAnalyzerRun)));
