// Runs a program to its end and collects what it printed: the e2e tests of the npm package and the pre-commit
// hook drive npm, git and pre-commit as a user would, and read their exit codes and output.
import { execFile } from 'node:child_process';

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runProcess(
  program: string,
  args: readonly string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<ProcessResult> {
  return new Promise((done) => {
    execFile(
      program,
      [...args],
      { cwd: opts.cwd, env: opts.env, timeout: opts.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        // A program that could not start (ENOENT) or was killed has no numeric exit code: report 127/-1.
        const code = err ? (typeof err.code === 'number' ? err.code : err.code === 'ENOENT' ? 127 : -1) : 0;
        done({ code, stdout, stderr: err && code < 0 ? `${stderr}\n${err.message}` : stderr });
      },
    );
  });
}

/** `result`'s output for an assertion message: what a failing expectation should show. */
export function transcript(result: ProcessResult): string {
  return `exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}
