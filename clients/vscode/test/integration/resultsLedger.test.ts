import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BatchAiClient } from '../../src/daemon/client';
import { ResultsLedger } from '../../src/features/resultsLedger';
import { ResultsModel } from '../../src/features/resultsModel';
import { Simulator, startSimulator, startStdioClient, StdioDaemon, tempDir } from '../support/daemon';
import { next, withTimeout } from '../support/signals';

const articles = [
  ['Daemons', 'What keeps a daemon running after its terminal closes?'],
  ['Pipes', 'How does a named pipe differ from a socket?'],
  ['Ledgers', 'Why checkpoint every row before the answer is written?'],
  ['Retries', 'When should a failed request be sent again?'],
  ['Budgets', 'What happens to a job that spends its budget?'],
];

describe('ResultsLedger against the real daemon', function () {
  let sim: Simulator;
  let work: string;
  let daemon: StdioDaemon;
  let client: BatchAiClient;

  before(async () => {
    // Slow enough that rows are still pending when the view opens, as when Start Job opens it.
    sim = await startSimulator(['--ttft-ms', '100', '--tokens-per-second', '400']);
    work = tempDir('batchai-vscode-ledger-');
    daemon = await startStdioClient(path.join(work, 'data'));
    client = daemon.client;
  });
  after(async () => {
    await daemon?.stop();
    await sim?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('want_TemplateJobOpenedAsItStarts_EveryRowShowsItsPromptAsSent', async () => {
    const input = path.join(work, 'articles.csv');
    fs.writeFileSync(input, ['title,body', ...articles.map(([t, b]) => `${t},"${b}"`)].join('\n') + '\n');
    const template = '{{title}}: {{body}}';
    // What the view showed before: a preview of the input knows the detected column, not the template.
    const preview = await client.previewDataset({ input, rows: 1 });
    assert.equal(preview.rows[0].cleaned, 'Daemons');

    const model = new ResultsModel();
    let jobId = '';
    const results = { ledger: undefined as ResultsLedger | undefined };
    const early: number[] = [];
    const arrived = (row: number) => (results.ledger ? results.ledger.want(row) : early.push(row));
    client.onToken((t) => t.jobId === jobId && (model.applyToken(t), arrived(t.row)));
    client.onRowCompleted((r) => r.jobId === jobId && (model.applyRowCompleted(r), arrived(r.row)));
    const completed = next(client.onStateChanged, (s) => s.jobId === jobId && s.state === 'completed', 30_000, 'the job to complete');
    const started = await client.startJob({ input, template, format: 'csv', concurrency: 1, streamTokens: true, provider: { baseUrl: sim.baseUrl, model: 'sim' } });
    jobId = started.jobId;
    results.ledger = new ResultsLedger(jobId, model, async () => client);
    assert.equal(await results.ledger.readFinished(), true);
    early.forEach((row) => results.ledger!.want(row));
    await completed;
    await withTimeout(results.ledger.idle(), 20_000, 'the prompts to be read');

    assert.deepEqual(
      model.all().map((r) => [r.row, r.status, r.question]),
      articles.map(([t, b], i) => [i, 'done', `${t}: ${b}`]),
    );
  });
});
