/** The demo page's "Connect a real account" form, filled as a user types it: an emulator instance through its Cognito identity pool. */
import { LOGIN_PROVIDER, type Instance } from './emulator.js';

/** The form's input whose label starts with `label`. */
export const connectField = (form: HTMLFormElement, label: string): HTMLInputElement =>
  [...form.querySelectorAll('input')].find((i) => i.labels?.[0]?.textContent?.trim().startsWith(label))!;

/** Types the instance's Region, pool, a sign-in token and its endpoints into the form, then clicks Connect. */
export function connectTo(form: HTMLFormElement, inst: Instance, token: string): void {
  const type = (label: string, value: string) => {
    const input = connectField(form, label);
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  };
  type('Region', inst.region);
  type('Identity pool id', inst.identityPoolId);
  type('Login provider', LOGIN_PROVIDER);
  type('Sign-in token', token);
  type('CloudTrail endpoint', inst.url);
  type('Cognito endpoint', inst.url);
  form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
}
