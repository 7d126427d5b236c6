// The moderator console: queue, filters, detail pane, keyboard triage, bulk actions, live arrivals.
// Contribution text is only ever set with textContent: it is never parsed as HTML.
// Races (issue #16 item 4, issue #10): a decision acts on the contribution shown in the detail pane,
// with the version read there; the cursor and the selection follow ids across reloads; every fetch
// that a later one can overtake (list, poll, open) carries a sequence number and a late answer is
// dropped; key presses are handled one after the other, so none acts on a list that is changing.
const body = document.body;
const csrf = body.dataset.csrf;
const role = body.dataset.role;
const lang = body.dataset.lang;
const t = JSON.parse(document.getElementById('messages').textContent);
const catalog = JSON.parse(document.getElementById('catalog').textContent);
const canDecide = role === 'moderator' || role === 'admin';

const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') node.textContent = v;
    else if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
};
const msg = (key, vars = {}) => (t[key] ?? key).replace(/\{(\w+)\}/g, (_, k) => vars[k] ?? '');

let items = [];
let cursor = null;
let current = -1;
const selected = new Set();
let newestSeen = null;
let shown = null;      // { id, version } of the contribution in the detail pane: what decisions act on
let loadSeq = 0;       // the latest list request; an older answer is dropped
let loadAbort = null;
let openSeq = 0;       // the latest open; an older answer never replaces the pane
let keyChain = Promise.resolve();

async function api(path, options = {}) {
  const r = await fetch(path, {
    ...options,
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, ...(options.headers ?? {}) },
  });
  if (r.status === 401) { location.href = `/mod/login?lang=${lang}`; throw new Error('session ended'); }
  const data = await r.json().catch(() => ({}));
  if (!r.ok) { const e = new Error(data.message ?? r.statusText); e.status = r.status; e.data = data; throw e; }
  return data;
}
const post = (path, data) => api(path, { method: 'POST', body: JSON.stringify(data ?? {}) });

function option(value, label) { return el('option', { value, text: label }); }

function fillFilters() {
  const cons = $('f-consultation');
  cons.append(option('', msg('mod.filter.any')));
  for (const c of catalog.consultations) cons.append(option(c.slug, c.title[lang] ?? c.title.fr ?? c.slug));
  cons.append(option('none', msg('mod.filter.unrouted')));
  const status = $('f-status');
  status.append(option('', msg('mod.filter.any')));
  for (const s of ['new', 'published', 'rejected', 'spam', 'duplicate', 'archived', 'unpublished']) status.append(option(s, msg(`mod.status.${s}`)));
  status.value = 'new';
  const language = $('f-language');
  language.append(option('', msg('mod.filter.any')));
  for (const [v, l] of [['fr', 'Français'], ['bm', 'Bamanankan'], ['mixed', 'FR + BM'], ['unknown', '?']]) language.append(option(v, l));
  const channel = $('f-channel');
  channel.append(option('', msg('mod.filter.any')));
  for (const c of ['web', 'sms', 'ussd', 'whatsapp', 'messenger', 'telegram']) channel.append(option(c, c));
  const theme = $('f-theme');
  theme.append(option('', msg('mod.filter.any')));
  const seen = new Set();
  for (const c of catalog.consultations) for (const th of c.themes) {
    if (seen.has(th.slug)) continue;
    seen.add(th.slug);
    theme.append(option(th.slug, th.label[lang] ?? th.label.fr ?? th.slug));
  }
  const state = $('f-theme-state');
  state.append(option('', msg('mod.filter.any')));
  for (const v of ['confirmed', 'suggested']) state.append(option(v, msg(`mod.filter.theme_${v}`)));
  for (const r of catalog.reasons) $('reason').append(option(r, msg(`mod.reason.${r}`)));
}

