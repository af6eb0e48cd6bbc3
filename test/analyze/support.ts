// What the analyzer tests share: a policy target built from a document, and documents with known findings on
// the fake Access Analyzer's rule engine.
import type { PolicyTarget } from '../../src/core/types';

/** An identity policy in the file `id` (the document is the file's text), unless `extra` says otherwise. */
export const target = (id: string, document: string, extra: Partial<PolicyTarget> = {}): PolicyTarget => ({
  id,
  source: { file: id },
  document,
  policyType: 'IDENTITY_POLICY',
  ...extra,
});

/** No findings. */
export const CLEAN =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}';

/** INVALID_ACTION (s3:GetObjekt) and INVALID_SERVICE_IN_ACTION (s4:Get). */
export const TWO_FINDINGS =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObjekt","s4:Get"],"Resource":"*"}]}';
