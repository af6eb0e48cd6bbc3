// The clients an entry hands to a run: one factory per client (Octokit, Access Analyzer, IAM). The entries'
// launchers pass these; a caller (a test, a library user) can pass its own.
import type { GitHubClient } from '../github/octokit';
import { type AwsClientFactories, awsClientFactories } from './aws';
import { createOctokit, type OctokitOptions } from './octokit';

export interface Clients extends AwsClientFactories {
  github(opts: OctokitOptions): GitHubClient;
}

/** The real clients, the AWS ones built with `env`'s retry settings. */
export function defaultClients(env: NodeJS.ProcessEnv): Clients {
  return { ...awsClientFactories(env), github: createOctokit };
}
