import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@eshop/testing';

/** identity-api's demo users (IDENTITY_DEMO_USERS=true) and the names the header greets them by. */
export interface DemoUser {
  readonly email: string;
  readonly name: string;
}

export const ALICE: DemoUser = { email: 'alice@example.com', name: 'Alice' };
export const BOB: DemoUser = { email: 'bob@example.com', name: 'Bob' };
export const ADMIN: DemoUser = { email: 'admin@example.com', name: 'Admin' };

/** Generous: CI runs these on two loaded cores, and every wait ends as soon as its condition holds. */
const ACTION_TIMEOUT_MS = 30_000;

/**
 * Runs in every page before the SPA: keeps the data of every message an EventSource
 * receives, so a test can tell that a status came over the gateway's stream (not from a re-fetch).
 */
const RECORD_ORDER_EVENTS = `(() => {
  const Native = globalThis.EventSource;
  globalThis.EventSource = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (message) => (globalThis.storefrontOrderEvents ??= []).push(message.data));
    }
  };
})();`;

/** The data of every server-sent message the page's EventSources received so far. */
export async function receivedOrderEvents(page: Page): Promise<string[]> {
  return ((await page.evaluate(() => (globalThis as Record<string, unknown>).storefrontOrderEvents)) as string[] | undefined) ?? [];
}

/** The cookies of a signed-in context, to open another one signed in as the same person. */
export type SignedInState = Awaited<ReturnType<BrowserContext['storageState']>>;

/** A page in a browser context of its own (its own cookies: one person), on the storefront's origin. */
export async function openShopper(browser: Browser, storefrontUrl: string, state?: SignedInState): Promise<Page> {
  const context = await browser.newContext({
    baseURL: storefrontUrl,
    viewport: { width: 1280, height: 900 },
    ...(state === undefined ? {} : { storageState: state }),
  });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  await context.addInitScript({ content: RECORD_ORDER_EVENTS });
  return context.newPage();
}

/** Through the header's "Sign in" link, identity-api's form and back, as a person does. */
export async function signIn(page: Page, user: DemoUser): Promise<void> {
  await page.goto('/');
  await page.getByRole('link', { name: 'Sign in', exact: true }).click();
  await page.getByLabel('Email', { exact: true }).fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByText(`Signed in as ${user.name}`).waitFor();
}

/** The header's links, as a person navigates (the SPA's history routing, no reload). */
export async function goTo(page: Page, link: 'Catalog' | 'Basket' | 'Orders' | 'Catalog editor'): Promise<void> {
  await page.getByRole('link', { name: link, exact: true }).first().click();
}

/** The checkout page's form, filled in as a person does (a Visa card valid for four more years). */
export async function fillCheckoutForm(page: Page): Promise<void> {
  const fields: ReadonlyArray<readonly [string, string]> = [
    ['Street', '15703 NE 61st Ct'],
    ['City', 'Redmond'],
    ['State', 'WA'],
    ['Country', 'U.S.'],
    ['Zip code', '98052'],
    ['Card number', '4012888888881881'],
    ['Name on card', 'Alice Smith'],
    ['Expiry month', '12'],
    ['Expiry year', String(new Date().getUTCFullYear() + 4)],
    ['Security code', '123'],
  ];
  for (const [label, value] of fields) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByLabel('Card type', { exact: true }).selectOption({ label: 'Visa' });
}

/**
 * Presses `refresh` until `target` shows: for what reaches the page through the event bus
 * (a price change in a basket) and so shows up after an unknown delay.
 */
export async function refreshUntilVisible(target: Locator, refresh: () => Promise<void>, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await refresh();
    try {
      await target.waitFor({ state: 'visible', timeout: 3_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what} did not show within ${timeoutMs} ms (${(error as Error).message.split('\n')[0]})`);
    }
  }
}
