// How the analysis back ends get their AWS clients: from factories the entries pass in (src/clients/aws.ts
// builds the real ones), so no stage constructs a client and a caller decides how clients are made.
import type { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import type { IAMClient } from '@aws-sdk/client-iam';

/** A client per service for a region. */
export interface AwsClientFactories {
  accessAnalyzer(region: string): AccessAnalyzerClient;
  iam(region: string): IAMClient;
}
