import { randomBytes } from 'node:crypto';

export interface ResultsLabels {
  all: string;
  failed: string;
  streaming: string;
  filter: string;
  row: string;
  question: string;
  answer: string;
  status: string;
  empty: string;
  done: string;
  system: string;
  user: string;
  assistant: string;
  /** The role label of the answer to a conversation: the turn this job adds. */
  newAnswer: string;
  /** Before a judge's score: "score". */
  score: string;
  /** Before a provider batch's id: "batch". */
  batch: string;
}

/**
 * The results table's page: a nonce-checked script, rows patched in place by messages. A conversation row shows as its
 * turns, the answer as the last assistant turn. Images load only from the webview's own resources (local files under
 * its localResourceRoots, as webview URIs): an http(s) image is a link, never fetched, so opening a dataset's results
 * does not tell every host it names who looked (and nothing remote can run or track); a data URL is named, not shown.
 */
export function resultsHtml(cspSource: string, title: string, labels: ResultsLabels): string {
  const nonce = randomBytes(16).toString('base64');
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; img-src ${cspSource}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escape(title)}</title>
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 12px; }
  header { position: sticky; top: 0; background: var(--vscode-editor-background); padding: 8px 0; display: flex; gap: 12px; align-items: center; }
  #summary { flex: 1; }
  table { border-collapse: collapse; width: 100%; table-layout: fixed; }
  th, td { text-align: left; vertical-align: top; padding: 4px 6px; border-bottom: 1px solid var(--vscode-panel-border); }
  th:nth-child(1) { width: 4em; } th:nth-child(2) { width: 30%; } th:nth-child(4) { width: 6em; }
  td { white-space: pre-wrap; word-break: break-word; }
  tr.failed td { color: var(--vscode-errorForeground); }
  tr.streaming td.answer { color: var(--vscode-descriptionForeground); }
  tr.streaming td.answer::after { content: '▍'; }
  .reasoning { color: var(--vscode-descriptionForeground); font-style: italic; display: block; }
  .turn { margin: 0 0 6px; }
  .role { display: block; font-size: 0.85em; font-weight: 600; color: var(--vscode-descriptionForeground); text-transform: uppercase; }
  .turn.assistant .role, .role.new { color: var(--vscode-textLink-foreground); }
  .turn.system { color: var(--vscode-descriptionForeground); }
  .images { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 2px; }
  .images img { max-width: 160px; max-height: 120px; border: 1px solid var(--vscode-panel-border); }
  .image-label { font-size: 0.85em; color: var(--vscode-descriptionForeground); }
  .answers { display: grid; grid-template-columns: repeat(auto-fit, minmax(14em, 1fr)); gap: 6px; }
  .card { border: 1px solid var(--vscode-panel-border); padding: 4px 6px; border-radius: 3px; }
  .card.best { border-color: var(--vscode-textLink-foreground); }
  .card.failed { color: var(--vscode-errorForeground); }
  .card.pending { color: var(--vscode-descriptionForeground); }
  .card-head { display: flex; justify-content: space-between; gap: 6px; font-size: 0.85em; font-weight: 600; color: var(--vscode-descriptionForeground); }
  .score { color: var(--vscode-textLink-foreground); white-space: nowrap; }
  .reason { font-size: 0.85em; font-style: italic; color: var(--vscode-descriptionForeground); margin: 2px 0; }
  .batch { display: block; font-size: 0.85em; color: var(--vscode-descriptionForeground); word-break: break-all; }
  select { background: var(--vscode-dropdown-background); color: var(--vscode-dropdown-foreground); border: 1px solid var(--vscode-dropdown-border); }
</style></head>
<body>
<header><span id="summary"></span>
<label>${escape(labels.filter)} <select id="filter">
  <option value="all">${escape(labels.all)}</option><option value="failed">${escape(labels.failed)}</option><option value="streaming">${escape(labels.streaming)}</option>
