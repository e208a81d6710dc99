import { DEMO_PASSWORD, waitFor } from '@eshop/testing';
import { ADMIN, ALICE, BOB, fillCheckoutForm, goTo, receivedOrderEvents, refreshUntilVisible } from './shopper';
import { basketLine, StorefrontPeople, userIdOf } from './storefront-people';
import { useStorefront, type Storefront } from './storefront-system';
import { Storyboard } from './storyboard';

// The storefront (apps/webapp, served by the gateway) in a real headless Chromium against the
// whole system: identity-api's sign-in page, the four services as processes, real Postgres,
// Redis and RabbitMQ (docs/patterns/storefront.md, ADR 0015). Pages are found only by visible
// names and roles, as a person or a screen reader finds them: no test ids, no CSS classes.
describe('storefront in Chromium (whole system, real sign-in)', () => {
  let storefront: Storefront;
  useStorefront((started) => (storefront = started));

  const people = new StorefrontPeople(() => storefront);

  it('alice sees the price the admin changed in another window, checks out and watches her order get paid live', async () => {
    const { shop, system } = storefront;
    const story = new Storyboard('price change and live order status');
    const lamp = await people.newProduct('lamp', 12.5);
    const tent = await people.newProduct('tent', 30);
    const alice = await people.signedIn(story, 'alice', ALICE);
    await story.step('alice adds two products from the catalog', async () => {
      for (const item of [lamp, tent]) {
        await alice.getByRole('article', { name: item.name }).getByRole('button', { name: 'Add to basket' }).click();
        await alice.getByRole('status').filter({ hasText: `Added ${item.name} to your basket` }).waitFor();
      }
    });
    await story.step('her basket lists both at their prices', async () => {
      await goTo(alice, 'Basket');
      await basketLine(alice, lamp).getByText('$12.50').first().waitFor();
      await basketLine(alice, tent).getByText('$30.00').first().waitFor();
      await alice.getByText('Total: $42.50').waitFor();
    });
    const admin = await people.signedIn(story, 'admin', ADMIN);
    await story.step('the admin changes the lamp price in the catalog editor', async () => {
      await goTo(admin, 'Catalog editor');
      await admin.getByRole('heading', { name: 'Catalog editor', level: 1 }).waitFor();
      const row = admin.getByRole('row', { name: lamp.name }).or(admin.getByRole('listitem', { name: lamp.name }));
      await row.getByLabel(/Price/).fill('15.00');
      await row.getByRole('button', { name: 'Save price' }).click();
      await admin.getByRole('status').filter({ hasText: `Saved ${lamp.name}: $15.00` }).waitFor();
    });
    await story.step('her basket shows the old and the new price on that line only', async () => {
      // Outbox → relay → RabbitMQ → basket-api's handler: it arrives after an unknown delay.
      const notice = basketLine(alice, lamp).getByText('Price changed from $12.50 to $15.00', { exact: true });
      await refreshUntilVisible(notice, () => alice.getByRole('button', { name: 'Refresh basket' }).click(), 'the price-change notice');
      await alice.getByText('Total: $45.00').waitFor();
      expect(await basketLine(alice, tent).getByText(/Price changed/).count()).toBe(0);
    });
    await story.step('alice fills in the checkout form', async () => {
      await alice.getByRole('link', { name: 'Checkout', exact: true }).click();
      await alice.getByRole('heading', { name: 'Checkout', level: 1 }).waitFor();
      await fillCheckoutForm(alice);
    });

    const aliceId = await userIdOf(alice);
    const earlier = await shop.orderNumbers(aliceId);
    // payment-api stalled (SIGSTOP: it keeps its broker connection, its queue keeps the event,
    // nothing is handled) holds the saga at stockconfirmed: the order page is open before
    // `paid` exists, so `paid` can only reach it live. Cheaper than a stop and a restart.
    const payment = system.pid('payment-api');
    process.kill(payment, 'SIGSTOP');
    let stalled = true;
    const resumePayment = () => {
      if (stalled) process.kill(payment, 'SIGCONT');
      stalled = false;
    };
    try {
      const orderNumber = await story.step('alice places the order and finds it in her orders', async () => {
        await alice.getByRole('button', { name: 'Place order', exact: true }).click();
        await alice.getByRole('status').filter({ hasText: 'Order placed' }).waitFor();
        await alice.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();
        const created = await people.newOrderOf(aliceId, earlier);
        await alice.getByRole('link', { name: `Order ${created}`, exact: true }).click();
        await alice.getByRole('heading', { name: `Order ${created}`, level: 1 }).waitFor();
        return created;
      });
      await story.step('the order page shows the order waiting for payment', async () => {
        await alice.locator('[aria-live="polite"]').filter({ hasText: 'Status: stockconfirmed' }).waitFor({ timeout: 60_000 });
        await alice.getByText('$45.00').first().waitFor();
        // Lives as long as this document: a reload would lose it.
        await alice.evaluate((mark) => void ((globalThis as Record<string, unknown>).storefrontNoReload = mark), orderNumber);
      });
      resumePayment();
      await story.step('the status turns to paid without a reload', async () => {
        await alice.locator('[aria-live="polite"]').filter({ hasText: 'Status: paid' }).waitFor({ timeout: 90_000 });
        expect(await alice.evaluate(() => (globalThis as Record<string, unknown>).storefrontNoReload)).toBe(orderNumber);
        const statuses = (await receivedOrderEvents(alice)).map((data) => JSON.parse(data) as { orderId: number; status: string });
        expect(statuses).toContainEqual(expect.objectContaining({ orderId: orderNumber, status: 'paid' }));
      });
    } finally {
      resumePayment();
    }
  }, 240_000);

  it("bob sees neither alice's basket lines nor her orders, only his own", async () => {
    const { shop } = storefront;
    const story = new Storyboard('bob sees only his own');
    const kettle = await people.newProduct('kettle', 19.99);
    const mug = await people.newProduct('mug', 7.5);
    const alice = await people.signedIn(story, 'alice', ALICE);
    const bob = await people.signedIn(story, 'bob', BOB);
    // Each gets an order (checked out over the API as that user) and a line in the basket (in the UI).
    const [aliceOrder, bobOrder] = await story.step('each has an order, checked out over the API', async () => {
      const ids = [await userIdOf(alice), await userIdOf(bob)];
      return Promise.all(
        ids.map(async (buyer) => {
          const earlier = await shop.orderNumbers(buyer);
          expect((await shop.checkout(buyer, [{ product: mug, quantity: 1 }])).status).toBe(202);
          const created = await people.newOrderOf(buyer, earlier);
          // The checkout empties the basket when ordering confirms it (OrderStarted): after
          // that, so that the lines added below stay.
          await waitFor(async () => (await shop.basket(buyer)).length === 0, `the basket of ${buyer} emptied by its checkout`, 60_000, 250);
          return created;
        }),
      );
    });

    await story.step('alice puts the kettle in her basket and sees it and her order', async () => {
      await alice.goto(`/products/${kettle.id}`);
      await alice.getByRole('button', { name: 'Add to basket' }).click();
      await alice.getByRole('status').filter({ hasText: `Added ${kettle.name} to your basket` }).waitFor();
      await goTo(alice, 'Basket');
      await basketLine(alice, kettle).waitFor();
      await goTo(alice, 'Orders');
      await alice.getByRole('link', { name: `Order ${aliceOrder}`, exact: true }).waitFor({ timeout: 60_000 });
    });
    await story.step("bob's basket has his mug and not her kettle", async () => {
      await bob.goto(`/products/${mug.id}`);
      await bob.getByRole('button', { name: 'Add to basket' }).click();
      await bob.getByRole('status').filter({ hasText: `Added ${mug.name} to your basket` }).waitFor();
      await goTo(bob, 'Basket');
      await basketLine(bob, mug).waitFor();
      expect(await basketLine(bob, kettle).count()).toBe(0);
      expect(await bob.getByText(kettle.name).count()).toBe(0);
    });
    await story.step("bob's orders list his order and not hers", async () => {
      await goTo(bob, 'Orders');
      await bob.getByRole('link', { name: `Order ${bobOrder}`, exact: true }).waitFor({ timeout: 60_000 });
      expect(await bob.getByRole('link', { name: `Order ${aliceOrder}`, exact: true }).count()).toBe(0);
    });
    await story.step("her order's page, opened by address, shows him an error, not her order", async () => {
      await bob.goto(`/orders/${aliceOrder}`);
      await bob.getByRole('alert').first().waitFor();
      expect(await bob.locator('[aria-live="polite"]').filter({ hasText: 'Status:' }).count()).toBe(0);
      expect(await bob.getByText(mug.name).count()).toBe(0);
    });
  }, 180_000);

  it('a signed-out visitor browses the catalog and a product, and "Add to basket" leads to the sign-in page', async () => {
    const { identity } = storefront;
    const story = new Storyboard('signed-out visitor');
    const lantern = await people.newProduct('lantern', 22);
    const visitor = await people.visitor(story);

    await story.step('the catalog shows products, paging and a sign-in link', async () => {
      await visitor.goto('/');
      await visitor.getByRole('heading', { name: 'Catalog', level: 1 }).waitFor();
      await visitor.getByRole('article', { name: lantern.name }).getByText('$22.00').waitFor();
      await visitor.getByText(/Page 1 of \d+/).waitFor();
      expect(await visitor.getByRole('button', { name: 'Previous page' }).isDisabled()).toBe(true);
      await visitor.getByRole('link', { name: 'Sign in', exact: true }).waitFor();
    });
    await story.step('the product page shows it', async () => {
      await visitor.getByRole('article', { name: lantern.name }).getByRole('link', { name: lantern.name }).click();
      await visitor.getByRole('heading', { name: lantern.name, level: 1 }).waitFor();
      await visitor.getByText('$22.00').first().waitFor();
      expect(new URL(visitor.url()).pathname).toBe(`/products/${lantern.id}`);
    });
    await story.step('"Add to basket" leads to identity-api\'s sign-in page', async () => {
      await visitor.getByRole('button', { name: 'Add to basket' }).click();
      await visitor.waitForURL((address) => address.origin === identity.url);
      await visitor.getByLabel('Email', { exact: true }).waitFor();
    });
    await story.step('signing in there comes back to the product', async () => {
      await visitor.getByLabel('Email', { exact: true }).fill(BOB.email);
      await visitor.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
      await visitor.getByRole('button', { name: 'Sign in', exact: true }).click();
      await visitor.getByText(`Signed in as ${BOB.name}`).waitFor();
      await visitor.getByRole('heading', { name: lantern.name, level: 1 }).waitFor();
      expect(new URL(visitor.url()).pathname).toBe(`/products/${lantern.id}`);
    });
  }, 120_000);

  it('a product named like markup shows as text; no script runs', async () => {
    const { shop } = storefront;
    const story = new Storyboard('markup in a product name');
    const name = '<img src=x onerror=alert(1)>';
    const item = await shop.createProduct({ name, price: 9.99, stock: 5 });
    const visitor = await people.visitor(story);
    const dialogs: string[] = [];
    visitor.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });

    await story.step('the catalog shows the name as text', async () => {
      await visitor.goto('/');
      const card = visitor.getByRole('article', { name });
      await card.getByRole('link', { name }).waitFor();
      expect(await card.getByRole('link', { name }).textContent()).toBe(name);
    });
    await story.step('so does the product page', async () => {
      await visitor.goto(`/products/${item.id}`);
      const heading = visitor.getByRole('heading', { name, level: 1 });
      await heading.waitFor();
      expect(await heading.textContent()).toBe(name);
      expect(await visitor.locator('img[src="x"]').count()).toBe(0);
      expect(dialogs).toEqual([]);
    });
  }, 120_000);

  // Last: catalog-api stays down until the file's clean-up.
  it('catalog down: the page says so in an alert, not a blank page', async () => {
    const { system } = storefront;
    const story = new Storyboard('catalog down');
    const visitor = await people.visitor(story);
    await system.stopInstance('catalog-api');

    await story.step('the catalog page shows an alert and still its header', async () => {
      await visitor.goto('/');
      const alert = visitor.getByRole('alert').filter({ hasText: /unavailable/i });
      await alert.waitFor();
      await visitor.getByRole('link', { name: 'eShop', exact: true }).waitFor();
      await visitor.getByRole('link', { name: 'Basket', exact: true }).first().waitFor();
    });
    await story.step('so does a product page', async () => {
      await visitor.goto('/products/1');
      await visitor.getByRole('alert').first().waitFor();
      await visitor.getByRole('link', { name: 'eShop', exact: true }).waitFor();
    });
  }, 120_000);
});
