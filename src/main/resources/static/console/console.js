// The operators' console: plain JavaScript over the local API (/api/v1), with the login session.
// Every state-changing call sends the session's CSRF token (from /console/session) in its header.
'use strict';

const view = document.getElementById('view');
let session = null;

// ---- small helpers: text goes in through textContent only, never as HTML ----

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null) e.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c !== undefined && c !== null) e.append(c instanceof Node ? c : String(c));
  }
  return e;
}

function table(headers, rows, id) {
  return el('table', id ? { id } : {}, el('thead', {}, el('tr', {}, headers.map(h => el('th', {}, h)))),
    el('tbody', {}, rows));
}

function status(s) {
  return el('span', { class: 'status-' + s }, s);
}

async function api(path, options = {}) {
  const r = await fetch('/api/v1' + path, { credentials: 'same-origin', ...options });
  if (r.status === 401) { location.href = '/login'; throw new Error('logged out'); }
  const body = r.headers.get('content-type')?.includes('json') ? await r.json() : null;
  return { status: r.status, body };
}

function post(path, body) {
  return api(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', [session.csrf.header]: session.csrf.token },
    body: JSON.stringify(body ?? {})
  });
}

function canOperate() {
  return session.roles.includes('OPERATOR');
}

function problemText(r) {
  return r.body ? (r.body.detail || r.body.title || JSON.stringify(r.body)) : 'HTTP ' + r.status;
}

// ---- pages ----

async function dashboard() {
  const { body: d } = await api('/dashboard');
  const partners = d.partners.map(p => el('tr', { 'data-partner': p.partner },
    el('td', {}, p.partner), el('td', {}, p.in), el('td', {}, p.out.total),
    el('td', {}, p.out.DELIVERED ?? 0), el('td', {}, p.out.PENDING ?? 0), el('td', {}, p.out.DEAD ?? 0)));
  const counted = (codes) => Object.entries(codes || {}).map(([code, n]) => el('tr', {}, el('td', {}, code), el('td', {}, n)));
  const refusals = counted(d.refusals);
  const inboundRefusals = counted(d.inboundRefusals);
  view.replaceChildren(
    el('h2', {}, 'Dashboard'),
    el('div', { class: 'cards' },
      el('div', { class: 'card' + (d.deadLetters ? ' bad' : ''), id: 'dead-count' }, el('div', { class: 'n' }, d.deadLetters), 'dead letters'),
      el('div', { class: 'card' }, el('div', { class: 'n' }, d.pending), 'pending'),
      el('div', { class: 'card' }, el('div', { class: 'n' }, d.retries), 'retries')),
    el('h2', {}, 'Messages per partner'),
    partners.length ? table(['partner', 'in', 'out', 'delivered', 'pending', 'dead'], partners, 'partners')
      : el('p', { class: 'note' }, 'No messages yet.'),
    el('h2', {}, 'Refusals by code: messages this hub refused'),
    el('div', { id: 'inbound-refusals' },
      inboundRefusals.length ? table(['code', 'count'], inboundRefusals) : el('p', { class: 'note' }, 'None.')),
    el('h2', {}, 'Refusals by code: peers refusing our messages'),
    refusals.length ? table(['code', 'count'], refusals) : el('p', { class: 'note' }, 'None.'),
    el('h2', {}, 'Cases over or about to run over their time limit (承诺时限)'),
    el('div', { id: 'overdue' }, el('p', { class: 'note' }, 'Loading…')));
  const panel = document.getElementById('overdue');
  try {
    const r = await api('/time-limits');
    if (r.status !== 200 || !r.body || !Array.isArray(r.body.items)) {
      panel.replaceChildren(el('p', { class: 'note' }, 'Time limits: not available on this hub.'));
    } else if (r.body.items.length === 0) {
      panel.replaceChildren(el('p', { class: 'note' }, 'No case is overdue or due soon.'));
    } else {
      panel.replaceChildren(table(['case', 'service item', 'due', 'state', 'working days left'],
        r.body.items.map(c => el('tr', {}, el('td', {}, c.caseId), el('td', {}, c.serviceItem), el('td', {}, c.due),
          el('td', {}, status(c.state)), el('td', {}, c.workingDaysLeft)))));
    }
  } catch (e) {
    panel.replaceChildren(el('p', { class: 'note' }, 'Time limits: not available on this hub.'));
  }
}

function field(name, label, attrs = {}) {
  return el('label', {}, label, el('input', { name, ...attrs }));
}

function rfc3339(local) {
  return local ? new Date(local).toISOString() : '';
}