</select></label></header>
<table><thead><tr><th>${escape(labels.row)}</th><th>${escape(labels.question)}</th><th>${escape(labels.answer)}</th><th>${escape(labels.status)}</th></tr></thead>
<tbody id="rows"></tbody></table>
<p id="empty">${escape(labels.empty)}</p>
<script nonce="${nonce}">
(function () {
  const vscode = acquireVsCodeApi();
  const labels = ${JSON.stringify(labels)};
  const rows = new Map();
  const body = document.getElementById('rows');
  const filter = document.getElementById('filter');
  const empty = document.getElementById('empty');
  const state = vscode.getState() || {};
  if (state.filter) { filter.value = state.filter; }
  function visible(r) { return filter.value === 'all' || r.status === filter.value; }
  function render(r) {
    let tr = document.getElementById('r' + r.row);
    if (!tr) {
      tr = document.createElement('tr'); tr.id = 'r' + r.row;
      for (const cls of ['row', 'question', 'answer', 'status']) { const td = document.createElement('td'); td.className = cls; tr.appendChild(td); }
      const next = [...body.children].find((e) => Number(e.id.slice(1)) > r.row);
      body.insertBefore(tr, next || null);
    }
    tr.className = r.status;
    tr.hidden = !visible(r);
    tr.children[0].textContent = String(r.row + 1);
    const question = tr.children[1];
    question.textContent = r.turns ? '' : (r.question || '');
    if (r.turns) { for (const t of r.turns) { question.appendChild(turn(t)); } }
    const answer = tr.children[2];
    answer.textContent = r.status === 'failed' ? (r.error || '') : (r.answers ? '' : r.answer);
    if (r.answers) { answer.appendChild(answersGrid(r.answers)); }
    if (r.reasoning && r.status === 'streaming') { const span = document.createElement('span'); span.className = 'reasoning'; span.textContent = r.reasoning; answer.prepend(span); }
    if (r.turns && r.status !== 'failed') { answer.prepend(element('span', 'role new', labels.newAnswer)); }
    tr.children[3].textContent = r.status === 'done' ? labels.done + (r.finishReason && r.finishReason !== 'stop' ? ' (' + r.finishReason + ')' : '') : r.status === 'failed' ? labels.failed : labels.streaming;
    if (r.batch) { tr.children[3].appendChild(element('span', 'batch', labels.batch + ' ' + r.batch)); }
  }
  function answersGrid(answers) {
    const grid = element('div', 'answers');
    for (const a of answers) {
      const card = element('div', 'card ' + a.state + (a.best ? ' best' : ''));
      const head = element('div', 'card-head');
      head.appendChild(element('span', 'model', a.heading));
      if (a.score !== undefined) { head.appendChild(element('span', 'score', labels.score + ' ' + a.score)); }
      card.appendChild(head);
      if (a.reason) { card.appendChild(element('div', 'reason', a.reason)); }
      card.appendChild(element('div', 'text', a.text));
      grid.appendChild(card);
    }
    return grid;
  }
  function element(tag, className, text) { const e = document.createElement(tag); e.className = className; if (text !== undefined) { e.textContent = text; } return e; }
  function turn(t) {
    const div = element('div', 'turn ' + t.role);
    div.appendChild(element('span', 'role', labels[t.role] || t.role));
    div.appendChild(element('div', 'text', t.text));
    if (t.images.length > 0) {
      const images = element('div', 'images');
      for (const i of t.images) {
        if (i.src) {
          const img = element('img', 'thumb'); img.src = i.src; img.alt = i.label; img.title = i.label; img.loading = 'lazy';
          img.addEventListener('error', () => img.replaceWith(element('span', 'image-label', '🖼 ' + i.label)));
          images.appendChild(img);
        } else if (i.href) {
          const a = element('a', 'image-link', '🖼 ' + i.label); a.href = i.href; a.title = i.href; images.appendChild(a);
        } else {
          images.appendChild(element('span', 'image-label', '🖼 ' + i.label));
        }
      }
      div.appendChild(images);
    }
    return div;
  }
  function refresh() { for (const r of rows.values()) { document.getElementById('r' + r.row).hidden = !visible(r); } empty.hidden = rows.size > 0; }
  filter.addEventListener('change', () => { vscode.setState({ filter: filter.value }); refresh(); });
  window.addEventListener('message', (event) => {
    const m = event.data;
    if (m.type === 'reset') { rows.clear(); body.textContent = ''; }
    if (m.type === 'reset' || m.type === 'rows') { for (const r of m.rows) { rows.set(r.row, r); render(r); } empty.hidden = rows.size > 0; }
    if (m.type === 'remove') { for (const r of m.rows) { rows.delete(r); const tr = document.getElementById('r' + r); if (tr) { tr.remove(); } } }
    if (m.type === 'summary') { document.getElementById('summary').textContent = m.text; }
    if (m.type === 'filter') { filter.value = m.filter; vscode.setState({ filter: filter.value }); refresh(); }
  });
  vscode.postMessage({ type: 'ready' });
})();
</script>
</body></html>`;
}
