import { copyPaths, execForm, lineage, parseDockerfile, stageNamed, type Stage } from './dockerfile';

/** The base image of every stage (architecture notes: the Node major of the machines). */
export const BASE_IMAGE = /^node:24\.21-slim(@sha256:[0-9a-f]{64})?$/;
const NPM_CI = /\bnpm\s+ci\b/;
const MANIFESTS = /^(\.\/)?package(-lock)?\.json$|^(\.\/)?package\*\.json$/;

const isPreviousStage = (stages: Stage[], stage: Stage): boolean =>
  stageNamed(stages.slice(0, stage.index), stage.base) !== undefined;

/** Whether anything in the stage's lineage runs `npm ci`/`npm install` with dev dependencies. */
function installsDevDependencies(stages: Stage[], stage: Stage): boolean {
  return lineage(stages, stage).some(
    (i) => i.keyword === 'RUN' && /\bnpm\s+(ci|install|i)\b/.test(i.args) && !/--omit[= ]dev\b/.test(i.args),
  );
}

function baseImageProblems(stages: Stage[]): string[] {
  const problems: string[] = [];
  if (stages.length < 2) problems.push('not multi-stage: build and runtime must be separate stages');
  for (const stage of stages) {
    if (!isPreviousStage(stages, stage) && !BASE_IMAGE.test(stage.base)) {
      problems.push(`stage ${stage.name ?? stage.index} starts from ${stage.base}, not node:24.21-slim`);
    }
  }
  const final = stages[stages.length - 1];
  if (final && isPreviousStage(stages, final)) {
    problems.push(`final stage builds on stage ${final.base}: it would inherit that stage's files`);
  }
  return problems;
}

/** `npm ci` runs on package*.json alone, before any source is copied, in every stage. */
function installLayerProblems(stages: Stage[]): string[] {
  const problems: string[] = [];
  for (const stage of stages) {
    const steps = lineage(stages, stage);
    const install = steps.findIndex((i) => i.keyword === 'RUN' && NPM_CI.test(i.args));
    if (install < 0) continue;
    const earlyCopies = steps
      .slice(0, install)
      .filter((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && !i.flags['from'])
      .flatMap((i) => copyPaths(i).sources)
      .filter((source) => !MANIFESTS.test(source));
    if (earlyCopies.length > 0) {
      problems.push(`stage ${stage.name ?? stage.index}: ${earlyCopies.join(', ')} copied before npm ci (breaks the layer cache)`);
    }
  }
  if (!stages.some((stage) => stage.instructions.some((i) => i.keyword === 'RUN' && NPM_CI.test(i.args)))) {
    problems.push('no RUN npm ci: installs must follow the lockfile');
  }
  return problems;
}

function runtimeProblems(stages: Stage[], final: Stage): string[] {
  const problems: string[] = [];
  for (const i of final.instructions) {
    if (i.keyword === 'RUN' && /\bnpm\s+(ci|install|i)\b/.test(i.args) && !/--omit[= ]dev\b/.test(i.args)) {
      problems.push(`final stage installs dev dependencies (line ${i.line})`);
    }
    if ((i.keyword === 'COPY' || i.keyword === 'ADD') && !i.flags['from']) {
      problems.push(`final stage copies ${copyPaths(i).sources.join(', ')} from the build context: only built output belongs there`);
    }
    const from = i.flags['from'];
    const source = from === undefined ? undefined : stageNamed(stages, from);
    if (i.keyword === 'COPY' && source && copyPaths(i).sources.some((s) => s.includes('node_modules'))) {
      if (installsDevDependencies(stages, source)) {
        problems.push(`final stage copies node_modules from stage ${from}, which holds dev dependencies`);
      }
    }
  }
  return problems;
}

function userProblems(final: Stage): string[] {
  const users = final.instructions.filter((i) => i.keyword === 'USER');
  const user = users[users.length - 1];
  if (!user) return ['final stage has no USER: the app would run as root'];
  const name = user.args.split(':')[0] ?? '';
  if (name === 'root' || /^0+$/.test(name)) return ['final stage runs as root'];
  // runAsNonRoot can only verify a numeric user.
  if (!/^[0-9]+$/.test(name)) return [`USER ${user.args} is not numeric: Kubernetes cannot verify runAsNonRoot`];
  const start = final.instructions.findIndex((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
  if (start >= 0 && final.instructions.indexOf(user) > start) return ['USER comes after CMD'];
  return [];
}

function healthcheckProblems(final: Stage): string[] {
  const check = final.instructions.find((i) => i.keyword === 'HEALTHCHECK');
  if (!check) return ['final stage has no HEALTHCHECK'];
  const command = execForm(check.args);
  if (!command) return ['HEALTHCHECK must use the exec form'];
  const text = command.join(' ');
  const problems: string[] = [];
  if (command[0] !== 'node' || !text.includes('fetch(')) problems.push('HEALTHCHECK must probe with node and fetch (node:24.21-slim has no curl)');
  if (!text.includes('/health/live')) problems.push('HEALTHCHECK must probe /health/live');
  return problems;
}

function appArgProblems(stages: Stage[], final: Stage): string[] {
  const problems: string[] = [];
  const build = stages.find((s) => s.instructions.some((i) => i.keyword === 'RUN' && /tools\/build\.mjs\s+"?\$\{?APP/.test(i.args)));
  if (!build) problems.push('no stage runs tools/build.mjs "$APP"');
  else if (!build.instructions.some((i) => i.keyword === 'ARG' && /^APP\b/.test(i.args))) problems.push(`stage ${build.name} uses $APP without ARG APP`);
  const copiesBundle = final.instructions.some(
    (i) => i.keyword === 'COPY' && copyPaths(i).sources.some((s) => /dist\/apps\/\$\{?APP\}?/.test(s)),
  );
  if (!copiesBundle) problems.push('final stage does not copy dist/apps/${APP}');
  const cmd = final.instructions.find((i) => i.keyword === 'CMD');
  const command = cmd && execForm(cmd.args);
  if (!command || command[0] !== 'node') problems.push('CMD must start node in exec form (so node gets SIGTERM)');
  return problems;
}

/** Every broken rule, one line each; [] for a Dockerfile that follows them all. */
export function lintDockerfile(text: string): string[] {
  const stages = parseDockerfile(text);
  const final = stages[stages.length - 1];
  if (!final) return ['no FROM'];
  return [
    ...baseImageProblems(stages),
    ...installLayerProblems(stages),
    ...runtimeProblems(stages, final),
    ...userProblems(final),
    ...healthcheckProblems(final),
    ...appArgProblems(stages, final),
  ];
}
