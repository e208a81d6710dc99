/**
 * `npm run ops -- <command> [options]`: operator commands for parked messages and failed
 * outbox rows (see README.md here, or `npm run ops -- --help`).
 */
import { runCli } from './cli';

const io = {
  out: (text: string) => process.stdout.write(`${text}\n`),
  err: (text: string) => process.stderr.write(`${text}\n`),
};

// exitCode, not exit(): stdout is flushed before the process ends, even when piped.
void runCli(process.argv.slice(2), process.env, io).then((code) => {
  process.exitCode = code;
});
