/** The Cognito credential provider, behind a module that credentials.ts imports on first use (see sdk.ts). */
export { fromCognitoIdentityPool } from '@aws-sdk/credential-provider-cognito-identity';
