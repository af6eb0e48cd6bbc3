// The Octokit the gate talks to GitHub with: REST methods, pagination, retry and throttling. Built by the one
// factory at the edge (clients/octokit.ts); everything under github/ takes it as a parameter.
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

export const GateOctokit = Octokit.plugin(restEndpointMethods, paginateRest, retry, throttling);
export type GitHubClient = InstanceType<typeof GateOctokit>;
