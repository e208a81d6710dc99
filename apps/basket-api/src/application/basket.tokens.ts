/** The consumer name handled-markers are recorded under: the service queue name. */
export const BASKET_CONSUMER = Symbol('BASKET_CONSUMER');
