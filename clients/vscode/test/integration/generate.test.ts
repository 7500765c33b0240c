import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BatchAiClient } from '../../src/daemon/client';
import { JobQuestionAccepted } from '../../src/protocol/types';
import { Simulator, startSimulator, startStdioClient, StdioDaemon, tempDir } from '../support/daemon';
import { next } from '../support/signals';

describe('generateQuestions against the real daemon', function () {
  let sim: Simulator;
  let work: string;
  let daemon: StdioDaemon;
  let client: BatchAiClient;

  before(async () => {
    work = tempDir('batchai-vscode-gen-');
    daemon = await startStdioClient(path.join(work, 'data'));
    client = daemon.client;
    sim = await startSimulator(['--ttft-ms', '10', '--tokens-per-second', '0']);
  });
  after(async () => {
    await daemon?.stop();
    await sim?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('generateQuestions_ThenStartJobOnItsOutput_AnswersEveryQuestion', async () => {
    const accepted: JobQuestionAccepted[] = [];
    client.onQuestionAccepted((q) => accepted.push(q));
    const output = path.join(work, 'generated.csv');
    const provider = { baseUrl: sim.baseUrl, model: 'sim' };
    const generated = next(client.onStateChanged, (s) => s.state === 'completed' || s.state === 'failed', 60_000, 'generation to finish');
    const started = await client.generateQuestions({ seedPrompt: 'Questions a beginner asks about baking bread', count: 5, provider, output });
    assert.equal(started.output, output);
    assert.equal((await generated).state, 'completed');
    const job = await client.getJob(started.jobId);
    assert.equal(job.kind, 'generate');
    assert.equal(job.counts.done, accepted.filter((q) => q.jobId === started.jobId).length);

    const answered = next(client.onStateChanged, (s) => s.state === 'completed', 60_000, 'the answering job to complete');
    const answering = await client.startJob({ input: output, column: 'question', provider });
    await answered;
    const done = await client.getJob(answering.jobId);
    assert.equal(done.counts.done, job.counts.done);
  });
});
