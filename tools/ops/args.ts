/**
 * The option grammar of the ops CLI: `--name value`, `--name=value` and `--flag`, checked
 * against each command's option table. Hand-rolled rather than node:util parseArgs so every
 * mistake becomes one short line naming the option (exit code 2), not a Node error text.
 */

/** A mistake in the command line: printed as one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type OptionKind = 'value' | 'flag';
export type OptionTable = Readonly<Record<string, OptionKind>>;
export type ParsedOptions = ReadonlyMap<string, string | true>;

function kindOf(table: OptionTable, name: string): OptionKind | undefined {
  // hasOwn: `--constructor` must be unknown, not Object.prototype's.
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

export function parseOptions(tokens: readonly string[], table: OptionTable, command: string): ParsedOptions {
  const options = new Map<string, string | true>();
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] ?? '';
    if (!token.startsWith('--') || token === '--') {
      throw new UsageError(`unexpected argument "${token}" for "${command}"`);
    }
    const eq = token.indexOf('=');
    const name = token.slice(2, eq === -1 ? undefined : eq);
    const kind = kindOf(table, name);
    if (!kind) throw new UsageError(`unknown option --${name} for "${command}"`);
    if (options.has(name)) throw new UsageError(`option --${name} is given twice`);
    if (kind === 'flag') {
      if (eq !== -1) throw new UsageError(`option --${name} takes no value`);
      options.set(name, true);
      continue;
    }
    const value = eq === -1 ? tokens[(i += 1)] : token.slice(eq + 1);
    // A following `--x` is the next option, not this one's value: `--queue --all` is a slip.
    if (value === undefined || value === '' || (eq === -1 && value.startsWith('--'))) {
      throw new UsageError(`option --${name} needs a value`);
    }
    options.set(name, value);
  }
  return options;
}

export function stringOption(options: ParsedOptions, name: string): string | undefined {
  const value = options.get(name);
  return typeof value === 'string' ? value : undefined;
}

export const MAX_LIMIT = 10_000;

export function limitOption(options: ParsedOptions, fallback: number): number {
  const raw = stringOption(options, 'limit');
  if (raw === undefined) return fallback;
  const limit = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT)) {
    throw new UsageError(`--limit must be a whole number from 1 to ${MAX_LIMIT}, got "${raw}"`);
  }
  return limit;
}

/** Which rows or messages a mutating command touches: named explicitly, never by default. */
export type Selection = { readonly all: true } | { readonly id: string };

export function selectionOption(options: ParsedOptions, command: string, idName: string): Selection {
  const id = stringOption(options, 'id');
  const all = options.get('all') === true;
  if (id !== undefined && all) throw new UsageError(`"${command}" takes --id or --all, not both`);
  if (id !== undefined) return { id };
  if (all) return { all: true };
  throw new UsageError(`"${command}" needs --id <${idName}> or --all`);
}

/** A URL option with an environment fallback, checked for its scheme up front. */
export function urlOption(
  value: string | undefined,
  schemes: readonly string[],
  what: string,
): string {
  if (value === undefined) throw new UsageError(`missing ${what}`);
  let protocol: string;
  try {
    protocol = new URL(value).protocol;
  } catch {
    throw new UsageError(`${what} is not a URL`);
  }
  if (!schemes.includes(protocol)) {
    throw new UsageError(`${what} must start with ${schemes.map((s) => `${s}//`).join(' or ')}`);
  }
  return value;
}
