/** The shapes the storefront reads, as the gateway serves them (docs/architecture.md). */
import type { OrderStatus } from '../orders/order-status';

export interface CatalogItem {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly price: number;
  readonly pictureFileName: string;
  readonly catalogTypeId: number;
  readonly catalogBrandId: number;
  readonly availableStock: number;
  readonly restockThreshold: number;
  readonly maxStockThreshold: number;
  readonly onReorder: boolean;
  readonly version: number;
}

export interface CatalogPage {
  readonly pageIndex: number;
  readonly pageSize: number;
  readonly count: number;
  readonly data: CatalogItem[];
}

export interface CatalogType {
  readonly id: number;
  readonly type: string;
}

export interface CatalogBrand {
  readonly id: number;
  readonly brand: string;
}

export interface BasketLine {
  readonly id: string;
  readonly productId: number;
  readonly productName: string;
  readonly unitPrice: number;
  readonly oldUnitPrice: number;
  readonly quantity: number;
  readonly pictureUrl: string;
}

export interface Basket {
  readonly buyerId: string;
  readonly items: BasketLine[];
}

export interface OrderSummary {
  readonly orderNumber: number;
  readonly date: string;
  readonly status: OrderStatus;
  readonly total: number;
}

export interface OrderLine {
  readonly productId: number;
  readonly productName: string;
  readonly unitPrice: number;
  readonly units: number;
  readonly pictureUrl: string;
}

export interface Order extends OrderSummary {
  readonly buyerName: string;
  readonly street: string;
  readonly city: string;
  readonly state: string;
  readonly country: string;
  readonly zipCode: string;
  readonly items: OrderLine[];
  readonly statusHistory: ReadonlyArray<{ status: OrderStatus; date: string; reason?: string }>;
}

export interface CardType {
  readonly id: number;
  readonly name: string;
}

export interface SignedInUser {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly string[];
}

export interface CheckoutBody {
  readonly street: string;
  readonly city: string;
  readonly state: string;
  readonly country: string;
  readonly zipCode: string;
  readonly cardNumber: string;
  readonly cardHolderName: string;
  readonly cardExpiration: string;
  readonly cardSecurityNumber: string;
  readonly cardTypeId: number;
}
