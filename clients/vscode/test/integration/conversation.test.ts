import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { imageColumnCandidates } from '../../src/features/imageColumns';
import { ResultsLedger } from '../../src/features/resultsLedger';
import { ResultsModel } from '../../src/features/resultsModel';
import { isInside, viewTurns } from '../../src/features/turnView';
import { Simulator, startSimulator, startStdioClient, StdioDaemon, tempDir } from '../support/daemon';
import { next } from '../support/signals';

/** A 1x1 PNG: the daemon reads a local image when its row is sent and checks its first bytes. */
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('conversation and image rows against the real daemon', function () {
  let sim: Simulator;
  let work: string;
  let daemon: StdioDaemon;

  before(async () => {
    sim = await startSimulator(['--ttft-ms', '5', '--tokens-per-second', '2000']);
    work = tempDir('batchai-vscode-chat-');
    daemon = await startStdioClient(path.join(work, 'data'));
  });
  after(async () => {
    await daemon?.stop();
    await sim?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('getRows_ConversationJob_ResultsModelShowsTurnsAndTheImageFromTheDatasetsFolder', async () => {
    const client = daemon.client;
    fs.mkdirSync(path.join(work, 'imgs'));
    fs.writeFileSync(path.join(work, 'imgs', 'dot.png'), png);
    const input = path.join(work, 'chats.jsonl');
    const lines = [
      {
        messages: [
          { role: 'system', content: 'Answer in one word.' },
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello' },
          { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'imgs/dot.png' } }] },
        ],
      },
      { messages: [{ role: 'user', content: 'Is a <b>single</b> turn a conversation?' }] },
    ];
    fs.writeFileSync(input, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');

    // The start flow's preview: the rows as they will be sent, and no image column to offer (the images are in the messages).
    const preview = await client.previewDataset({ input, rows: 2 });
    assert.deepEqual(preview.rows[0].messages?.map((m) => [m.role, m.text, m.images ?? []]), [
      ['system', 'Answer in one word.', []],
      ['user', 'Hi', []],
      ['assistant', 'Hello', []],
      ['user', 'What is this?', ['imgs/dot.png']],
    ]);
    assert.deepEqual(preview.rows[1].messages?.map((m) => m.text), ['Is a single turn a conversation?']); // cleaned
    assert.deepEqual(imageColumnCandidates(preview), []);

    let jobId = '';
    const completed = next(daemon.client.onStateChanged, (s) => s.jobId === jobId && s.state === 'completed', 30_000, 'the conversation job to complete');
    const started = await client.startJob({ input, format: 'openai-chat', concurrency: 2, provider: { baseUrl: sim.baseUrl, model: 'sim' } });
    jobId = started.jobId;
    await completed;

    // The view opened on the finished job: the rows from the ledger, each prompt the conversation's JSON.
    const model = new ResultsModel(2000, path.dirname(input));
    assert.equal(await new ResultsLedger(jobId, model, async () => client).readFinished(), true);
    const [chat, single] = model.all();
    assert.equal(chat.status, 'done', chat.error);
    assert.ok(chat.answer.length > 0);
    assert.equal(chat.question, 'What is this?');
    assert.deepEqual(chat.turns?.map((t) => [t.role, t.text]), [['system', 'Answer in one word.'], ['user', 'Hi'], ['assistant', 'Hello'], ['user', 'What is this?']]);
    assert.deepEqual(chat.turns?.[3].images, [{ kind: 'local', reference: 'imgs/dot.png', path: path.join(work, 'imgs', 'dot.png') }]);
    assert.deepEqual(single.turns?.map((t) => [t.role, t.text]), [['user', 'Is a single turn a conversation?']]);

    // What the webview gets: the image as a URI under its roots, no bytes.
    const shown = viewTurns(chat.turns!, (p) => (isInside(p, [work]) ? `webview:${path.relative(work, p)}` : undefined), { notShown: (r) => r, inline: (t) => t });
    assert.deepEqual(shown[3].images, [{ src: `webview:${path.join('imgs', 'dot.png')}`, label: 'imgs/dot.png' }]);

    // The export the job wrote: the conversation and the answer as its last turn, the image still by reference.
    const exported = fs.readFileSync(started.output, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { messages: { role: string; content: unknown }[] });
    assert.equal(exported.length, 2);
    assert.deepEqual(exported[0].messages.map((m) => m.role), ['system', 'user', 'assistant', 'user', 'assistant']);
    assert.equal(exported[0].messages[4].content, chat.answer);
    assert.ok(!JSON.stringify(exported).includes('base64'));
  });
});
