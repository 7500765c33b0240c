import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { connectOrStart, DaemonNotFoundError } from '../../src/daemon/connector';
import { DaemonStartError } from '../../src/daemon/spawn';
import { tempDir } from '../support/daemon';
import { withTimeout } from '../support/signals';

// What the user sees when the daemon cannot start comes from these errors: the reason and the daemon's last
// log lines, never a stack trace.
describe('a daemon that cannot start', () => {
  const dir = tempDir('batchai-vscode-fail-');
  const options = { pipeName: `batchai-vscode-fail-${process.pid}`, clientName: 'test', clientVersion: '0' };
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('connectOrStart_NoExecutable_DaemonNotFoundErrorListsWhereItLooked', async () => {
    const tried = ['/nowhere/batchai', '/also/not/here/batchai'];
    await assert.rejects(connectOrStart({ ...options, tried }), (e: unknown) => e instanceof DaemonNotFoundError && e.message.includes('/nowhere/batchai'));
  });

  it('connectOrStart_DaemonExitsAtStart_DaemonStartErrorWithItsLastLines', async () => {
    const fake = path.join(dir, 'batchai');
    fs.writeFileSync(fake, '#!/bin/sh\necho "batchai: the data directory /x is in use by another daemon" >&2\nexit 3\n', { mode: 0o755 });
    await assert.rejects(withTimeout(connectOrStart({ ...options, executable: fake }), 20_000, 'the start to fail'), (e: unknown) => {
      assert.ok(e instanceof DaemonStartError);
      assert.equal(e.exitCode, 3);
      assert.deepEqual(e.lastLines, ['batchai: the data directory /x is in use by another daemon']);
      return true;
    });
  });

  it('connectOrStart_ExecutableCannotRun_DaemonStartError', async () => {
    const notExecutable = path.join(dir, 'not-a-program');
    fs.writeFileSync(notExecutable, 'plain text', { mode: 0o644 });
    await assert.rejects(withTimeout(connectOrStart({ ...options, executable: notExecutable }), 20_000, 'the start to fail'), DaemonStartError);
  });
});
