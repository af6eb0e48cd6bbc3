// Federated principals of role trust policies: IAM's identity providers as a policy names them, a SAML or OIDC
// provider ARN (`arn:aws:iam::111122223333:oidc-provider/HOST`) or a provider's domain name
// (`cognito-identity.amazonaws.com`, `accounts.google.com`).

/** GitHub Actions' OIDC provider. */
export const GITHUB_OIDC_PROVIDER = 'token.actions.githubusercontent.com';

const SAML_PROVIDER_ARN = /^arn:[^:]+:iam::[^:]*:saml-provider\/./i;
const OIDC_PROVIDER_ARN = /^arn:[^:]+:iam::[^:]*:oidc-provider\/(.+)$/i;

export function isSamlProviderArn(value: string): boolean {
  return SAML_PROVIDER_ARN.test(value);
}

/** The provider an OIDC provider ARN names (`oidc.eks.us-east-1.amazonaws.com/id/ABC`), else undefined. */
export function oidcProviderHost(value: string): string | undefined {
  return OIDC_PROVIDER_ARN.exec(value)?.[1];
}

/** Whether a Federated value is GitHub's OIDC provider (its ARN or its name). */
export function isGitHubOidcProvider(value: string): boolean {
  return value === GITHUB_OIDC_PROVIDER || value.endsWith(`:oidc-provider/${GITHUB_OIDC_PROVIDER}`);
}
