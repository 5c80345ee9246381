import { promises as fs } from 'node:fs';
import { mapGrafanaOncall } from './grafanaOncall';
import { mapOpsgenie } from './opsgenie';
import { renderReport } from './render';
import { normalizeRef } from './shared';
import { ExportShapeError, IdentityMaps, MigrationResult } from './types';

/** Where the CLI writes; the process streams by default. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Exit codes of {@link main}. */
export const EXIT = {
  /** Something was mapped; the report is on stdout. */
  ok: 0,
  /** An input file is missing, not JSON, or not the export it should be. */
  badInput: 1,
  /** Unknown command or option, or a required option missing. */
  usage: 2,
  /** The exports were read but nothing could be mapped; the report says why. */
  nothingMapped: 3,
} as const;

interface Command {
  required: string[];
  optional: string[];
  run(files: Record<string, unknown>, maps: IdentityMaps): MigrationResult;
}

const MAP_OPTIONS = ['users', 'teams'];

const COMMANDS: Record<string, Command> = {
  opsgenie: {
    required: ['schedules'],
    optional: ['escalations', 'integrations', ...MAP_OPTIONS],
    run: (files, maps) =>
      mapOpsgenie(
        {
          schedules: files.schedules,
          escalations: files.escalations,
          integrations: files.integrations,
        },
        maps,
      ),
  },
  'grafana-oncall': {
    required: ['schedules', 'shifts'],
    optional: [
      'escalation-chains',
      'escalation-policies',
      'integrations',
      'user-list',
      ...MAP_OPTIONS,
    ],
    run: (files, maps) =>
      mapGrafanaOncall(
        {
          schedules: files.schedules,
          shifts: files.shifts,
          escalationChains: files['escalation-chains'],
          escalationPolicies: files['escalation-policies'],
          integrations: files.integrations,
          users: files['user-list'],
        },
        maps,
      ),
  },
};

export const USAGE = `Usage:
  firebreak-migrate opsgenie --schedules <file> [--escalations <file>]
      [--integrations <file>] [--users <map.json>] [--teams <map.json>]
  firebreak-migrate grafana-oncall --schedules <file> --shifts <file>
      [--escalation-chains <file> --escalation-policies <file>]
      [--integrations <file>] [--user-list <file>] [--users <map.json>] [--teams <map.json>]

Reads the JSON answers of the product's API (see packages/migrate/README.md for the
curl commands) and prints, per Group, the firebreak.dev/oncall annotation to paste,
the alert-routing hints per integration, and what could not be mapped.

  opsgenie        --schedules      GET /v2/schedules?expand=rotation
                  --escalations    GET /v2/escalations
                  --integrations   GET /v2/integrations
  grafana-oncall  --schedules      GET /api/v1/schedules/
                  --shifts         GET /api/v1/on_call_shifts/
                  --escalation-chains, --escalation-policies
                                   GET /api/v1/escalation_chains/, /api/v1/escalation_policies/
                  --integrations   GET /api/v1/integrations/
                  --user-list      GET /api/v1/users/ (names the user ids of shifts)
  --users <map.json>  {"alice@example.com": "user:alice", "<id>": "user:bob"}
  --teams <map.json>  {"<team id or name>": "group:payments"}

Exit codes: 0 mapped, 1 unreadable input, 2 usage error, 3 nothing could be mapped.
`;

class UsageError extends Error {}
class InputError extends Error {}

function parseArgs(argv: string[]): {
  name: string;
  command: Command;
  options: Record<string, string>;
} {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    throw new UsageError(
      name ? `unknown command '${name}'` : 'no command given',
    );
  }
  const allowed = [...command.required, ...command.optional];
  const options: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inline] = arg.split(/=(.*)/s, 2);
    const key = flag.startsWith('--') ? flag.slice(2) : '';
    if (!allowed.includes(key)) {
      throw new UsageError(`unknown option '${arg}' for ${name}`);
    }
    const value = inline ?? rest[++i];
    if (value === undefined || value.startsWith('--')) {
      throw new UsageError(`${flag} needs a file`);
    }
    options[key] = value;
  }
  const missing = command.required.filter(key => !options[key]);
  if (missing.length) {
    throw new UsageError(
      `${name} needs ${missing.map(key => `--${key} <file>`).join(' and ')}`,
    );
  }
  if (
    !!options['escalation-chains'] !== !!options['escalation-policies'] &&
    name === 'grafana-oncall'
  ) {
    throw new UsageError(
      '--escalation-chains and --escalation-policies go together',
    );
  }
  return { name, command, options };
}

async function readJson(option: string, path: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reasons: Record<string, string> = {
      ENOENT: 'no such file',
      EISDIR: 'it is a directory',
    };
    const reason = (code && reasons[code]) || (error as Error).message;
    throw new InputError(`cannot read --${option} ${path}: ${reason}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `--${option} ${path} is not JSON: ${(error as Error).message}`,
    );
  }
}

function readMap(
  option: string,
  path: string,
  value: unknown,
): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(
      `--${option} ${path} must be a JSON object such as {"alice@example.com": "user:alice"}`,
    );
  }
  const kind = option === 'users' ? 'user' : 'group';
  for (const [key, ref] of Object.entries(value)) {
    if (typeof ref !== 'string' || !normalizeRef(ref, kind)) {
      throw new InputError(
        `--${option} ${path}: "${key}" maps to ${JSON.stringify(
          ref,
        )}, which is not an entity ref such as ${kind}:name`,
      );
    }
  }
  return value as Record<string, string>;
}

const processIO: CliIO = {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
};

/** Runs the importer with the given arguments (without `node` and the script); resolves to the exit code. */
export async function main(
  argv: string[],
  io: CliIO = processIO,
): Promise<number> {
  if (argv.length === 0 || ['help', '--help', '-h'].includes(argv[0])) {
    (argv.length ? io.stdout : io.stderr)(USAGE);
    return argv.length ? EXIT.ok : EXIT.usage;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(argv);
  } catch (error) {
    io.stderr(`firebreak-migrate: ${(error as Error).message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const { command, options } = parsed;
  let result: MigrationResult;
  try {
    const files: Record<string, unknown> = {};
    const maps: IdentityMaps = {};
    for (const [option, path] of Object.entries(options)) {
      const json = await readJson(option, path);
      if (option === 'users' || option === 'teams') {
        maps[option] = readMap(option, path, json);
      } else {
        files[option] = json;
      }
    }
    try {
      result = command.run(files, maps);
    } catch (error) {
      if (!(error instanceof ExportShapeError)) throw error;
      // The mappers name the option ("schedules: ..."); add the file it came from.
      const [option] = error.message.split(':', 1);
      throw new InputError(
        options[option]
          ? `--${option} ${options[option]}${error.message.slice(
              option.length,
            )}`
          : error.message,
      );
    }
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    io.stderr(`firebreak-migrate: ${error.message}\n`);
    return EXIT.badInput;
  }
  io.stdout(renderReport(result));
  if (result.groups.length === 0 && result.routing.length === 0) {
    io.stderr(
      'firebreak-migrate: nothing could be mapped; see "Could not map" above\n',
    );
    return EXIT.nothingMapped;
  }
  return EXIT.ok;
}
