/**
 * The `firebreak-migrate` command: imports Opsgenie and Grafana OnCall exports.
 *
 * @packageDocumentation
 */

import { main } from './cli';

main(process.argv.slice(2)).then(
  code => {
    process.exitCode = code;
  },
  error => {
    process.stderr.write(`firebreak-migrate: ${error?.stack ?? error}\n`);
    process.exitCode = 1;
  },
);
