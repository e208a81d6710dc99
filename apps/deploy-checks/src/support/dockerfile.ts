/** A Dockerfile read into stages, enough to check the rules this repository sets for it. */
export interface Instruction {
  readonly keyword: string;
  /** Arguments after the flags (`--from=build` etc. are in `flags`). */
  readonly args: string;
  readonly flags: Record<string, string>;
  readonly line: number;
}

export interface Stage {
  readonly index: number;
  readonly name: string | undefined;
  /** The image or earlier stage it starts from. */
  readonly base: string;
  readonly instructions: Instruction[];
}

const FLAGGED = ['COPY', 'ADD', 'RUN', 'FROM', 'HEALTHCHECK'];

/** Joins continuation lines, drops comments and parser directives, splits into stages. */
export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let logical = lines[i] ?? '';
    if (/^\s*(#|$)/.test(logical)) continue;
    while (/\\\s*$/.test(logical) && i + 1 < lines.length) {
      i++;
      const next = lines[i] ?? '';
      if (/^\s*#/.test(next)) continue; // comment lines inside a continuation are skipped
      logical = logical.replace(/\\\s*$/, ' ') + next.trim();
    }
    const match = /^\s*(\S+)\s*(.*)$/.exec(logical);
    if (!match) continue;
    const keyword = (match[1] ?? '').toUpperCase();
    let rest = (match[2] ?? '').trim();
    const flags: Record<string, string> = {};
    if (FLAGGED.includes(keyword)) {
      let flag: RegExpExecArray | null;
      while ((flag = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest))) {
        flags[flag[1] ?? ''] = flag[2] ?? '';
        rest = rest.slice(flag[0].length);
      }
    }
    const instruction: Instruction = { keyword, args: rest, flags, line: start };
    if (keyword === 'FROM') {
      const [base = '', as, name] = rest.split(/\s+/);
      stages.push({
        index: stages.length,
        name: as?.toUpperCase() === 'AS' ? name : undefined,
        base,
        instructions: [],
      });
    } else {
      const stage = stages[stages.length - 1];
      if (!stage) throw new Error(`line ${start}: ${keyword} before the first FROM`);
      stage.instructions.push(instruction);
    }
  }
  return stages;
}

export function stageNamed(stages: Stage[], name: string): Stage | undefined {
  return stages.find((stage) => stage.name === name || String(stage.index) === name);
}

/** A stage's instructions preceded by those of the stages it is built FROM. */
export function lineage(stages: Stage[], stage: Stage): Instruction[] {
  const parent = stageNamed(stages.slice(0, stage.index), stage.base);
  return [...(parent ? lineage(stages, parent) : []), ...stage.instructions];
}

/** Splits COPY arguments (shell or JSON form) into sources and destination. */
export function copyPaths(instruction: Instruction): { sources: string[]; destination: string } {
  const args = instruction.args.trim();
  const parts = args.startsWith('[') ? (JSON.parse(args) as string[]) : args.split(/\s+/);
  const destination = parts[parts.length - 1] ?? '';
  return { sources: parts.slice(0, -1), destination };
}

/** The command of an exec-form (JSON) CMD/ENTRYPOINT/HEALTHCHECK CMD, or undefined. */
export function execForm(args: string): string[] | undefined {
  const json = args.replace(/^CMD\s+/, '').trim();
  if (!json.startsWith('[')) return undefined;
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) && parsed.every((part) => typeof part === 'string') ? parsed : undefined;
}
