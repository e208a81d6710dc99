/**
 * Seed catalog: an outdoor-gear shop, in the spirit of eShop's sample data. Each line is
 * one product in a few variants; prices are decimal strings (exact, like the column).
 */
export const seedBrands = [
  'Daybreak',
  'Northwind Gear',
  'Summit Forge',
  'Trailcraft',
  'Alder & Pine',
  'Rivermark',
  'Zephyr Outdoor',
] as const;

export const seedTypes = [
  'Backpacks',
  'Footwear',
  'Jackets',
  'Tents',
  'Sleeping Bags',
  'Climbing',
  'Camp Kitchen',
  'Navigation',
] as const;

type Brand = (typeof seedBrands)[number];
type Type = (typeof seedTypes)[number];

interface SeedProduct {
  readonly name: string;
  readonly type: Type;
  readonly brand: Brand;
  readonly price: string;
  readonly description: string;
  /** Each variant is its own item: "<name> — <variant>". */
  readonly variants: readonly string[];
}

export const seedProducts: readonly SeedProduct[] = [
  { name: 'Ridgeline 45L Backpack', type: 'Backpacks', brand: 'Daybreak', price: '189.00', description: 'Top-loading trekking pack with an adjustable torso and rain cover.', variants: ['Slate', 'Forest', 'Ember'] },
  { name: 'Daytripper 22L Pack', type: 'Backpacks', brand: 'Trailcraft', price: '74.95', description: 'Light day pack with hydration sleeve and hip-belt pockets.', variants: ['Sky', 'Graphite', 'Moss'] },
  { name: 'Alpine Ascent 60L Pack', type: 'Backpacks', brand: 'Summit Forge', price: '249.99', description: 'Expedition pack with ice-axe loops and a removable lid.', variants: ['Glacier', 'Crimson', 'Black'] },
  { name: 'Urban Trail 18L Pack', type: 'Backpacks', brand: 'Alder & Pine', price: '59.50', description: 'Commuter pack with a padded laptop sleeve and trail-ready straps.', variants: ['Charcoal', 'Sand', 'Olive'] },
  { name: 'Hydrolite Running Vest', type: 'Backpacks', brand: 'Zephyr Outdoor', price: '89.00', description: 'Bounce-free vest with two soft flasks for long trail runs.', variants: ['XS/S', 'S/M', 'L/XL'] },
  { name: 'Trailstrider Hiking Boot', type: 'Footwear', brand: 'Northwind Gear', price: '164.99', description: 'Waterproof mid-cut boot with a grippy lugged outsole.', variants: ["Men's", "Women's", 'Wide'] },
  { name: 'Cloudstep Trail Runner', type: 'Footwear', brand: 'Zephyr Outdoor', price: '129.95', description: 'Cushioned trail shoe with a rock plate and quick laces.', variants: ['Cobalt', 'Volt', 'Black'] },
  { name: 'Scree Approach Shoe', type: 'Footwear', brand: 'Summit Forge', price: '139.00', description: 'Sticky-rubber approach shoe for scrambles and via ferratas.', variants: ['Stone', 'Rust', 'Slate'] },
  { name: 'Riverbed Water Sandal', type: 'Footwear', brand: 'Rivermark', price: '54.99', description: 'Quick-drying sandal with a secure heel strap for river crossings.', variants: ['Teal', 'Black', 'Coral'] },
  { name: 'Camp Lounge Slipper', type: 'Footwear', brand: 'Alder & Pine', price: '39.90', description: 'Packable insulated booties for cold evenings at camp.', variants: ['Grey', 'Navy', 'Plum'] },
  { name: 'Stormshell Rain Jacket', type: 'Jackets', brand: 'Northwind Gear', price: '219.00', description: 'Three-layer waterproof shell with pit zips and a helmet hood.', variants: ['Red', 'Blue', 'Black'] },
  { name: 'Thermal Down Parka', type: 'Jackets', brand: 'Summit Forge', price: '329.00', description: '800-fill down parka for sub-zero belays and winter camps.', variants: ['Orange', 'Black', 'Teal'] },
  { name: 'Windbreak Packable Jacket', type: 'Jackets', brand: 'Zephyr Outdoor', price: '79.99', description: 'Featherweight wind shell that packs into its own pocket.', variants: ['Lime', 'Smoke', 'Ocean'] },
  { name: 'Fleece Midlayer Hoodie', type: 'Jackets', brand: 'Alder & Pine', price: '69.00', description: 'Grid fleece that breathes on the climb and warms at the top.', variants: ['Heather', 'Pine', 'Clay'] },
  { name: 'Insulated Vest', type: 'Jackets', brand: 'Daybreak', price: '99.50', description: 'Synthetic-fill vest that stays warm when damp.', variants: ['Charcoal', 'Rust', 'Navy'] },
  { name: 'Basecamp 2 Tent', type: 'Tents', brand: 'Daybreak', price: '289.00', description: 'Freestanding two-person tent with two doors and two vestibules.', variants: ['Green', 'Sand', 'Orange'] },
  { name: 'Ultralight 1P Shelter', type: 'Tents', brand: 'Trailcraft', price: '349.99', description: 'Trekking-pole shelter under 800 g for the long trail.', variants: ['Grey', 'Olive', 'Tan'] },
  { name: 'Family Dome 4 Tent', type: 'Tents', brand: 'Alder & Pine', price: '419.00', description: 'Roomy four-person dome with standing height and a porch.', variants: ['Blue', 'Green', 'Grey'] },
  { name: 'Expedition Mountain Tent', type: 'Tents', brand: 'Summit Forge', price: '699.00', description: 'Four-season tent rated for high winds and heavy snow.', variants: ['Yellow', 'Orange'] },
  { name: 'Summer Breeze 10°C Bag', type: 'Sleeping Bags', brand: 'Rivermark', price: '89.99', description: 'Light synthetic bag for warm nights and hut trips.', variants: ['Short', 'Regular', 'Long'] },
  { name: 'Three Season -5°C Down Bag', type: 'Sleeping Bags', brand: 'Daybreak', price: '279.00', description: 'Hydrophobic down bag with a draft collar and a full-length zip.', variants: ['Regular', 'Long', "Women's"] },
  { name: 'Polar -20°C Expedition Bag', type: 'Sleeping Bags', brand: 'Summit Forge', price: '549.00', description: 'Mummy bag for the coldest camps, with a sculpted hood.', variants: ['Regular', 'Long', "Women's"] },
  { name: 'Silk Sleeping Bag Liner', type: 'Sleeping Bags', brand: 'Alder & Pine', price: '49.95', description: 'Adds warmth and keeps your bag clean; weighs 120 g.', variants: ['Mummy', 'Rectangular', 'Travel'] },
  { name: 'Crag Dynamic Rope 9.8mm', type: 'Climbing', brand: 'Summit Forge', price: '179.00', description: 'Durable single rope for the gym and sport crags.', variants: ['60 m', '70 m', '80 m'] },
  { name: 'Featherlight Harness', type: 'Climbing', brand: 'Northwind Gear', price: '74.00', description: 'Comfortable all-round harness with four gear loops.', variants: ['S', 'M', 'L'] },
  { name: 'Keylock Carabiner Set', type: 'Climbing', brand: 'Summit Forge', price: '59.90', description: 'Six keylock snapgates that never snag on bolts.', variants: ['Silver', 'Anodized'] },
  { name: 'Cragmaster Helmet', type: 'Climbing', brand: 'Trailcraft', price: '64.99', description: 'Hybrid-shell helmet, light and ventilated.', variants: ['White', 'Red', 'Blue'] },
  { name: 'Chalk Bag with Belt', type: 'Climbing', brand: 'Zephyr Outdoor', price: '24.50', description: 'Fleece-lined chalk bag with a brush holder.', variants: ['Purple', 'Black'] },
  { name: 'Titanium Camp Stove', type: 'Camp Kitchen', brand: 'Trailcraft', price: '59.00', description: 'Canister stove that boils a litre in three minutes.', variants: ['Standard', 'With Igniter', 'Ultralight'] },
  { name: 'Nesting Cook Set', type: 'Camp Kitchen', brand: 'Rivermark', price: '84.95', description: 'Two pots, a pan and two mugs that nest into one.', variants: ['2 Person', '4 Person'] },
  { name: 'Insulated Trail Mug', type: 'Camp Kitchen', brand: 'Alder & Pine', price: '22.00', description: 'Double-wall steel mug with a sip lid.', variants: ['Sage', 'Navy', 'Brick'] },
  { name: 'Gravity Water Filter', type: 'Camp Kitchen', brand: 'Rivermark', price: '99.00', description: 'Filters four litres in minutes, no pumping.', variants: ['4 L', '10 L'] },
  { name: 'Wayfinder Baseplate Compass', type: 'Navigation', brand: 'Northwind Gear', price: '34.99', description: 'Liquid-damped compass with declination adjustment.', variants: ['Classic', 'Mirror Sighting'] },
  { name: 'Trail GPS Handheld', type: 'Navigation', brand: 'Zephyr Outdoor', price: '299.00', description: 'Rugged GPS with topo maps and a two-week battery.', variants: ['Standard', 'With Camera'] },
  { name: 'Headlamp 400', type: 'Navigation', brand: 'Daybreak', price: '44.90', description: '400-lumen rechargeable headlamp with a red night mode.', variants: ['Black', 'Orange', 'Blue'] },
  { name: 'Waterproof Map Case', type: 'Navigation', brand: 'Rivermark', price: '19.95', description: 'Roll-top map case with a neck cord.', variants: ['A4', 'A3'] },
];