async function search(params) {
  const form = el('form', { class: 'filters', id: 'search-form' },
    el('label', {}, 'direction', el('select', { name: 'direction' },
      el('option', { value: 'out' }, 'sent'), el('option', { value: 'in' }, 'received'))),
    field('partner', 'partner node'), field('type', 'type'),
    field('status', 'status', { placeholder: 'DEAD, DELIVERED, ACCEPTED…' }), field('caseId', 'case id'),
    field('from', 'from', { type: 'datetime-local' }), field('to', 'to', { type: 'datetime-local' }),
    el('button', { type: 'submit' }, 'Search'));
  const results = el('div', { id: 'search-results' });
  const caseForm = el('form', { class: 'filters', id: 'case-form' },
    field('caseId', 'case id'), field('partner', 'partner node'), field('status', 'state'),
    el('label', {}, 'role', el('select', { name: 'role' }, el('option', { value: '' }, 'any'),
      el('option', { value: 'RECEIVING' }, 'receiving'), el('option', { value: 'HANDLING' }, 'handling'))),
    el('button', { type: 'submit' }, 'Search cases'));
  const caseResults = el('div', { id: 'case-results' });
  view.replaceChildren(el('h2', {}, 'Messages'), form, results, el('h2', {}, 'Cases'), caseForm, caseResults);
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(form)) {
      if (v) q.set(k, k === 'from' || k === 'to' ? rfc3339(v) : v.trim());
    }
    const r = await api('/messages?' + q);
    if (r.status !== 200) { results.replaceChildren(el('p', { class: 'error' }, problemText(r))); return; }
    const rows = r.body.items.map(m => el('tr', { 'data-id': m.id },
      el('td', {}, el('a', { href: m.direction === 'out' ? '#trace/out/' + m.id : '#trace/in/' + m.partner + '/' + m.id, class: 'trace' }, m.id)),
      el('td', {}, m.partner), el('td', {}, m.type), el('td', {}, m.conv), el('td', {}, status(m.status)),
      el('td', {}, m.createdAt || m.receivedAt)));
    results.replaceChildren(el('p', { class: 'note', id: 'total' }, r.body.total + ' found'),
      table(['id', 'partner', 'type', 'conversation', 'status', 'time'], rows, 'results'));
  });
  caseForm.addEventListener('submit', async ev => {
    ev.preventDefault();
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(caseForm)) if (v) q.set(k, v.trim());
    const r = await api('/cases?' + q);
    if (r.status !== 200) { caseResults.replaceChildren(el('p', { class: 'error' }, problemText(r))); return; }
    caseResults.replaceChildren(el('p', { class: 'note' }, r.body.total + ' found'),
      table(['case', 'role', 'partner', 'service item', 'state', 'submitted', 'updated'], r.body.items.map(c => el('tr', {},
        el('td', {}, el('a', { href: '#search?caseId=' + encodeURIComponent(c.caseId) }, c.caseId)), el('td', {}, c.role),
        el('td', {}, c.partner), el('td', {}, c.serviceItemCode), el('td', {}, status(c.state)), el('td', {}, c.submittedAt),
        el('td', {}, c.updatedAt)))));
  });
  if (params.get('caseId')) {
    form.elements.caseId.value = params.get('caseId');
    form.requestSubmit();
  }
}

async function trace(parts) {
  const [direction, ...key] = parts;
  const r = await api(direction === 'out' ? '/messages/out/' + encodeURIComponent(key[0])
    : '/messages/in/' + encodeURIComponent(key[0]) + '/' + encodeURIComponent(key[1]));
  if (r.status !== 200) { view.replaceChildren(el('p', { class: 'error' }, problemText(r))); return; }
  const m = r.body;
  const facts = [['id', m.id], ['direction', direction === 'out' ? 'sent to ' + m.to : 'received from ' + m.partner],
    ['type', m.type], ['conversation', m.conv], ['status', status(m.status)], ['created', m.createdAt], ['received', m.receivedAt],
    ['handed over', m.handedOverAt], ['delivered', m.deliveredAt], ['expires', m.exp], ['last error', m.lastError],
    ['resent from', m.resentFrom && el('a', { href: '#trace/out/' + m.resentFrom }, m.resentFrom)],
    ['resent as', m.resentAs && el('a', { href: '#trace/out/' + m.resentAs }, m.resentAs)], ['resent by', m.resentBy]]
    .filter(([, v]) => v !== undefined && v !== null && v !== '');
  view.replaceChildren(el('h2', {}, 'Trace'),
    table(['', ''], facts.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v))), 'trace-facts'),
    m.trace ? el('h2', {}, 'Attempts') : '',
    m.trace ? table(['#', 'at', 'outcome', 'HTTP', 'detail'], m.trace.map(a => el('tr', {},
      el('td', {}, a.attempt), el('td', {}, a.at), el('td', {}, status(a.outcome)), el('td', {}, a.httpStatus ?? '—'),
      el('td', {}, a.detail ?? ''))), 'attempts') : '',
    m.problem ? el('div', {}, el('h2', {}, 'Peer\'s problem details'), el('pre', {}, JSON.stringify(m.problem, null, 2))) : '',
    m.receipt ? el('div', {}, el('h2', {}, 'Receipt'), el('pre', { id: 'receipt' }, JSON.stringify(m.receipt, null, 2))) : '');
}

