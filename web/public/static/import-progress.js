// Enhances the import progress page: swaps in the fresh progress every second instead of
// reloading the whole page (the page's <meta http-equiv="refresh"> does the same without JS).
(() => {
  const box = document.getElementById('import-job');
  if (!box) return;
  const refresh = document.querySelector('meta[http-equiv="refresh"]');
  if (refresh) refresh.remove();
  const tick = async () => {
    const response = await fetch(location.href, { credentials: 'same-origin' });
    if (!response.ok) return setTimeout(tick, 2000);
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    const fresh = page.getElementById('import-job');
    if (fresh) box.innerHTML = fresh.innerHTML;
    const status = box.querySelector('[data-status]');
    if (status && status.getAttribute('data-status') === 'running') setTimeout(tick, 1000);
  };
  setTimeout(tick, 1000);
})();
