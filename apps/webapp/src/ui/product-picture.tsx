/**
 * Product pictures are drawn here, not fetched: a colour from a hash of the name, an icon
 * per catalog type and the name's initials. Nothing is copied, nothing comes from another
 * origin, and the name only ever reaches the SVG as text.
 */
export function nameHash(name: string): number {
  // FNV-1a over UTF-16 code units: small, stable, well spread for short strings.
  let hash = 0x811c9dc5;
  for (let index = 0; index < name.length; index += 1) {
    hash ^= name.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function initials(name: string): string {
  const words = name.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
  return words
    .slice(0, 2)
    .map((word) => (/[\p{L}\p{N}]/u.exec(word)?.[0] ?? '').toUpperCase())
    .join('');
}

type Shape = 'pack' | 'boot' | 'jacket' | 'tent' | 'bag' | 'carabiner' | 'mug' | 'compass' | 'box';

export function shapeFor(typeName: string | undefined): Shape {
  const type = (typeName ?? '').toLowerCase();
  const byKeyword: ReadonlyArray<readonly [string, Shape]> = [
    ['backpack', 'pack'],
    ['foot', 'boot'],
    ['jacket', 'jacket'],
    ['tent', 'tent'],
    ['sleeping', 'bag'],
    ['climb', 'carabiner'],
    ['kitchen', 'mug'],
    ['navigation', 'compass'],
  ];
  return byKeyword.find(([keyword]) => type.includes(keyword))?.[1] ?? 'box';
}

const ICONS: Record<Shape, string> = {
  pack: 'M70 40 q30 -22 60 0 v70 q0 10 -10 10 h-40 q-10 0 -10 -10 z M82 70 h36 v24 h-36 z',
  boot: 'M75 35 h30 v45 l35 15 q10 5 10 15 v10 h-85 z',
  jacket: 'M80 30 l20 10 l20 -10 l30 20 l-12 22 l-10 -6 v54 h-56 v-54 l-10 6 l-12 -22 z',
  tent: 'M100 30 l55 90 h-110 z M100 60 l20 60 h-40 z',
  bag: 'M70 40 q0 -12 30 -12 q30 0 30 12 v75 q0 8 -30 8 q-30 0 -30 -8 z',
  carabiner: 'M80 35 q20 -12 40 0 q15 10 10 45 q-5 40 -30 40 q-25 0 -30 -40 q-5 -35 10 -45 z M92 48 q8 -5 16 0 q8 8 5 32 q-3 26 -13 26 q-10 0 -13 -26 q-3 -24 5 -32 z',
  mug: 'M65 45 h60 v60 q0 12 -12 12 h-36 q-12 0 -12 -12 z M125 58 h12 q10 0 10 12 v8 q0 12 -10 12 h-12 v-8 h10 v-16 h-10 z',
  compass: 'M100 28 a47 47 0 1 0 0.1 0 z M100 40 l12 35 l-12 35 l-12 -35 z',
  box: 'M60 45 h80 v70 h-80 z',
};

export function ProductPicture({ name, typeName }: { readonly name: string; readonly typeName: string | undefined }) {
  const hue = nameHash(name) % 360;
  const shape = shapeFor(typeName);
  return (
    <svg className="product-picture" viewBox="0 0 200 150" role="img" aria-label={name} focusable="false">
      <rect width="200" height="150" fill={`hsl(${hue} 45% 88%)`} />
      <path d={ICONS[shape]} fill={`hsl(${hue} 40% 38%)`} fillRule="evenodd" opacity="0.85" />
      <text x="186" y="140" textAnchor="end" fontSize="22" fontWeight="700" fill={`hsl(${hue} 45% 22%)`}>
        {initials(name)}
      </text>
    </svg>
  );
}
