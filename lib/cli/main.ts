import { PatternError } from '../errors';
import type { RuleRegistry } from '../rule-registry';
import { UsageError } from './args';
import { GENERATE_HELP, generateCommand } from './generate-command';
import { MATCH_HELP, matchCommand } from './match-command';
import type { CliIo } from './output';
import { REPLAY_HELP, replayCommand } from './replay-command';
import { RULES_HELP, rulesCommand } from './rules-command';

const VERSION = '0.1.0';

export const HELP = `trailguard ${VERSION}: event-driven AWS security responder, and its offline backtester

Usage: trailguard <command> [options]

Commands:
  replay <file-or-dir>...               backtest the rules over CloudTrail history (no AWS access)
  match <pattern-or-@file> <history>... test an EventBridge pattern offline over history
  rules [--stats <history>...]          list the rule catalogue, or how tight each deployed pattern is
  generate --out FILE                   render the deployment data serverless.yml reads (for rule authors)

Run \`trailguard <command> --help\` for a command's options.`;

const COMMANDS: Record<string, { run: (args: string[], io: CliIo, registry: RuleRegistry) => number | Promise<number>; help: string }> = {
  replay: { run: replayCommand, help: REPLAY_HELP },
  match: { run: matchCommand, help: MATCH_HELP },
  rules: { run: rulesCommand, help: RULES_HELP },
  generate: { run: generateCommand, help: GENERATE_HELP },
};

/**
 * Runs one CLI invocation over the rules of `registry` and returns its exit code; never calls process.exit itself
 * (tests drive it).
 */
export const main = async (argv: readonly string[], io: CliIo, registry: RuleRegistry): Promise<number> => {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(`${HELP}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr(`trailguard: unknown command ${JSON.stringify(name)}\n\n${HELP}\n`);
    return 2;
  }
  try {
    return await command.run(args, io, registry);
  } catch (error) {
    if (error instanceof UsageError || error instanceof PatternError) {
      io.stderr(`trailguard ${name}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
};

/** Process entry: wires the real streams and turns a closed pipe (`| head`) into a quiet exit. */
export const run = (registry: RuleRegistry): void => {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const io: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTty: process.stderr.isTTY === true,
    ...(process.stdout.isTTY && process.stdout.columns ? { columns: process.stdout.columns } : {}),
  };
  main(process.argv.slice(2), io, registry).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`trailguard: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 70;
    },
  );
};
