import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { daemonCandidates, expandPath, findDaemon } from '../../src/daemon/locate';
import { defaultPipeName, isNoDaemon, pipePath } from '../../src/daemon/transport';

describe('daemon location', () => {
  it('defaultPipeName_UnsafeCharacters_Underscored', () => {
    assert.equal(defaultPipeName('ann.lee'), 'batchai-ann.lee');
    assert.equal(defaultPipeName('DOMAIN\\ann lee'), 'batchai-DOMAIN_ann_lee');
  });

  it('pipePath_FollowsTmpdirLikeDotnet', () => {
    assert.equal(pipePath('batchai-ann', {}, 'linux'), '/tmp/CoreFxPipe_batchai-ann');
    assert.equal(pipePath('batchai-ann', { TMPDIR: '/var/folders/x/T/' }, 'darwin'), '/var/folders/x/T/CoreFxPipe_batchai-ann');
    assert.equal(pipePath('batchai-ann', {}, 'win32'), '\\\\.\\pipe\\batchai-ann');
  });

  it('isNoDaemon_RefusedOrMissingSocket', () => {
    assert.equal(isNoDaemon(Object.assign(new Error(), { code: 'ECONNREFUSED' })), true);
    assert.equal(isNoDaemon(Object.assign(new Error(), { code: 'ENOENT' })), true);
    assert.equal(isNoDaemon(Object.assign(new Error(), { code: 'EACCES' })), false);
  });

  it('daemonCandidates_SettingWins_ElseDevBuildThenPath', () => {
    assert.deepEqual(daemonCandidates('/opt/batchai', '/repo/clients/vscode', {}), ['/opt/batchai']);
    const c = daemonCandidates('', '/repo/clients/vscode', { PATH: '/usr/bin' });
    assert.equal(c[0], '/repo/src/Daemon/bin/Release/net10.0/batchai');
    assert.equal(c[1], '/repo/src/Daemon/bin/Debug/net10.0/batchai');
    assert.equal(c[2], '/usr/bin/batchai');
  });

  it('expandPath_HomeAndEnv', () => {
    assert.equal(expandPath('~/x'), path.join(os.homedir(), 'x'));
    assert.equal(expandPath('${env:FOO}/y', { FOO: '/f' }), '/f/y');
  });

  it('findDaemon_NotExecutable_Skipped', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batchai-locate-'));
    const file = path.join(dir, 'batchai');
    fs.writeFileSync(file, '');
    fs.chmodSync(file, 0o644);
    assert.equal(findDaemon(file, dir).path, undefined);
    fs.chmodSync(file, 0o755);
    assert.equal(findDaemon(file, dir).path, file);
    fs.rmSync(dir, { recursive: true });
  });
});
