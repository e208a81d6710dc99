import { html, type SafeHtml } from './html';
import { alert, csrfForm } from './sign-in.page';

export interface CreateAccountPageModel {
  readonly uid: string;
  readonly csrfToken: string;
  readonly name: string;
  readonly email: string;
  readonly error?: string;
}

/** The create-account form; the new account is signed in when it is created. */
export function createAccountPage(model: CreateAccountPageModel): SafeHtml {
  const fields = html`
  <label for="name">Name</label>
  <input id="name" name="name" autocomplete="name" required maxlength="100" value="${model.name}">
  <label for="email">Email</label>
  <input id="email" name="email" type="email" autocomplete="username" required value="${model.email}">
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="new-password" required minlength="8" aria-describedby="password-rule">
  <p id="password-rule">At least 8 characters.</p>
  <button type="submit">Create account</button>`;
  return html`<h1>Create an eShop account</h1>
${alert(model.error)}
${csrfForm(`/interaction/${model.uid}/register`, model.csrfToken, fields)}
<p>Have an account? <a href="/interaction/${model.uid}">Sign in</a></p>`;
}
