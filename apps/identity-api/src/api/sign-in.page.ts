import { html, SafeHtml } from './html';

const DESCRIBED_BY_ERROR = new SafeHtml(' aria-describedby="form-error"');

export interface SignInPageModel {
  readonly uid: string;
  readonly csrfToken: string;
  readonly email: string;
  readonly error?: string;
}

export const SIGN_IN_FAILED = 'Email or password is incorrect.';
export const SIGN_IN_LOCKED = 'Too many sign-in attempts. Wait a few minutes, then try again.';

/** The sign-in form: labelled fields, errors announced to screen readers, no scripts. */
export function signInPage(model: SignInPageModel): SafeHtml {
  const fields = html`
  <label for="email">Email</label>
  <input id="email" name="email" type="email" autocomplete="username" required value="${model.email}"${model.error ? DESCRIBED_BY_ERROR : ''}>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">Sign in</button>`;
  return html`<h1>Sign in to eShop</h1>
${alert(model.error)}
${csrfForm(`/interaction/${model.uid}/login`, model.csrfToken, fields)}
<p>New here? <a href="/interaction/${model.uid}/register">Create an account</a></p>
${csrfForm(`/interaction/${model.uid}/abort`, model.csrfToken, html`<button type="submit">Cancel</button>`)}`;
}

/** A POST form carrying the interaction's CSRF token in a hidden field. */
export function csrfForm(action: string, csrfToken: string, fields: SafeHtml): SafeHtml {
  return html`<form method="post" action="${action}" novalidate>
  <input type="hidden" name="csrf" value="${csrfToken}">${fields}
</form>`;
}

/** The error box, if any: `role="alert"` makes screen readers read it out. */
export function alert(message: string | undefined): SafeHtml {
  return message ? html`<div id="form-error" role="alert"><p>${message}</p></div>` : html``;
}
