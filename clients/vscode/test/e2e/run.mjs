// End to end in a real VS Code: code-server 4.100.3 (VS Code 1.100.3) driven by playwright-core in Debian's
// chromium. Installs the built .vsix into a throw-away code-server, opens a workspace with a sample CSV whose
// settings point at the built daemon and at a simulator this script starts, runs "BatchAI: Start Job" from the
// palette, pauses and resumes the job from the Jobs view, and checks that every row is answered on disk and
// that the output is open beside the dataset. Then "BatchAI: Generate Questions" writes a set of 12 questions and
// answers it (both checked on disk); the daemon restarts under the extension, a script starts a job with a template
// and a CSV output there, and its results, opened from the Jobs view once it completed, are read from the ledger:
// the webview's table is checked row by row against the CSV. A conversation job the script starts too (a JSONL of
// OpenAI messages, one with a local image) shows its rows as turns, the image a thumbnail the webview loaded. Every wait
// is on a condition under a deadline, never a fixed sleep.
//
// Usage: node test/e2e/run.mjs  (after `npm run package`; BATCHAI_DAEMON overrides the daemon path)
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const extensionRoot = path.resolve(here, '..', '..');
const repo = path.resolve(extensionRoot, '..', '..');
const outputDir = path.join(extensionRoot, '.test-output');
const vsix = path.join(extensionRoot, 'batchai.vsix');
const started = Date.now();
const rows = 16;
const generated = 12;
// A script's job: its prompt is a template over two columns, so the prompt sent differs from either column.
const articles = [
  ['Daemons', 'What keeps a daemon running after its terminal closes?'],
  ['Pipes', 'How does a named pipe differ from a socket?'],
  ['Ledgers', 'Why checkpoint every row before the answer is written?'],
  ['Retries', 'When should a failed request be sent again?'],
];
// A script's conversation job: the second row's last user turn carries a local image, shown as a thumbnail.
const chats = [
  { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }, { role: 'user', content: 'Why run a daemon?' }] },
  { messages: [{ role: 'user', content: [{ type: 'text', text: 'What is in this picture?' }, { type: 'image_url', image_url: { url: 'imgs/dot.png' } }] }] },
];
// A 4x4 PNG, red.
const dotPng = 'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGM4o6QERwzEcQDE4xEBYJBBnwAAAABJRU5ErkJggg==';
const children = [];
// The extension's own typed client (compiled by `npm run compile-tests`) plays "a script" that uses the same daemon.
const require = createRequire(import.meta.url);
const compiledConnector = path.join(extensionRoot, 'out', 'src', 'daemon', 'connector.js');

function log(message) {
  console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
}

function daemonExecutable() {
  if (process.env.BATCHAI_DAEMON) return process.env.BATCHAI_DAEMON;
  const candidates = ['Debug', 'Release']
    .map((c) => path.join(repo, 'src', 'Daemon', 'bin', c, 'net10.0', 'batchai'))
    .filter((c) => fs.existsSync(c))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (!candidates[0]) throw new Error('No daemon build: run `dotnet build src/Daemon` first.');
  return candidates[0];
}

/** Resolves with the first line of a child's stream that matches, rejects if it exits first or time runs out. */
function waitForLine(child, stream, pattern, ms, what) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms);
    createInterface({ input: stream }).on('line', (line) => {
      if (process.env.E2E_VERBOSE) console.log(`  | ${line}`);
      const m = line.match(pattern);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what}: the process exited (${code}) first`));
    });
  });
}

/** Polls a condition (reading a file, the DOM) until it holds; used for state that has no event to await. */
async function until(condition, ms, what, intervalMs = 250) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Asks the daemon on the pipe to shut down (it was started detached by the extension, so it outlives code-server). */
function shutdownDaemon(socketPath) {
  return new Promise((resolve) => {
    if (!fs.existsSync(socketPath)) return resolve();
    const socket = net.createConnection(socketPath);
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'shutdown' });
    socket.on('connect', () => socket.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`));
    socket.on('data', () => {
      socket.end();
      resolve();
    });
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
    setTimeout(() => socket.destroy(), 15_000).unref();
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

