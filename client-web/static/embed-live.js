// Keeps the embed live over Server-Sent Events; without it the page is a complete snapshot.
(() => {
  const b = document.body.dataset;
  const list = document.getElementById('quotes');
  const limit = Math.max(1, Math.min(10, Number(b.limit) || 5));
  const resize = () => parent.postMessage({ baro: 'height', slug: b.slug, height: document.documentElement.scrollHeight }, '*');
  const view = b.view || 'themes';
  const svg = view === 'themes' ? document.querySelector('svg.chart') : null;
  // The other views (map, trend, language, channel) are drawn by the server: on a new summary the
  // page is fetched again (cached there per summary version) and its figure swapped in; a response
  // that arrives after a newer one started is dropped.
  let asked = 0;
  const redraw = async () => {
    const mine = ++asked;
    const r = await fetch(location.href, { cache: 'no-cache' }).catch(() => null);
    if (!r || !r.ok || mine !== asked) return;
    const doc = new DOMParser().parseFromString(await r.text(), 'text/html');
    const fresh = doc.querySelector('figure[data-chart]');
    if (mine !== asked || !fresh) return;
    document.querySelector('figure[data-chart]')?.replaceWith(document.importNode(fresh, true));
    resize();
  };
  const bars = (counts) => {
    if (!svg) return;
    const by = new Map(counts.map((c) => [c.key, c.count]));
    const max = Math.max(1, ...by.values());
    for (const g of svg.querySelectorAll('g[data-key]')) {
      const n = by.get(g.dataset.key) || 0;
      const w = Math.floor(n * 270 / max);
      g.querySelector('rect').setAttribute('width', w);
      const t = g.querySelector('text.n');
      t.setAttribute('x', w + 4);
      t.textContent = n;
    }
  };
  const item = (c) => {
    const li = document.createElement('li');
    li.dataset.id = c.id;
    const q = document.createElement('blockquote');
    q.textContent = c.text;
    const meta = document.createElement('p');
    meta.className = 'meta';
    meta.textContent = (c.region ? c.region + ' · ' : '') + c.published_at.slice(0, 10) + (c.sent_by > 1 ? ` · ×${c.sent_by}` : '');
    li.append(q, meta);
    return li;
  };
  const src = new EventSource(`/api/v1/consultations/${encodeURIComponent(b.slug)}/events?lang=${encodeURIComponent(b.lang)}`);
  src.onopen = () => { document.getElementById('live').hidden = false; };
  src.addEventListener('summary', (e) => {
    const s = JSON.parse(e.data);
    document.getElementById('total').textContent = s.total;
    if (view === 'themes') bars(s.by_theme);
    else redraw();
    resize();
  });
  src.addEventListener('contribution', (e) => {
    const m = JSON.parse(e.data);
    if (!list) return;  // a single chart: no quotes to follow
    if (m.event === 'unpublish') {
      list.querySelector(`li[data-id="${Number(m.id)}"]`)?.remove();
    } else if (m.contribution && (!b.theme || m.contribution.themes.includes(b.theme))) {
      list.querySelector(`li[data-id="${Number(m.contribution.id)}"]`)?.remove();
      list.prepend(item(m.contribution));
      while (list.children.length > limit) list.lastElementChild.remove();
      document.getElementById('empty').textContent = '';
    }
    resize();
  });
  addEventListener('load', resize);
  addEventListener('resize', resize);
  resize();
})();
