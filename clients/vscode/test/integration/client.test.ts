import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BatchAiClient, BatchAiError } from '../../src/daemon/client';
import { connectOrStart, Connected } from '../../src/daemon/connector';
import { startStdioDaemon } from '../../src/daemon/spawn';
import { pipePath } from '../../src/daemon/transport';
import { ErrorCodes } from '../../src/protocol/methods';
import { JobProgress, JobRowCompleted, JobToken } from '../../src/protocol/types';
import { daemonExecutable, repoRoot, Simulator, startSimulator, stopProcess, tempDir, writeCsv } from '../support/daemon';
import { next, withTimeout } from '../support/signals';

const questions = Array.from({ length: 12 }, (_, i) => `Question number ${i + 1}: why is the sky blue?`);
const protocol = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'src', 'Protocol', 'protocol.json'), 'utf8')) as { methods: string[]; notifications: string[] };

function closed(client: BatchAiClient): Promise<void> {
  return new Promise((resolve) => (client.isClosed ? resolve() : client.onClose(() => resolve())));
}

describe('BatchAiClient against the real daemon', function () {
  let sim: Simulator;
  let work: string;

  before(async () => {
    sim = await startSimulator(['--ttft-ms', '20', '--tokens-per-second', '400']);
    work = tempDir('batchai-vscode-it-');
  });
  after(async () => {
    await sim?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  describe('over stdio', () => {
    let client: BatchAiClient;
    let child: ReturnType<typeof startStdioDaemon>['child'];

    before(async () => {
      const started = startStdioDaemon({ executable: daemonExecutable(), dataDirectory: path.join(work, 'stdio-data') });
      child = started.child;
      client = new BatchAiClient(started.connection);
    });
    after(async () => {
      client.dispose();
      await stopProcess(child);
    });

    it('initialize_ReturnsCapabilitiesOfTheSharedList', async () => {
      const info = await withTimeout(client.initialize({ clientName: 'test', protocolVersion: 1 }), 20_000, 'initialize');
      assert.equal(info.protocolVersion, 1);
      assert.equal(info.dataDirectory, path.join(work, 'stdio-data'));
      for (const method of protocol.methods) {
        assert.ok(info.capabilities.methods.includes(method), method);
      }
      assert.ok(info.capabilities.outputFormats.includes('jsonl'));
    });

    it('startJob_StreamsTokensAndProgress_WritesEveryRow', async () => {
      const input = writeCsv(work, 'stdio.csv', questions);
      const progress: JobProgress[] = [];
      const tokens: JobToken[] = [];
      const rows: JobRowCompleted[] = [];
      client.onProgress((p) => progress.push(p));
      client.onToken((t) => tokens.push(t));
      client.onRowCompleted((r) => rows.push(r));
      const completed = next(client.onStateChanged, (s) => s.state === 'completed', 30_000, 'the job to complete');
      const started = await client.startJob({ input, provider: { baseUrl: sim.baseUrl, model: 'sim' }, streamTokens: true, concurrency: 4 });
      assert.equal(started.output, path.join(work, 'stdio.answers.jsonl'));
      const done = await completed;
      assert.equal(done.jobId, started.jobId);
      assert.ok(progress.some((p) => p.jobId === started.jobId), 'progress arrived');
      assert.ok(tokens.some((t) => t.jobId === started.jobId && t.text.length > 0), 'tokens arrived');
      const lines = fs.readFileSync(started.output, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      assert.equal(lines.length, questions.length);
      assert.ok(lines.every((l) => typeof l.answer === 'string' && l.answer.length > 0));
      // Each answer names the model that wrote it, in the notification and in the output.
      assert.deepEqual(rows.filter((r) => r.jobId === started.jobId).map((r) => r.model), questions.map(() => 'sim'));
      assert.ok(lines.every((l) => l.model === 'sim'));
      const job = await client.getJob(started.jobId);
      assert.equal(job.counts.done, questions.length);
    });

    it('previewDataset_ShowsColumnsAndCleanedRows', async () => {
      const input = writeCsv(work, 'preview.csv', ['Hello，world！！！', '<p>你好,世界!</p>']);
      const preview = await client.previewDataset({ input, rows: 5 });
      assert.deepEqual(preview.columns, ['id', 'question']);
      assert.equal(preview.promptColumn, 'question');
      assert.equal(preview.rows.length, 2);
      assert.equal(preview.rows[1].cleaned, '你好，世界！');
    });

    it('getJob_UnknownJob_IsABatchAiErrorWithItsCode', async () => {
      await assert.rejects(client.getJob('nope'), (e: unknown) => e instanceof BatchAiError && e.code === ErrorCodes.JobNotFound);
    });

    it('getRows_PagesThroughTheLedger_StateFilters', async () => {
      const { jobs } = await client.listJobs();
      const jobId = jobs.find((j) => j.input.endsWith('stdio.csv'))!.jobId;
      const first = await client.getRows({ jobId, limit: 5 });
      assert.deepEqual(first.rows.map((r) => r.row), [0, 1, 2, 3, 4]);
      assert.equal(first.next, 5);
      assert.equal(first.rows[0].state, 'done');
      assert.equal(first.rows[0].prompt, questions[0]);
      assert.ok((first.rows[0].answer ?? '').length > 0);
      assert.equal(first.rows[0].model, 'sim');
      const rest = await client.getRows({ jobId, from: first.next! });
      assert.equal(rest.rows.length, questions.length - 5);
      assert.equal(rest.next ?? null, null);
      const failed = await client.getRows({ jobId, state: 'failed' });
      assert.deepEqual([failed.rows, failed.next ?? null], [[], null]);
      await assert.rejects(client.getRows({ jobId, limit: 0 }), (e: unknown) => e instanceof BatchAiError && e.code === ErrorCodes.InvalidParams && e.data?.field === 'limit');
    });

    it('exportJob_Csv_WritesTheFormatAsked', async () => {
      const { jobs } = await client.listJobs();
      const result = await client.exportJob({ jobId: jobs[0].jobId, format: 'csv' });
      assert.equal(result.format, 'csv');
      assert.equal(result.rows, questions.length);
      assert.ok(fs.existsSync(result.output));
    });
  });

  describe('over the pipe', () => {
    const pipeName = `batchai-vscode-test-${process.pid}`;
    const dataDirectory = () => path.join(work, 'pipe-data');
    const connected: Connected[] = [];
    const connect = async () => {
      const c = await withTimeout(
        connectOrStart({ pipeName, executable: daemonExecutable(), dataDirectory: dataDirectory(), clientName: 'test', clientVersion: '0' }),
        30_000,
        'connectOrStart',
      );
      connected.push(c);
      return c;
    };

    after(async () => {
      const live = connected.find((c) => !c.client.isClosed);
      if (live) {
        await live.client.shutdown().catch(() => undefined);
      }
      for (const c of connected) {
        c.client.dispose();
      }
      await withTimeout(Promise.all(connected.filter((c) => c.process).map((c) => stopProcess(c.process!))), 20_000, 'the pipe daemons to stop');
      // The daemon leaves its pipe's lock file for the next one; a test pipe has no next one.
      fs.rmSync(pipePath(pipeName) + '.lock', { force: true });
    });

    it('connectOrStart_NoDaemon_StartsOneThenSharesIt', async () => {
      const first = await connect();
      assert.equal(first.via, 'started');
      assert.equal(first.info.dataDirectory, dataDirectory());
      const second = await connect();
      assert.equal(second.via, 'pipe');
    });

    it('pauseAndResume_SecondClientSeesProgressAndTokens', async () => {
      const [a, b] = connected.slice(-2).map((c) => c.client);
      const input = writeCsv(work, 'pipe.csv', Array.from({ length: 40 }, (_, i) => `Pipe question ${i}`));
      const running = next(b.onProgress, (p) => p.state === 'running', 20_000, 'progress on the other client');
      const started = await a.startJob({ input, provider: { baseUrl: sim.baseUrl, model: 'sim' }, concurrency: 1 });
      await b.subscribeTokens(started.jobId);
      const token = next(b.onToken, (t) => t.jobId === started.jobId, 20_000, 'a token on the subscribed client');
      await running;
      await token;
      const paused = await a.pauseJob(started.jobId);
      assert.equal(paused.state, 'paused');
      const completed = next(b.onStateChanged, (s) => s.jobId === started.jobId && s.state === 'completed', 60_000, 'completion after resume');
      const resumed = await a.resumeJob({ jobId: started.jobId });
      assert.ok(['running', 'queued', 'completed'].includes(resumed.state), resumed.state);
      await completed;
      const job = await b.getJob(started.jobId);
      assert.equal(job.counts.done, 40);
    });

    it('daemonRestart_ConnectOrStart_StartsAnotherThatKnowsTheJobs', async () => {
      const live = connected.slice(-2);
      const gone = Promise.all(live.map((c) => closed(c.client)));
      const exited = new Promise<void>((resolve) => connected[0].process!.once('exit', () => resolve()));
      await live[0].client.shutdown();
      await withTimeout(gone, 20_000, 'both connections to close');
      await withTimeout(exited, 20_000, 'the daemon to exit');
      const again = await connect();
      assert.equal(again.via, 'started');
      const { jobs } = await again.client.listJobs();
      assert.ok(jobs.some((j) => j.input.endsWith('pipe.csv') && j.state === 'completed'));
    });

    it('connectOrStart_PipeDaemonKeepsAnotherDataDirectory_UsesAPrivateStdioDaemon', async () => {
      const other = await withTimeout(
        connectOrStart({ pipeName, executable: daemonExecutable(), dataDirectory: path.join(work, 'other-data'), clientName: 'test', clientVersion: '0' }),
        30_000,
        'connectOrStart with another data directory',
      );
      try {
        assert.equal(other.via, 'stdio');
        assert.equal(other.info.dataDirectory, path.join(work, 'other-data'));
      } finally {
        other.client.dispose();
        await stopProcess(other.process!);
      }
    });
  });
});