// A write racing a closing socket can reject inside the JSON-RPC library; the run must still clean up and report.
process.on('unhandledRejection', (e) => log(`unhandled rejection: ${e?.message ?? e}`));

async function main() {
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\` first.`);
  if (!fs.existsSync(compiledConnector)) throw new Error(`${compiledConnector} is missing: run \`npm run compile-tests\` first.`);
  fs.mkdirSync(outputDir, { recursive: true });
  log('checking chromium and code-server (installing what is missing)');
  const codeServer = execFileSync('bash', [path.join(extensionRoot, 'scripts', 'e2e-setup.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop();

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'batchai-e2e-'));
  const dirs = Object.fromEntries(['user-data', 'extensions', 'xdg-config', 'xdg-data', 'xdg-cache', 'chrome', 'workspace', 'ledger'].map((d) => [d, path.join(root, d)]));
  Object.values(dirs).forEach((d) => fs.mkdirSync(d, { recursive: true }));
  const pipeName = `batchai-e2e-${process.pid}`;
  const socketPath = path.join(process.env.TMPDIR || '/tmp', `CoreFxPipe_${pipeName}`);
  const exe = daemonExecutable();

  try {
    // The simulator streams slowly enough (two rows at a time) that the job is still running when it is paused.
    const sim = spawn(exe, ['sim', '--port', '0', '--ttft-ms', '200', '--tokens-per-second', '40'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(sim);
    const [baseUrl] = await waitForLine(sim, sim.stdout, /^http\S+/, 30_000, 'the simulator URL');
    log(`simulator at ${baseUrl}`);

    const dataset = path.join(dirs.workspace, 'questions.csv');
    fs.writeFileSync(dataset, ['id,question', ...Array.from({ length: rows }, (_, i) => `${i + 1},"Question ${i + 1}: why is the sky blue at hour ${i}?"`)].join('\n') + '\n');
    fs.mkdirSync(path.join(dirs.workspace, '.vscode'));
    fs.writeFileSync(
      path.join(dirs.workspace, '.vscode', 'settings.json'),
      JSON.stringify(
        {
          'batchai.daemonPath': exe,
          'batchai.dataDirectory': dirs.ledger,
          'batchai.pipeName': pipeName,
          'batchai.profiles': [{ name: 'simulator', baseUrl, model: 'sim' }],
          'batchai.defaultProfile': 'simulator',
          'batchai.concurrency': 2,
          'workbench.startupEditor': 'none',
          'workbench.tips.enabled': false,
          'extensions.ignoreRecommendations': true,
          'telemetry.telemetryLevel': 'off',
        },
        null,
        2,
      ),
    );

    const env = { ...process.env, XDG_CONFIG_HOME: dirs['xdg-config'], XDG_DATA_HOME: dirs['xdg-data'], XDG_CACHE_HOME: dirs['xdg-cache'] };
    const common = ['--user-data-dir', dirs['user-data'], '--extensions-dir', dirs.extensions];
    log('installing the .vsix');
    execFileSync(codeServer, [...common, '--install-extension', vsix], { env, stdio: ['ignore', 'pipe', 'pipe'] });

    const port = await freePort();
    const server = spawn(
      codeServer,
      [...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', dirs.workspace],
      { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    children.push(server);
    await waitForLine(server, server.stdout, /HTTP server listening/, 60_000, 'code-server to listen');
    log(`code-server on port ${port}`);

    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      page.setDefaultTimeout(30_000);
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.workspace)}`);
      await page.waitForSelector('.monaco-workbench .statusbar', { timeout: 90_000 });
      log('workbench ready');

      // Open the dataset from the Explorer, so the results open beside it.
      const fileRow = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'questions.csv' });
      await fileRow.waitFor({ timeout: 60_000 });
      await fileRow.dblclick();
      await page.locator('.tabs-container .tab', { hasText: 'questions.csv' }).waitFor();

      await runCommand(page, 'BatchAI: Start Job');
      const step = async (n, rowText) => {
        await page.locator('.quick-input-widget .quick-input-title', { hasText: `(${n}/6)` }).waitFor({ timeout: 60_000 });
        if (rowText) {
          await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: rowText }).first().waitFor();
        }
        await page.keyboard.press('Enter');
        log(`start step ${n} answered`);
      };
      await step(1, 'question'); // the detected question column, listed first
      await step(2, 'simulator');
      await step(3); // system prompt: empty
      await step(4); // temperature: the model's default
      await step(5, 'Free-text answers'); // no JSON Schema
      // "More options…" and back with every option kept (Enter): the Start step comes again, its estimate made again.
      const title = (text) => page.locator('.quick-input-widget .quick-input-title', { hasText: text });
      const listRow = (text) => page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: text }).first();
      await title('(6/6)').waitFor({ timeout: 60_000 });
      await listRow(`Start: ${rows} rows`).waitFor();
      await listRow('More options').click();
      for (const [suffix, rowText] of [['· Mode', 'Online'], ['· Answers per row'], ['· Models per row'], ['· Judge', 'No judge']]) {
        await title(suffix).waitFor();
        if (rowText) {
          await listRow(rowText).waitFor();
        }
        await page.keyboard.press('Enter');
        log(`more options: "${suffix}" kept`);
      }
      await step(6, `Start: ${rows} rows`);

      // The Jobs view: pause, then resume, from the item's inline actions.
      await page.locator('.activitybar .action-item a[aria-label^="BatchAI"]').click();
      const jobRows = page.locator('[id="workbench.view.extension.batchai"] .monaco-list-row', { hasText: 'questions.csv' });
      const jobRow = jobRows.first();
      // Playwright's locators wait for their text themselves: no polling here.
      await jobRows.filter({ hasText: 'running' }).waitFor({ timeout: 30_000 });
      await jobRow.hover();
      await jobRow.locator('.action-label[aria-label="Pause"]').click();
      await jobRows.filter({ hasText: 'paused' }).waitFor({ timeout: 30_000 });
      const pausedText = (await jobRow.innerText()).replace(/\s+/g, ' ');
      const answeredWhenPaused = Number((pausedText.match(/(\d+)\/\d+/) ?? [])[1] ?? rows);
      log(`paused from the Jobs view (${pausedText})`);
      await jobRow.hover();
      await jobRow.locator('.action-label[aria-label="Resume"]').click();
      await jobRows.filter({ hasText: 'completed' }).waitFor({ timeout: 120_000 });
      log(`resumed and completed (${(await jobRow.innerText()).replace(/\s+/g, ' ')})`);

      // Every row answered, on disk...
      const output = path.join(dirs.workspace, 'questions.answers.jsonl');
      const records = await until(() => {
        const r = readRecords(output);
        return r.length === rows ? r : undefined;
      }, 30_000, `${rows} records in ${output}`);
      const unanswered = records.filter((r) => typeof r.answer !== 'string' || r.answer.length === 0 || r.error);
      if (unanswered.length > 0) throw new Error(`rows without an answer: ${unanswered.map((r) => r.index).join(', ')}`);
      if (answeredWhenPaused >= rows) throw new Error('the job had finished before it was paused; the pause proved nothing');

      // ...and open beside the dataset: in another editor group than questions.csv.
      const outputTab = page.locator('.tabs-container .tab', { hasText: 'questions.answers.jsonl' });
      await outputTab.waitFor({ timeout: 30_000 });
      const groups = page.locator('.editor-group-container');
      const groupOf = async (name) => {
        const count = await groups.count();
        for (let i = 0; i < count; i++) {
          if ((await groups.nth(i).locator('.tabs-container .tab', { hasText: name }).count()) > 0) return i;
        }
        return -1;
      };
      const datasetGroup = await groupOf('questions.csv');
      const outputGroup = await groupOf('questions.answers.jsonl');
      if (datasetGroup < 0 || outputGroup < 0 || datasetGroup === outputGroup) {
        throw new Error(`expected the output beside the dataset, found groups dataset=${datasetGroup} output=${outputGroup}`);
      }
      await page.locator('.tabs-container .tab', { hasText: 'Results: questions.csv' }).waitFor();
      await page.screenshot({ path: path.join(outputDir, 'e2e-final.png') });

      // Generate Questions from the palette: seed, count, profile, where (the default), then answer them.
      await runCommand(page, 'BatchAI: Generate Questions');
      const quickInput = page.locator('.quick-input-widget .quick-input-box input');
      const ask = async (title, { value, rowText } = {}) => {
        await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ timeout: 30_000 });
        if (value !== undefined) await quickInput.fill(value);
        if (rowText) await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: rowText }).first().waitFor();
        await page.keyboard.press('Enter');
        log(`generate: "${title}" answered${value === undefined ? '' : ` (${value})`}`);
      };
      await ask('Generate Questions (1/5)', { value: 'Questions an operator asks about running a database in production' });
      await ask('Generate Questions (2/5)', { value: String(generated) });
      await ask('Generate Questions (3/5)', { rowText: 'simulator' });
      await ask('Generate Questions (4/5)'); // the default: generated-questions.csv in the workspace
      await ask('Generate Questions (5/5)', { rowText: 'Generate, then answer them' });
      await ask('System prompt for the answers'); // empty: none
      const jobsView = page.locator('[id="workbench.view.extension.batchai"] .monaco-list-row');
      await jobsView.filter({ hasText: 'Generate: generated-questions.csv' }).filter({ hasText: 'completed' }).waitFor({ timeout: 60_000 });
      log('the question set is generated');
      await jobsView.filter({ hasText: 'generated-questions.csv', hasNotText: 'Generate:' }).filter({ hasText: 'completed' }).waitFor({ timeout: 60_000 });
      log('the question set is answered');
      const setFile = path.join(dirs.workspace, 'generated-questions.csv');
      const [setHeader, ...setRows] = readCsv(setFile);
      const questions = setRows.map((r) => r[0]);
      if (setHeader.join() !== 'question' || questions.length !== generated || new Set(questions).size !== generated || questions.some((q) => !q)) {
        throw new Error(`expected ${generated} distinct questions under "question" in ${setFile}, found ${JSON.stringify([setHeader, ...setRows])}`);
      }
      const setAnswers = path.join(dirs.workspace, 'generated-questions.answers.jsonl');
      const answered = await until(() => {
        const r = readRecords(setAnswers);
        return r.length === generated ? r : undefined;
      }, 30_000, `${generated} records in ${setAnswers}`);
      const wrong = answered.filter((r, i) => r.index !== i || r.columns?.question !== questions[i] || typeof r.answer !== 'string' || r.answer.length === 0 || r.error);
      if (wrong.length > 0) throw new Error(`answers of the question set that do not match it: ${JSON.stringify(wrong)}`);
      await page.screenshot({ path: path.join(outputDir, 'e2e-generate.png') });
      log(`checked: ${generated} distinct questions in generated-questions.csv, each answered in generated-questions.answers.jsonl`);

      // The daemon restarts: the extension reconnects (starting a new one), and a job a script starts there (a
      // template over two columns, answers written as CSV) shows up in the Jobs view and completes.
      const { connectOrStart } = require(compiledConnector);
      const connect = () => connectOrStart({ pipeName, executable: exe, dataDirectory: dirs.ledger, clientName: 'e2e-script', clientVersion: '0' });
      const first = await connect();
      const closed = new Promise((r) => first.client.onClose(r));
      await first.client.shutdown();
      await Promise.race([closed, new Promise((_, reject) => setTimeout(() => reject(new Error('the daemon did not close the connection after shutdown')), 30_000))]);
      first.client.dispose();
      // Its socket goes when it has stopped; the extension starts the next one after a back-off of a second.
      await until(() => !fs.existsSync(socketPath), 20_000, 'the old daemon to stop', 25);
      log('daemon shut down under the extension');
      const articlesFile = path.join(dirs.workspace, 'articles.csv');
      fs.writeFileSync(articlesFile, ['title,body', ...articles.map(([title, body]) => `${title},"${body}"`)].join('\n') + '\n');
      const articlesOutput = path.join(dirs.workspace, 'articles.answers.csv');
      // Races the extension's reconnect; the loser of the start connects to the winner.
      const script = await until(() => connect().catch((e) => log(`script connect: ${e.message}`)), 60_000, 'the script to connect', 500);
      const chatsFile = path.join(dirs.workspace, 'chats.jsonl');
      fs.mkdirSync(path.join(dirs.workspace, 'imgs'));
      fs.writeFileSync(path.join(dirs.workspace, 'imgs', 'dot.png'), Buffer.from(dotPng, 'base64'));
      fs.writeFileSync(chatsFile, chats.map((c) => JSON.stringify(c)).join('\n') + '\n');
      try {
        await script.client.startJob({ input: articlesFile, template: '{{title}}: {{body}}', output: articlesOutput, format: 'csv', provider: { baseUrl, model: 'sim' } });
        await script.client.startJob({ input: chatsFile, format: 'openai-chat', provider: { baseUrl, model: 'sim' } });
      } finally {
        script.client.dispose();
      }
      const articlesRow = jobsView.filter({ hasText: 'articles.csv' });
      await articlesRow.filter({ hasText: 'completed' }).waitFor({ timeout: 60_000 });
      log('after the restart, a job started by a script shows in the Jobs view, completed');

      // Its results, opened from the Jobs view after it completed, come from the ledger (getRows): the output is CSV,
      // which the view cannot read. Every row, the prompt as sent (the template rendered) and the answer in the CSV.
      const [csvHeader, ...csvRows] = readCsv(articlesOutput);
      const column = (name) => csvHeader.indexOf(name);
      if (csvRows.length !== articles.length || column('question') < 0 || column('answer') < 0) {
        throw new Error(`expected ${articles.length} rows with question and answer in ${articlesOutput}, found ${JSON.stringify([csvHeader, ...csvRows])}`);
      }
      await articlesRow.hover();
      await articlesRow.locator('.action-label[aria-label="Open Results"]').click();
      await page.locator('.tabs-container .tab', { hasText: 'Results: articles.csv' }).waitFor();
      // The webview is an iframe (code-server's) holding an iframe with the page: find the one whose summary names the job.
      const table = await until(async () => {
        for (const frame of page.frames()) {
          const shown = await frame
            .evaluate(() => {
              const summary = document.getElementById('summary')?.textContent ?? '';
              const cells = [...document.querySelectorAll('#rows tr')].map((tr) => [...tr.children].map((td) => td.textContent));
              return { summary, cells };
            })
            .catch(() => undefined);
          if (shown?.summary.startsWith('articles.csv') && shown.cells.length === articles.length) return shown;
        }
        return undefined;
      }, 30_000, `the results of articles.csv with ${articles.length} rows`);
      const expected = articles.map(([title, body], i) => {
        const record = csvRows.find((r) => Number(r[column('index')]) === i);
        return [String(i + 1), `${title}: ${body}`, record?.[column('answer')], 'answered'];
      });
      const mismatched = expected.filter((e, i) => JSON.stringify(e) !== JSON.stringify(table.cells[i]) || !e[2]);
      const prompts = csvRows.map((r) => r[column('question')]);
      if (mismatched.length > 0 || JSON.stringify(prompts) !== JSON.stringify(expected.map((e) => e[1]))) {
        throw new Error(`the results table does not show the ledger's rows: expected ${JSON.stringify(expected)}, shown ${JSON.stringify(table.cells)} (${table.summary})`);
      }
      await page.screenshot({ path: path.join(outputDir, 'e2e-results.png') });
      log(`checked: the results of a finished CSV job, read from the ledger, show its ${articles.length} rows, prompts "title: body" and answers (${table.summary})`);

      // The conversation job's results: each row as its turns with role labels, the answer as the new assistant turn,
      // and the local image a thumbnail the webview loaded (a webview URI under the dataset's folder, allowed by the CSP).
      const chatsRow = jobsView.filter({ hasText: 'chats.jsonl' });
      await chatsRow.filter({ hasText: 'completed' }).waitFor({ timeout: 60_000 });
      await chatsRow.hover();
      await chatsRow.locator('.action-label[aria-label="Open Results"]').click();
      await page.locator('.tabs-container .tab', { hasText: 'Results: chats.jsonl' }).waitFor();
      const chatTable = await until(async () => {
        for (const frame of page.frames()) {
          const shown = await frame
            .evaluate(() => ({
              summary: document.getElementById('summary')?.textContent ?? '',
              rows: [...document.querySelectorAll('#rows tr')].map((tr) => ({
                turns: [...tr.querySelectorAll('td.question .turn')].map((t) => [t.querySelector('.role')?.textContent, t.querySelector('.text')?.textContent]),
                images: [...tr.querySelectorAll('td.question img')].map((i) => (i.complete && i.naturalWidth > 0 ? 'loaded' : 'not loaded')),
                answerRole: tr.querySelector('td.answer .role.new')?.textContent,
                answer: tr.querySelector('td.answer')?.textContent ?? '',
              })),
            }))
            .catch(() => undefined);
          if (shown?.summary.startsWith('chats.jsonl') && shown.rows.length === chats.length && shown.rows[1].images.every((i) => i === 'loaded')) return shown;
        }
        return undefined;
      }, 30_000, `the results of chats.jsonl with ${chats.length} conversations, its image loaded`);
      const expectedTurns = [
        [['system', 'Be brief.'], ['user', 'Hi'], ['assistant', 'Hello'], ['user', 'Why run a daemon?']],
        [['user', 'What is in this picture?']],
      ];
      const chatProblems = chatTable.rows.flatMap((r, i) => [
        ...(JSON.stringify(r.turns) !== JSON.stringify(expectedTurns[i]) ? [`row ${i + 1} turns ${JSON.stringify(r.turns)}`] : []),
        ...(r.answerRole !== 'assistant (new answer)' || r.answer.length <= r.answerRole.length ? [`row ${i + 1} answer ${JSON.stringify(r.answer)}`] : []),
      ]);
      if (chatProblems.length > 0 || JSON.stringify(chatTable.rows[1].images) !== '["loaded"]') {
        throw new Error(`the conversation results are not shown as turns: ${chatProblems.join('; ')}; images ${JSON.stringify(chatTable.rows[1].images)}`);
      }
      await page.screenshot({ path: path.join(outputDir, 'e2e-conversation.png') });
      log('checked: a conversation job\'s results show each row as its turns, the answer as the new assistant turn, and its local image as a loaded thumbnail');
      log(`checked: ${rows} rows answered, paused at ${answeredWhenPaused}, output open beside the dataset; screenshots in .test-output/`);
    } catch (e) {
      const pages = browser.contexts().flatMap((c) => c.pages());
      if (pages[0]) await pages[0].screenshot({ path: path.join(outputDir, 'e2e-failure.png') }).catch(() => undefined);
      throw e;
    } finally {
      await browser.close();
    }
  } finally {
    await shutdownDaemon(socketPath);
    // The daemon removes its socket when it has stopped; its lock file is left for the next one, ours to clean.
    await until(() => !fs.existsSync(socketPath), 30_000, 'the daemon to stop').catch((e) => log(String(e)));
    fs.rmSync(`${socketPath}.lock`, { force: true });
    log('daemon shut down');
    for (const child of children.reverse()) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        try {
          // code-server runs in its own group (detached) with its extension host: end the whole group.
          process.kill(child.spawnargs.includes('--bind-addr') ? -child.pid : child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        log(`stopped ${path.basename(child.spawnfile)}`);
      }
    }
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** Opens the palette and runs a command; retried, because commands register a moment after the page loads. */
async function runCommand(page, title) {
  await until(
    async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ timeout: 5_000 });
      await input.fill(`>${title}`);
      const row = page.locator(`.quick-input-list .monaco-list-row[aria-label="${title}"]`);
      await row.waitFor({ timeout: 2_000 });
      await page.keyboard.press('Enter');
      return true;
    },
    60_000,
    `the command "${title}" in the palette`,
    1_000,
  );
  log(`ran "${title}" from the palette`);
}

/** The rows of a CSV file as arrays of cells: a BOM, quoted cells with commas, quotes and line breaks, CRLF. */
function readCsv(file) {
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else {
      cell += c;
    }
  }
  if (cell.length > 0 || row.length > 0) rows.push([...row, cell]);
  return rows;
}

function readRecords(file) {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l));
}

main().then(
  () => {
    log('e2e passed');
    console.log('e2e: 1 passed, 0 failed');
    process.exit(0); // a grandchild of code-server may still hold a pipe open for a moment; nothing is left to wait for
  },
  (e) => {
    console.error(`[e2e] FAILED: ${e.stack ?? e}`);
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  },
);
