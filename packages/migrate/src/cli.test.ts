import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkReport } from './__testUtils__/catalogCheck';
import { EXIT, main } from './cli';

const opsgenie = path.join(__dirname, '__fixtures__', 'opsgenie');
const grafana = path.join(__dirname, '__fixtures__', 'grafana-oncall');
const bin = path.join(__dirname, '..', 'bin', 'firebreak-migrate');

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: text => {
      stdout += text;
    },
    stderr: text => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

let tmp: string;
const write = (name: string, text: string) => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
};

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-migrate-'));
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('firebreak-migrate opsgenie', () => {
  it('prints snippets the catalog accepts, the hints and the report', async () => {
    const { code, stdout, stderr } = await run(
      'opsgenie',
      '--schedules',
      path.join(opsgenie, 'schedules.json'),
      '--escalations',
      path.join(opsgenie, 'escalations.json'),
      `--integrations=${path.join(opsgenie, 'integrations.json')}`,
      '--users',
      path.join(opsgenie, 'users-map.json'),
    );
    expect({ code, stderr }).toEqual({ code: EXIT.ok, stderr: '' });
    expect(stdout).toContain(
      [
        '    firebreak.dev/oncall: |',
        '      rotation: [user:alice, user:bob, user:carol]',
        '      start: 2026-01-05T09:00:00+01:00',
        '      shift: P7D',
        '      escalation: [group:payments-leads, user:dana]',
        '      timezone: Europe/Berlin',
      ].join('\n'),
    );
    expect(stdout).toContain('## Could not map (28)');
    const checked = await checkReport(stdout);
    expect(checked).toHaveLength(5);
    expect(checked.flatMap(c => c.errors)).toEqual([]);
  });

  it('reads a --teams map', async () => {
    const teams = write(
      'teams.json',
      JSON.stringify({ 'Platform Team': 'group:platform' }),
    );
    const { code, stdout } = await run(
      'opsgenie',
      '--schedules',
      path.join(opsgenie, 'schedules.json'),
      '--teams',
      teams,
    );
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain('## group:platform\n');
    expect(stdout).not.toContain('group:platform-team');
  });
});

describe('firebreak-migrate grafana-oncall', () => {
  it('prints snippets the catalog accepts, the hints and the report', async () => {
    const { code, stdout, stderr } = await run(
      'grafana-oncall',
      '--schedules',
      path.join(grafana, 'schedules.json'),
      '--shifts',
      path.join(grafana, 'on_call_shifts.json'),
      '--escalation-chains',
      path.join(grafana, 'escalation_chains.json'),
      '--escalation-policies',
      path.join(grafana, 'escalation_policies.json'),
      '--integrations',
      path.join(grafana, 'integrations.json'),
      '--user-list',
      path.join(grafana, 'users.json'),
      '--teams',
      path.join(grafana, 'teams-map.json'),
    );
    expect({ code, stderr }).toEqual({ code: EXIT.ok, stderr: '' });
    expect(stdout).toContain(
      [
        '    firebreak.dev/oncall: |',
        '      rotation: [user:alice, user:bob, user:dan]',
        '      start: 2026-01-05T09:00:00',
        '      shift: P7D',
        '      escalation: [user:erin, group:checkout-leads]',
        '      timezone: Europe/Berlin',
      ].join('\n'),
    );
    expect(stdout).toContain(
      'instead of `https://oncall.example.com/integrations/v1/alertmanager/mReAoNwDm0eMwKo1mTeTwYo/`',
    );
    const checked = await checkReport(stdout);
    expect(checked).toHaveLength(5);
    expect(checked.flatMap(c => c.errors)).toEqual([]);
  });

  it('exits 3 with the report when nothing could be mapped', async () => {
    const { code, stdout, stderr } = await run(
      'grafana-oncall',
      '--schedules',
      path.join(grafana, 'schedules.json'),
      '--shifts',
      path.join(grafana, 'on_call_shifts.json'),
    );
    expect(code).toBe(EXIT.nothingMapped);
    expect(stdout).toContain('0 group(s) mapped');
    expect(stdout).toContain('Grafana OnCall user UC2CHRT5SD34X');
    expect(stderr).toBe(
      'firebreak-migrate: nothing could be mapped; see "Could not map" above\n',
    );
  });
});