function query(extra = {}) {
  const data = new FormData($('filters'));
  const params = new URLSearchParams();
  for (const [k, v] of data) if (v !== '') params.set(k, v);
  // "to" is shown inclusive; the API's bound is exclusive: the day after.
  if (params.has('to')) { const d = new Date(`${params.get('to')}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1); params.set('to', d.toISOString().slice(0, 10)); }
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params;
}

function renderItem(item, index) {
  const li = el('li', { class: 'item', 'data-id': String(item.id), 'data-status': item.status });
  if (index === current) li.classList.add('current');
  if (selected.has(item.id)) li.classList.add('selected');
  if (shown && shown.id === item.id) li.classList.add('shown');
  const head = el('div', { class: 'meta' },
    el('span', { class: 'id', text: `#${item.id}` }),
    el('span', { class: `status s-${item.status}`, text: msg(`mod.status.${item.status}`) }),
    el('span', { class: 'lang', text: item.language }),
    el('span', { class: 'channel', text: item.channel }),
    el('time', { text: item.received_at.slice(0, 16).replace('T', ' ') }));
  if (!item.grouped) head.append(el('span', { class: 'group pending', title: msg('mod.console.grouping'), text: '×…' }));
  else if (item.group_size > 1) head.append(el('span', { class: 'group', text: `×${item.group_size}` }));
  if (item.claimed_by) head.append(el('span', { class: 'claimed', text: `${msg('mod.console.claimed')} ${item.claimed_by}` }));
  const text = el('p', { class: 'text', lang: item.language === 'bm' ? 'bm' : 'fr' });
  text.textContent = item.edited_text ?? item.display_text;
  const themes = el('p', { class: 'themes' });
  const confirmed = item.themes_confirmed || item.themes.length > 0;
  for (const s of confirmed ? item.themes : item.suggested_themes) themes.append(el('span', { class: confirmed ? 'theme' : 'theme suggested', text: s }));
  themes.append(el('span', { class: 'theme-state', text: msg(confirmed ? 'mod.filter.theme_confirmed' : 'mod.filter.theme_suggested') }));
  for (const tag of item.tags) themes.append(el('span', { class: 'tag', text: `#${tag}` }));
  li.append(head, text, themes);
  li.addEventListener('click', () => { current = items.findIndex((i) => i.id === item.id); render(); queueAction(openCurrent); });
  return li;
}

function render() {
  const list = $('queue');
  list.replaceChildren(...items.map(renderItem));
  const cur = list.children[current];
  if (cur) cur.scrollIntoView({ block: 'nearest' });
  $('bulk').hidden = selected.size === 0;
  $('bulk-count').textContent = String(selected.size);
  $('more').hidden = !cursor;
}

function renderCounts(counts, capped) {
  if (capped) { $('counts').textContent = msg('mod.console.many_match'); return; }
  const parts = Object.entries(counts).map(([s, n]) => `${msg(`mod.status.${s}`)} ${n}`);
  $('counts').textContent = parts.join(' · ');
}

// How a list load treats the cursor: a 'refresh' (new arrivals, after an action) keeps it on the
// same contribution when it is still listed; a new 'filter' starts at the top; 'more' appends the
// next page. Either way the selection keeps every id still listed: a refresh that lands while the
// moderator presses x and j changes neither.
async function load(how = 'refresh') {
  const more = how === 'more';
  const seq = ++loadSeq;
  loadAbort?.abort();
  const abort = new AbortController();
  loadAbort = abort;
  const params = query(more && cursor ? { after: cursor } : {});
  let data;
  try {
    data = await api(`/api/v1/mod/contributions?${params}`, { signal: abort.signal });
  } catch (e) {
    if (seq !== loadSeq || e.name === 'AbortError') return;
    throw e;
  }
  if (seq !== loadSeq) return;
  const at = items[current]?.id;
  items = more ? items.concat(data.items) : data.items;
  cursor = data.next;
  if (!more) {
    const kept = how === 'refresh' ? items.findIndex((i) => i.id === at) : -1;
    current = kept >= 0 ? kept : items.length ? 0 : -1;
    const listed = new Set(items.map((i) => i.id));
    for (const id of [...selected]) if (!listed.has(id)) selected.delete(id);
    const head = items[0]?.received_at;
    if (head && (!newestSeen || head > newestSeen)) newestSeen = head;
  }
  $('list-error').hidden = true;
  renderCounts(data.counts, data.counts_capped);
  if (data.near_spellings) $('counts').textContent += ` — ${msg('mod.console.near_spellings')}`;
  render();
}

// A list load that nothing awaits (a filter changed, "more", the poll, the first load) says when it
// fails, above the list, and leaves the list as it was: the moderator sees that it is stale and why.
function reload(how) {
  return load(how).catch((e) => {
    const box = $('list-error');
    box.textContent = msg('mod.console.list_failed', { reason: e.message || String(e.status ?? '') });
    box.hidden = false;
  });
}

function detailRow(label, value) { return el('div', { class: 'row' }, el('dt', { text: label }), el('dd', { text: value })); }

function showError(text) {
  $('detail').replaceChildren(el('p', { class: 'error', role: 'alert', text }));
}

async function openCurrent() {
  const item = items[current];
  if (item) await openId(item.id);
}

// Opens (and claims) a contribution into the detail pane; what the pane shows is what `p`, `r`, `s`,
// `d` and the edit act on, at the version read here.
async function openId(id) {
  const pane = $('detail');
  const seq = ++openSeq;
  try {
    const d = await post(`/api/v1/mod/contributions/${id}/open`);
    if (seq !== openSeq) return;
    const text = el('blockquote', { class: 'full', lang: d.language === 'bm' ? 'bm' : 'fr' });
    text.textContent = d.display_text;
    const dl = el('dl', {},
      detailRow('#', String(d.id)),
      detailRow(msg('mod.filter.status'), msg(`mod.status.${d.status}`)),
      detailRow(msg('mod.filter.channel'), d.channel),
      detailRow(msg('mod.filter.language'), `${d.language} ${d.script}`),
      detailRow(msg('mod.filter.consultation'), d.consultation ?? msg('mod.filter.unrouted')));
    if (d.pseudonym) dl.append(detailRow('⚑', `Citoyen·ne ${d.pseudonym} (${d.sender_total})`));
    if (!d.grouped) dl.append(detailRow(msg('mod.console.group'), msg('mod.console.grouping')));
    else if (d.group_size > 1) dl.append(detailRow(msg('mod.console.group'), `${d.group_size} (${d.group_channels.join(', ')})`));
    if (d.sender_repeats) dl.append(detailRow('!', msg('mod.console.repeats')));
    if (d.sender_blocked) dl.append(detailRow('⛔', msg('mod.console.blocked')));
    if (d.source) {  // a public post: where it came from, for moderators only
      const s = d.source;
      const parts = [s.platform, s.in_reply_to && `${msg('mod.console.in_reply_to')} ${s.in_reply_to}`,
        s.context_text && `« ${s.context_text} »`, s.permalink].filter(Boolean);
      dl.append(detailRow(msg('mod.console.source'), parts.join(' · ')));
    }
    if (d.reject_reason) dl.append(detailRow(msg('mod.console.reason'), msg(`mod.reason.${d.reject_reason}`)));
    const edit = el('textarea', { id: 'edited', rows: '4', 'aria-label': msg('mod.console.edit') });
    edit.value = d.edited_text ?? '';
    const actions = el('p', { class: 'actions' });
    if (canDecide && d.group_size > 1 && d.status === 'new') {
      const group = el('button', { type: 'button', id: 'publish-group', text: msg('mod.console.publish_group', { n: d.group_size }) });
      group.onclick = () => publishGroup();
      actions.append(group, ' ');
    }
    if (canDecide && d.pseudonym) {
      const block = el('button', { type: 'button', id: 'block-sender', text: msg('mod.console.block') });
      block.onclick = () => queueAction(async () => {
        if (!confirm(msg('mod.console.block_confirm'))) return;
        await post(`/api/v1/mod/contributions/${d.id}/block-sender`);
        await openId(d.id);   // read back: the pane says the pseudonym is blocked
        loadAudit();
      });
      const erase = el('button', { type: 'button', id: 'erase-sender', text: msg('mod.console.erase') });
      erase.onclick = () => queueAction(async () => {
        if (!confirm(msg('mod.console.erase_confirm', { n: d.sender_total }))) return;
        const r = await post(`/api/v1/mod/contributions/${d.id}/erase-sender`);
        // Nothing of it is left to act on: the pane says so, and no key acts on it any more.
        shown = null;
        delete pane.dataset.id;
        pane.replaceChildren(el('p', { role: 'status', text: msg('mod.console.erased', { n: r.affected }) }));
        await load();
        loadAudit();
      });
      if (d.sender_blocked) block.hidden = true;
      actions.append(block, ' ', erase);
    }
    pane.replaceChildren(text, dl, ...mediaBlock(d), el('label', { for: 'edited', text: msg('mod.console.edit') }), edit, actions);
    pane.dataset.id = String(d.id);
    pane.dataset.version = String(d.version);
    shown = { id: d.id, version: d.version };
    const listed = items.find((i) => i.id === d.id);
    if (listed) Object.assign(listed, d);
    render();
  } catch (e) {
    if (seq !== openSeq) return;
    shown = null;
    delete pane.dataset.id;
    showError(e.message);
  }
}

// A refusal because the row changed (stale version) or was never opened: say so, and show the
// contribution as it is now instead of retrying.
async function refused(e, id) {
  if (e.status === 409 && ['version', 'claim'].includes(e.data?.field) && id) {
    await openId(id);
    $('detail').prepend(el('p', { class: 'error', role: 'alert', text: `${msg('mod.console.changed')} (${e.message})` }));
    return;
  }
  showError(e.message);
}

// A decision on the selection (bulk), or else on the contribution shown in the detail pane, at the
// version read there — never on whatever the cursor points at after a refresh. After a single
// decision the next contribution in the list opens.
async function decide(action, extra = {}) {
  if (!canDecide) return;
  if (selected.size) return decideSelection(action, extra);
  if (!shown) { showError(msg('mod.console.open_first')); return; }
  const { id, version } = shown;
  let result;
  try {
    result = await post(`/api/v1/mod/contributions/${id}/decision`, { action, version, ...extra });
  } catch (e) {
    return refused(e, id);
  }
  for (const c of result.changed) {
    const it = items.find((i) => i.id === c.id);
    if (it) it.status = c.status;
  }
  lastDecided = id;
  const at = items.findIndex((i) => i.id === id);
  if (at >= 0 && at < items.length - 1) current = at + 1;
  render();
  loadAudit();
  // The next one opens; at the end of the list the pane reads this one again (its new version), so
  // that a second key on it (U after p) is not refused as stale.
  if (at >= 0 && at < items.length - 1) await openCurrent();
  else await openId(id);
}

async function decideSelection(action, extra) {
  const ids = [...selected];
  if (ids.length > 1 && !confirm(msg('mod.console.confirm_bulk', { n: ids.length }))) return;
  try {
    const result = await post('/api/v1/mod/bulk', { ids, action, ...extra });
    for (const c of result.changed) {
      const it = items.find((i) => i.id === c.id);
      if (it) it.status = c.status;
    }
    selected.clear();
    render();
    loadAudit();
  } catch (e) {
    showError(e.message);
  }
}

// Everything matching the filter (beyond the loaded page): the server counts first, the moderator
// confirms that count, and the action applies only if the count is still the same.
async function applyToMatching(e) {
  e.preventDefault();
  if (!canDecide) return;
  const choice = $('all-action').value;
  const extra = choice === 'tag' ? { add_tags: [prompt(msg('mod.console.tag_prompt')) ?? ''] } : { action: choice };
  if (choice === 'tag' && !extra.add_tags[0]) return;
  const filter = Object.fromEntries(query());
  const out = $('matching-result');
  try {
    let count = 0;
    try {
      await post('/api/v1/mod/bulk', { filter, ...extra, confirm_count: -1 });
    } catch (err) {
      if (err.status !== 409) throw err;
      count = err.data.count;
    }
    if (!count) { out.textContent = msg('mod.console.nothing_matches'); return; }
    if (!confirm(msg('mod.console.confirm_bulk', { n: count }))) return;
    const result = await post('/api/v1/mod/bulk', { filter, ...extra, confirm_count: count });
    out.textContent = msg('mod.console.applied', { n: result.changed?.length ?? 0, refused: result.refused?.length ?? 0 });
    await load();
    loadAudit();
  } catch (err) {
    out.textContent = err.message;
  }
}

// The current contribution is published, and the group's other waiting members become its duplicates.
async function publishGroup() {
  const item = items.find((i) => i.id === shown?.id);
  if (!item || item.group_size < 2) return decide('publish');
  selected.clear();
  return decide('publish', { group: true });
}

function askReason() {
  return new Promise((resolve) => {
    const dialog = $('reason-dialog');
    $('reason-cancel').onclick = () => { dialog.close(); resolve(null); };
    dialog.onclose = () => resolve(dialog.returnValue === 'ok' ? $('reason').value : null);
    dialog.showModal();
    $('reason').focus();
  });
}

async function tag() {
  const name = prompt(msg('mod.console.tag_prompt'));
  if (!name) return;
  const one = shown?.id ?? items[current]?.id;
  const ids = selected.size ? [...selected] : (one ? [one] : []);
  if (!ids.length) return;
  if (ids.length === 1 && !selected.size) await post(`/api/v1/mod/contributions/${ids[0]}/edit`, { add_tags: [name] });
  else await post('/api/v1/mod/bulk', { ids, add_tags: [name] });
  selected.clear();
  await load();
  loadAudit();
  // A tag is a new version: the pane reads it back, so that the next key on it (c after t) is not
  // refused as stale.
  if (shown && ids.includes(shown.id)) await openId(shown.id);
}

async function loadAudit() {
  const entries = await api('/api/v1/mod/audit');
  $('audit').replaceChildren(...entries.slice(0, 15).map((a) =>
    el('li', { text: `${a.at} ${a.actor} ${a.action} ${a.subject ?? ''} ${a.detail?.reason ?? ''}` })));
}

// New contributions arrive without a reload: a light poll for anything newer than the list's head.
// Likewise the groups of listed items the duplicate grouper had not reached yet (shown ×…).
async function poll() {
  if (document.hidden || !newestSeen) return;
  const seq = loadSeq;
  const params = query({ limit: '1' });
  const data = await api(`/api/v1/mod/contributions?${params}`).catch(() => null);
  if (seq !== loadSeq) return;   // the list was reloaded meanwhile (maybe under another filter)
  const head = data?.items?.[0];
  const arrived = head && head.received_at > newestSeen;
  const grouping = items.some((i) => !i.grouped);   // shown ×…: their groups come within a round
  if ((arrived || grouping) && current <= 0) await reload();
}

// A voice note or picture (issue 15): played or shown from the moderators-only /mod/media route,
// its state when it is not stored, and the transcription that becomes the contribution's text.
function mediaBlock(d) {
  if (!d.media || d.media.length === 0) return [];
  const box = el('section', { class: 'media', 'aria-label': msg('mod.media.title') });
  for (const m of d.media) {
    if (m.state === 'pending') box.append(el('p', { class: 'media-state', text: msg('mod.media.pending') }));
    else if (m.state === 'refused' && m.reason === 'expired') {  // kept, then erased after the retention period
      box.append(el('p', { class: 'media-state expired', 'data-reason': m.reason, text: msg('mod.media.reason.expired') }));
    } else if (m.state === 'refused') {
      const reason = t[`mod.media.reason.${m.reason}`] ?? m.reason;
      box.append(el('p', { class: 'media-state refused', 'data-reason': m.reason, text: msg('mod.media.refused', { reason }) }));
    } else if (m.kind === 'audio') {
      box.append(el('audio', { controls: '', preload: 'auto', src: `/mod/media/${m.id}`, 'data-media': String(m.id) }));
    } else {
      box.append(el('img', { src: `/mod/media/${m.id}`, alt: msg('mod.media.title'), class: 'media-image', 'data-media': String(m.id) }));
    }
    if (m.state === 'stored' && canDecide) {
      const flip = el('button', { type: 'button', class: 'media-publish', text: msg(m.public ? 'mod.media.unpublish' : 'mod.media.publish') });
      flip.onclick = () => queueAction(async () => { await post(`/api/v1/mod/media/${m.id}/publish`, { public: !m.public }); await openId(d.id); loadAudit(); });
      box.append(flip);
    }
  }
  if (!canDecide) return [box];
  const area = el('textarea', { id: 'transcription', rows: '3', 'aria-label': msg('mod.media.transcription') });
  area.value = d.display_text ?? '';
  const language = el('select', { id: 'transcription-language' },
    el('option', { value: 'fr', text: 'français' }), el('option', { value: 'bm', text: 'bamanankan' }));
  if (d.language === 'bm') language.value = 'bm';
  const save = el('button', { type: 'button', id: 'save-transcription', text: msg('mod.media.save_transcription') });
  save.onclick = () => queueAction(async () => {
    try {
      await post(`/api/v1/mod/contributions/${d.id}/transcription`, { text: area.value, language: language.value });
    } catch (e) {
      return refused(e, d.id);
    }
    await openId(d.id);
    await load();
    loadAudit();
  });
  return [box, el('label', { for: 'transcription', text: msg('mod.media.transcription') }), area, language, save];
}

// Key presses run one after the other: `p` pressed while the previous decision (and the opening
// of the next contribution) is still on its way waits for it instead of acting on a pane in flux.
function queueAction(action) {
  keyChain = keyChain.then(action).catch((e) => (e.status === 404 ? gone() : showError(e.message)));
  return keyChain;
}

// What the pane showed was erased meanwhile (by its author's STOP or by another moderator): nothing
// of it is left to act on, and the list no longer holds it.
async function gone() {
  shown = null;
  delete $('detail').dataset.id;
  showError(msg('mod.console.gone'));
  await reload();
}

async function saveEdit(value) {
  if (!shown) { showError(msg('mod.console.open_first')); return; }
  const { id } = shown;
  try {
    await post(`/api/v1/mod/contributions/${id}/edit`, { edited_text: value });
  } catch (e) {
    return refused(e, id);
  }
  await openId(id);   // the edit is a new version: read it back before deciding on it
}

// The ids an action applies to: the selection, else the contribution shown in the detail pane.
function targets() {
  if (selected.size) return [...selected];
  return shown ? [shown.id] : [];
}

// After an action on one contribution: read it again (a new version) and refresh the list.
async function after(id) {
  selected.clear();
  await load();
  loadAudit();
  if (id) await openId(id);
}

// Confirms the themes shown (the suggested ones unless changed), or sets a new list, one or bulk.
async function setThemes(ask) {
  if (!canDecide) return;
  const ids = targets();
  if (!ids.length) { showError(msg('mod.console.open_first')); return; }
  const item = items.find((i) => i.id === ids[0]);
  const current = item ? (item.themes_confirmed || item.themes.length ? item.themes : item.suggested_themes) : [];
  let themes = current;
  if (ask) {
    const answer = prompt(msg('mod.console.themes_prompt'), current.join(' '));
    if (answer === null) return;
    themes = answer.split(/[\s,]+/).filter(Boolean);
  }
  try {
    if (ids.length === 1 && !selected.size) await post(`/api/v1/mod/contributions/${ids[0]}/edit`, { themes, version: shown.version });
    else {
      if (!confirm(msg('mod.console.confirm_bulk', { n: ids.length }))) return;
      await post('/api/v1/mod/bulk', { ids, themes });
    }
  } catch (e) { return refused(e, ids[0]); }
  await after(selected.size ? null : ids[0]);
}

async function removeTag() {
  if (!canDecide || !shown) { showError(msg('mod.console.open_first')); return; }
  const item = items.find((i) => i.id === shown.id);
  const name = prompt(msg('mod.console.untag_prompt'), item?.tags?.[0] ?? '');
  if (!name) return;
  const ids = targets();
  if (ids.length === 1 && !selected.size) await post(`/api/v1/mod/contributions/${ids[0]}/edit`, { remove_tags: [name] });
  else await post('/api/v1/mod/bulk', { ids, remove_tags: [name] });
  await after(shown?.id);
}

// Undoes the last decision taken in this console (store::undo_window on the server).
let lastDecided = null;
async function undoLast() {
  if (!canDecide) return;
  const id = lastDecided ?? shown?.id;
  if (!id) { showError(msg('mod.console.nothing_to_undo')); return; }
  try {
    await post(`/api/v1/mod/contributions/${id}/undo`, {});
  } catch (e) { return showError(e.message); }
  lastDecided = null;
  await after(id);
}

async function assign() {
  if (!canDecide) return;
  const ids = targets();
  if (!ids.length) { showError(msg('mod.console.open_first')); return; }
  const slugs = catalog.consultations.map((c) => c.slug);
  const slug = prompt(msg('mod.console.assign_prompt', { list: slugs.join(', ') }), slugs[0] ?? '');
  if (!slug) return;
  try {
    if (ids.length === 1 && !selected.size) await post(`/api/v1/mod/contributions/${ids[0]}/assign`, { consultation: slug, version: shown.version });
    else await post('/api/v1/mod/bulk', { ids, consultation: slug });
  } catch (e) { return refused(e, ids[0]); }
  await after(selected.size ? null : ids[0]);
}

function toggleHelp() {
  const help = $('help');
  if (help.open) help.close(); else help.showModal();
}

const keyActions = {
  j: () => { if (current < items.length - 1) { current += 1; render(); } },
  k: () => { if (current > 0) { current -= 1; render(); } },
  o: () => openCurrent(),
  Enter: () => openCurrent(),
  x: () => { if (items[current]) { const id = items[current].id; selected.has(id) ? selected.delete(id) : selected.add(id); render(); } },
  p: () => decide('publish'),
  P: () => publishGroup(),
  s: () => decide('spam'),
  r: async () => { const reason = await askReason(); if (reason) await decide('reject', { reason }); },
  d: async () => { const orig = prompt(msg('mod.console.dup_prompt')); if (orig) await decide('duplicate', { duplicate_of: Number(orig) }); },
  t: () => tag(),
  c: () => setThemes(false),
  T: () => setThemes(true),
  '-': () => removeTag(),
  a: () => decide('archive'),
  U: () => decide('unpublish'),
  O: () => decide('reopen'),
  u: () => undoLast(),
  g: () => assign(),
  '?': () => toggleHelp(),
};

document.addEventListener('keydown', (e) => {
  if (e.target.closest('input, textarea, select, dialog')) {
    if (e.key === 'Escape') e.target.blur();
    if (e.key === 'Enter' && e.target.id === 'edited' && !e.shiftKey) {
      e.preventDefault();
      const field = e.target;
      const value = field.value;
      queueAction(async () => { await saveEdit(value); field.blur(); });
    }
    return;
  }
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === '/') { e.preventDefault(); $('f-q').focus(); return; }
  const action = keyActions[e.key];
  if (action) queueAction(action);
});

