import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { copyPaths, lineage, parseDockerfile, type Stage } from './dockerfile';
import { contextFiles, parseDockerignore } from './dockerignore';

/**
 * Replays the build stage of deploy/Dockerfile without Docker: the context is what
 * .dockerignore lets through, each `COPY <context paths> <dest>` of the stage's lineage
 * copies from it into a scratch WORKDIR, node_modules stands in for the `npm ci` layer, and
 * the stage's own RUN lines run with APP set. Proves the COPY set and the ignore file are
 * enough to build the app.
 */
export function replayBuildStage(
  root: string,
  dockerfile: string,
  dockerignore: string,
  app: string,
  workdir: string,
): void {
  const stages = parseDockerfile(dockerfile);
  const build = buildStage(stages);
  const files = contextFiles(root, parseDockerignore(dockerignore));
  const steps = lineage(stages, build);
  for (const step of steps) {
    if (step.keyword !== 'COPY' || step.flags['from']) continue;
    const { sources, destination } = copyPaths(step);
    for (const source of sources) copyFromContext(root, files, source, destination, workdir);
  }
  symlinkSync(join(root, 'node_modules'), join(workdir, 'node_modules'), 'dir');
  for (const step of build.instructions.filter((i) => i.keyword === 'RUN')) {
    execFileSync('/bin/sh', ['-c', step.args], { cwd: workdir, env: { ...process.env, APP: app }, stdio: 'pipe' });
  }
}

/** The stage that bundles the app: the one whose RUN calls tools/build.mjs. */
export function buildStage(stages: Stage[]): Stage {
  const stage = stages.find((s) => s.instructions.some((i) => i.keyword === 'RUN' && i.args.includes('tools/build.mjs')));
  if (!stage) throw new Error('no stage runs tools/build.mjs');
  return stage;
}

function copyFromContext(root: string, files: string[], source: string, destination: string, workdir: string): void {
  const normalized = posix.normalize(source).replace(/\/$/, '');
  const matching = files.filter((file) => file === normalized || file.startsWith(`${normalized}/`));
  if (matching.length === 0) throw new Error(`COPY ${source}: nothing in the build context (.dockerignore?)`);
  const intoDirectory = destination.endsWith('/') || matching.length > 1 || matching[0] !== normalized;
  for (const file of matching) {
    const relative = file === normalized ? posix.basename(file) : posix.relative(normalized, file);
    const target = intoDirectory ? join(workdir, destination, relative) : join(workdir, destination);
    mkdirSync(dirname(target), { recursive: true });
    if (!existsSync(target)) copyFileSync(join(root, file), target);
  }
}

/** The bare module names a bundle loads with require(): what node_modules must provide. */
export function requiredPackages(bundle: string): string[] {
  const names = [...bundle.matchAll(/require\(["']([^"'./][^"']*)["']\)/g)].map((m) => m[1] ?? '');
  return [...new Set(names.map((name) => (name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0] ?? '')))].sort();
}