describe('firebreak-migrate: bad input', () => {
  it('names a missing file', async () => {
    const missing = path.join(tmp, 'nope.json');
    expect(await run('opsgenie', '--schedules', missing)).toEqual({
      code: EXIT.badInput,
      stdout: '',
      stderr: `firebreak-migrate: cannot read --schedules ${missing}: no such file\n`,
    });
  });

  it('names a file that is not JSON', async () => {
    const file = write('schedules.txt', 'id,name\n1,Payments\n');
    const { code, stdout, stderr } = await run('opsgenie', '--schedules', file);
    expect({ code, stdout }).toEqual({ code: EXIT.badInput, stdout: '' });
    expect(stderr).toMatch(
      new RegExp(
        `^firebreak-migrate: --schedules ${file.replace(
          /[.*+?^${}()|[\]\\]/g,
          '\\$&',
        )} is not JSON: `,
      ),
    );
  });

  it('names the expected answer for a file of the wrong shape', async () => {
    // A Grafana OnCall answer given to the Opsgenie importer.
    const file = path.join(grafana, 'schedules.json');
    expect(await run('opsgenie', '--schedules', file)).toEqual({
      code: EXIT.badInput,
      stdout: '',
      stderr: `firebreak-migrate: --schedules ${file}: expected the answer of GET /v2/schedules?expand=rotation (an object with a 'data' list), got an object with count, next, previous, results, current_page_number\n`,
    });
    const shifts = write('shifts.json', '{"results": {"id": 1}}');
    const { code, stderr } = await run(
      'grafana-oncall',
      '--schedules',
      file,
      '--shifts',
      shifts,
    );
    expect(code).toBe(EXIT.badInput);
    expect(stderr).toBe(
      `firebreak-migrate: --shifts ${shifts}: expected the answer of GET /api/v1/on_call_shifts/ (an object with a 'results' list), got an object with id\n`,
    );
  });

  it('rejects a users map whose values are not entity refs', async () => {
    const users = write('users.json', '{"alice@example.com": "Alice Smith"}');
    const { code, stderr } = await run(
      'opsgenie',
      '--schedules',
      path.join(opsgenie, 'schedules.json'),
      '--users',
      users,
    );
    expect(code).toBe(EXIT.badInput);
    expect(stderr).toContain(
      `--users ${users}: "alice@example.com" maps to "Alice Smith", which is not an entity ref such as user:name`,
    );
  });

  it.each([
    [[], /no command given|Usage:/],
    [['pagerduty'], /unknown command 'pagerduty'/],
    [['opsgenie'], /opsgenie needs --schedules <file>/],
    [['grafana-oncall', '--schedules', 'x'], /needs --shifts <file>/],
    [
      ['opsgenie', '--schedules', 'x', '--shifts', 'y'],
      /unknown option '--shifts'/,
    ],
    [['opsgenie', '--schedules'], /--schedules needs a file/],
    [
      [
        'grafana-oncall',
        '--schedules',
        'x',
        '--shifts',
        'y',
        '--escalation-chains',
        'z',
      ],
      /--escalation-chains and --escalation-policies go together/,
    ],
  ])('usage error for %j', async (argv, message) => {
    const { code, stdout, stderr } = await run(...argv);
    expect({ code, stdout }).toEqual({ code: EXIT.usage, stdout: '' });
    expect(stderr).toMatch(message);
    expect(stderr).toContain('Usage:');
  });

  it('prints the usage on --help', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(EXIT.ok);
    expect(stdout).toMatch(
      /^Usage:\n {2}firebreak-migrate opsgenie --schedules <file>/,
    );
  });
});

describe('the bin script', () => {
  const node = (...args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], {
      encoding: 'utf8',
      timeout: 120_000,
    });

  it('runs the importer with node and exits with its code', () => {
    const ok = node(
      'opsgenie',
      '--schedules',
      path.join(opsgenie, 'schedules.json'),
    );
    expect({ status: ok.status, stderr: ok.stderr }).toEqual({
      status: 0,
      stderr: '',
    });
    expect(ok.stdout).toContain('## group:payments\n');
    expect(ok.stdout).toContain('    firebreak.dev/oncall: |\n');

    const bad = node('opsgenie', '--schedules', path.join(tmp, 'nope.json'));
    expect(bad.status).toBe(EXIT.badInput);
    expect(bad.stderr).toContain('cannot read --schedules');
  });
});
