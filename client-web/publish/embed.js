// baro embed: replaces each <div data-baro="SLUG"> with a live iframe that sizes itself.
(() => {
  const me = document.currentScript;
  const origin = me ? new URL(me.src).origin : '';
  const frames = (window.__baroFrames = window.__baroFrames || new Set());
  for (const div of document.querySelectorAll('div[data-baro]:not([data-baro-ready])')) {
    div.setAttribute('data-baro-ready', '');
    const p = new URLSearchParams();
    for (const k of ['lang', 'theme', 'limit']) if (div.dataset[k]) p.set(k, div.dataset[k]);
    const f = document.createElement('iframe');
    f.src = `${origin}/embed/${encodeURIComponent(div.dataset.baro)}?${p}`;
    f.title = 'baro';
    f.loading = 'lazy';
    f.style.cssText = 'width:100%;border:0;height:560px;display:block';
    div.replaceChildren(f);
    frames.add(f);
  }
  if (window.__baroListening) return;
  window.__baroListening = true;
  addEventListener('message', (e) => {
    if ((origin && e.origin !== origin) || !e.data || e.data.baro !== 'height') return;
    for (const f of frames) {
      if (f.contentWindow === e.source) f.style.height = `${Math.ceil(Number(e.data.height) || 0) + 2}px`;
    }
  });
})();
