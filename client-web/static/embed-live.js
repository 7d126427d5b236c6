// Keeps the embed live over Server-Sent Events; without it the page is a complete snapshot.
(() => {
  const b = document.body.dataset;
  const list = document.getElementById('quotes');
  const limit = Math.max(1, Math.min(10, Number(b.limit) || 5));
  const resize = () => parent.postMessage({ baro: 'height', slug: b.slug, height: document.documentElement.scrollHeight }, '*');
  const svg = document.querySelector('svg.chart');
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
    bars(s.by_theme);
    resize();
  });
  src.addEventListener('contribution', (e) => {
    const m = JSON.parse(e.data);
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
