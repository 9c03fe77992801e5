// Applied before the first paint so a dark-theme seller never sees a white flash. A classic script loaded from
// /assets (vite.config.ts emits it), not inline: the app's Content-Security-Policy allows no inline script.
try {
  var t = localStorage.getItem('vintedbot.theme');
  if (t === 'dark' || (t !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches)) document.documentElement.classList.add('dark');
  var l = localStorage.getItem('vintedbot.lang');
  if (l === 'en') document.documentElement.lang = 'en';
} catch (e) {}