// A list, a box or a date applies when it changes; the words typed (region, tag, search) apply on
// Enter or "Filtrer", every time: Enter again on the same search lists what arrived since (a change
// event would come only for a new value, and with Enter besides it would load the list twice).
const typed = (field) => field.type === 'text' || field.type === 'search';
$('filters').addEventListener('change', (e) => { if (!typed(e.target)) reload('filter'); });
$('filters').addEventListener('submit', (e) => { e.preventDefault(); reload('filter'); });
$('more').addEventListener('click', () => reload('more'));
$('bulk-publish').addEventListener('click', () => queueAction(() => decide('publish')));
$('bulk-spam').addEventListener('click', () => queueAction(() => decide('spam')));
$('bulk-tag').addEventListener('click', () => queueAction(tag));
$('matching').addEventListener('submit', applyToMatching);
if (!canDecide) for (const b of document.querySelectorAll('.bulk button, #all-apply')) b.disabled = true;

// Second factor: enrolled here, required at every login afterwards.
$('totp-begin').addEventListener('click', async () => {
  try {
    const r = await post('/api/v1/mod/totp/begin');
    $('totp-secret').textContent = r.secret.replace(/(.{4})/g, '$1 ').trim();
    $('totp-uri').textContent = r.uri;
    $('totp-setup').hidden = false;
    $('totp-begin').hidden = true;
    $('totp-code').focus();
  } catch (e) { $('totp-error').textContent = e.message; }
});
$('totp-confirm').addEventListener('click', async () => {
  try {
    const r = await post('/api/v1/mod/totp/confirm', { code: $('totp-code').value.trim() });
    $('totp-codes').replaceChildren(...r.recovery_codes.map((c) => el('li', {}, el('code', { text: c }))));
    $('totp-setup').hidden = true;
    $('totp-done').hidden = false;
    $('totp-error').textContent = '';
  } catch (e) { $('totp-error').textContent = e.message; }
});

// The analysts' full export of the chosen consultation (the first when "any" or "unrouted" is chosen);
// raw text is offered to admins only, and the server refuses it to anyone else.
function exportLinks() {
  const chosen = $('f-consultation').value;
  const slug = catalog.consultations.some((c) => c.slug === chosen) ? chosen : catalog.consultations[0]?.slug;
  const raw = role === 'admin' && $('export-raw').checked ? '&raw=1' : '';
  for (const format of ['csv', 'xlsx']) {
    const link = $(`export-${format}`);
    link.hidden = !slug;
    if (slug) link.href = `/api/v1/mod/consultations/${encodeURIComponent(slug)}/export?format=${format}${raw}&lang=${lang}`;
  }
}
$('export-raw-choice').hidden = role !== 'admin';
$('f-consultation').addEventListener('change', exportLinks);
$('export-raw').addEventListener('change', exportLinks);

fillFilters();
exportLinks();
setInterval(poll, 5000);
await reload();
await loadAudit();