async function deadLetters() {
  const r = await api('/dead-letters?size=200');
  const result = el('p', { id: 'resend-result' });
  const rows = r.body.items.map(m => el('tr', { 'data-id': m.id },
    el('td', {}, el('a', { href: '#trace/out/' + m.id }, m.id)), el('td', {}, m.partner), el('td', {}, m.type),
    el('td', {}, m.conv), el('td', {}, m.lastError ?? ''),
    el('td', {}, m.resentAs ? el('a', { href: '#trace/out/' + m.resentAs, class: 'resent-as' }, 'resent as ' + m.resentAs)
      : canOperate() ? el('button', { class: 'resend', 'data-id': m.id, onclick: () => resend(m.id, result) }, 'Resend')
        : el('span', { class: 'note' }, 'operators resend'))));
  view.replaceChildren(el('h2', {}, 'Dead letters'), result,
    rows.length ? table(['id', 'partner', 'type', 'conversation', 'last error', ''], rows, 'dead-letters')
      : el('p', { class: 'note' }, 'No dead letters.'));
}

async function resend(id, result) {
  const r = await post('/dead-letters/' + encodeURIComponent(id) + '/resend');
  if (r.status === 201 || r.status === 200) {
    await deadLetters();
    document.getElementById('resend-result').replaceChildren('Resent ' + id + ' as ',
      el('a', { href: '#trace/out/' + r.body.id, id: 'resent-id' }, r.body.id),
      r.status === 200 ? ' (it had been resent before)' : '');
  } else {
    result.replaceChildren(el('span', { class: 'error' }, problemText(r)));
  }
}

async function directory() {
  const [{ body: d, status: ds }, { body: routes }, { body: dash }] =
    await Promise.all([api('/directory'), api('/routes'), api('/dashboard')]);
  const counts = Object.fromEntries(dash.partners.map(p => [p.partner, p]));
  const nodes = ds === 200 ? d.nodes.map(n => el('tr', { 'data-node': n.node },
    el('td', {}, n.node), el('td', {}, n.name), el('td', {}, n.endpoint),
    el('td', {}, n.accepts.map(a => a.type + (a.from.includes('*') ? '' : ' from ' + a.from.join(',')))
      .join('; ')),
    el('td', {}, counts[n.node] ? counts[n.node].in + ' in / ' + counts[n.node].out.total + ' out' : '—'),
    el('td', {}, counts[n.node]?.out.DEAD ? status('DEAD') : counts[n.node]?.out.PENDING ? status('PENDING') : 'ok'))) : [];
  view.replaceChildren(el('h2', {}, 'Directory in force'),
    ds === 200 ? el('p', { id: 'directory-version' }, 'version ' + d.version + ', issued ' + d.issuedAt + ', expires ' + d.expires)
      : el('p', { class: 'error' }, 'No directory in force.'),
    table(['node', 'name', 'endpoint', 'accepts', 'messages', 'partner status'], nodes, 'nodes'),
    el('h2', {}, 'Routes (Camel ' + routes.camel + ')'),
    table(['route', 'status', 'from', 'exchanges', 'failed', 'in flight'], routes.routes.map(r => el('tr', {},
      el('td', {}, r.id), el('td', {}, r.status), el('td', {}, el('code', {}, r.from)), el('td', {}, r.exchangesTotal),
      el('td', {}, r.exchangesFailed), el('td', {}, r.inflight))), 'routes'));
}

// ---- navigation ----

async function show() {
  const [name, query] = (location.hash.slice(1) || 'dashboard').split('?');
  const [page, ...parts] = name.split('/');
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.getAttribute('href') === '#' + page));
  try {
    if (page === 'search') await search(new URLSearchParams(query));
    else if (page === 'trace') await trace(parts.map(decodeURIComponent));
    else if (page === 'dead-letters') await deadLetters();
    else if (page === 'directory') await directory();
    else await dashboard();
  } catch (e) {
    view.replaceChildren(el('p', { class: 'error' }, 'Could not load this page: ' + e.message));
  }
  view.dataset.page = page; // the page is drawn
}

(async () => {
  const r = await fetch('/console/session', { credentials: 'same-origin' });
  if (!r.ok) { location.href = '/login'; return; }
  session = await r.json();
  document.getElementById('account').textContent = session.account + ' (' + session.roles.join(', ') + ')';
  document.getElementById('logout-csrf').value = session.csrf.token;
  window.addEventListener('hashchange', show);
  await show();
})();
