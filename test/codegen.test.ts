import { spawnSync } from 'node:child_process';

test('the committed resolver types match the SDL (run `npm run codegen` when this fails)', () => {
  const run = spawnSync('node_modules/.bin/graphql-codegen', ['--config', 'codegen.yml', '--check'], { encoding: 'utf8' });
  expect({ status: run.status, stale: /stale files/.test(run.stdout + run.stderr) }).toEqual({ status: 0, stale: false });
});
