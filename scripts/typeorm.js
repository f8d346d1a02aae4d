#!/usr/bin/env node
// npm run migration:generate -- <Name> | migration:run | migration:revert
// Builds the app (so the CLI loads the compiled entities and migrations), then runs the TypeORM CLI
// with the project's DataSource (DATABASE_URL, or the embedded database in DATA_DIR).
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const [command, ...rest] = process.argv.slice(2).filter((arg) => arg !== '--');
const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });

const build = run([join(root, 'node_modules/@nestjs/cli/bin/nest.js'), 'build', 'api']);
if (build.status !== 0) process.exit(build.status ?? 1);

const args = [command];
if (command === 'migration:generate') {
  const name = rest.shift();
  if (!name || name.startsWith('-')) {
    process.stderr.write('usage: npm run migration:generate -- <Name> [--check]\n');
    process.exit(2);
  }
  args.push(`migrations/${name}`);
}
const cli = run([
  join(root, 'node_modules/typeorm/cli.js'),
  ...args,
  '-d',
  'dist/apps/api/src/database/data-source.js',
  ...rest,
]);
process.exit(cli.status ?? 1);
