import type { Locator, Page } from 'playwright-core';
import { uniqueName, waitFor } from '@eshop/testing';
import type { CatalogItem } from '../support/shop';
import { openShopper, signIn, type DemoUser, type SignedInState } from './shopper';
import type { Storefront } from './storefront-system';
import type { Storyboard } from './storyboard';

/**
 * The people of a spec file and what they find: signed-in pages, products of this run and
 * orders. The first page of a user signs in through identity-api's form; later scenarios
 * reuse its cookies (every sign-in hashes a password: seconds on a loaded machine).
 */
export class StorefrontPeople {
  private readonly sessions = new Map<string, SignedInState>();

  constructor(private readonly storefront: () => Storefront) {}

  /** A page of nobody signed in, photographed by `story` as `who`. */
  async visitor(story: Storyboard, who = 'visitor'): Promise<Page> {
    const { browser, url } = this.storefront();
    return story.watch(who, await openShopper(browser, url));
  }

  /** A page of `user`, signed in (in a step of `story`), photographed as `who`. */
  async signedIn(story: Storyboard, who: string, user: DemoUser): Promise<Page> {
    const { browser, url } = this.storefront();
    const saved = this.sessions.get(user.email);
    const page = story.watch(who, await openShopper(browser, url, saved));
    await story.step(`${who} signs in`, async () => {
      if (saved === undefined) {
        await signIn(page, user);
        this.sessions.set(user.email, await page.context().storageState());
      } else {
        await page.goto('/');
        await page.getByText(`Signed in as ${user.name}`).waitFor();
      }
    });
    return page;
  }

  /** A product of this run (admin API); the leading digit sorts it before the seeded catalog, on page 1. */
  newProduct(noun: string, price: number): Promise<CatalogItem> {
    return this.storefront().shop.createProduct({ name: `0 ${uniqueName(noun)}`, price, stock: 50 });
  }

  /** An order of `buyer` that is not among `known`, once ordering has made it. */
  async newOrderOf(buyer: string, known: readonly number[]): Promise<number> {
    const { shop } = this.storefront();
    const [orderNumber] = await waitFor(async () => {
      const fresh = (await shop.orderNumbers(buyer)).filter((id) => !known.includes(id));
      return fresh.length > 0 ? fresh : undefined;
    }, `a new order of ${buyer}`, 60_000, 250);
    return orderNumber as number;
  }
}

/** The signed-in user's id (the token's `sub`), as the SPA learns it from GET /auth/me. */
export async function userIdOf(page: Page): Promise<string> {
  const me = await page.request.get('/auth/me');
  if (me.status() !== 200) throw new Error(`GET /auth/me: ${me.status()}`);
  return ((await me.json()) as { user: { id: string } }).user.id;
}

/** The basket page's line of `item` (an <li> named by the product). */
export function basketLine(page: Page, item: CatalogItem): Locator {
  return page.getByRole('listitem', { name: item.name });
}
