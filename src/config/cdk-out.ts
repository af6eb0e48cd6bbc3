// `cdk-out`: the directories of CDK cloud assemblies (what `cdk synth` writes, cdk.out by default). One rule
// for the input and the config key: a directory relative to the repository root, named as it is (no glob),
// that cannot leave it.

/** What is wrong with a `cdk-out` entry, if anything: "is absolute", "contains a '..' segment", ... */
export function cdkOutProblem(value: string): string | undefined {
  const posix = value.trim().replace(/\\/g, '/');
  if (posix === '') return 'is empty';
  if (posix.startsWith('/') || /^[A-Za-z]:/.test(posix) || posix.startsWith('~')) return 'is absolute';
  if (posix.split('/').includes('..')) return "contains a '..' segment";
  if (/[*?[\]{}]/.test(posix)) return 'is a glob; name the directory itself';
  return undefined;
}

/** What to write instead, after a problem. */
export const CDK_OUT_HINT =
  'it must be the directory cdk synth writes, relative to the repository root (e.g. cdk.out)';
