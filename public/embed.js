/*
 * The embed snippet's script: a chat bubble in the corner of any website that opens the
 * association's chat (served by the Sanad server) in a panel. `cfg` is filled in by the server.
 * Options on the script tag: data-lang="en" (default: the page's language, else Arabic),
 * data-position="right" or "left" (default: left on Arabic pages, right on others).
 */
var script = document.currentScript;
var origin = new URL(script.src).origin;
var pageLang = (document.documentElement.lang || '').toLowerCase();
var lang = script.getAttribute('data-lang') || (pageLang.indexOf('en') === 0 ? 'en' : 'ar');
if (lang !== 'en') lang = 'ar';
var side = script.getAttribute('data-position') || (lang === 'ar' ? 'left' : 'right');
if (side !== 'left') side = 'right';

function css(el, styles) {
  for (var k in styles) el.style.setProperty(k, styles[k]);
  return el;
}

var button = css(document.createElement('button'), {
  position: 'fixed', bottom: '20px', [side]: '20px', 'z-index': '2147483000',
  width: '60px', height: '60px', 'border-radius': '50%', border: 'none', cursor: 'pointer',
  background: cfg.colour, color: '#fff', 'box-shadow': '0 4px 14px rgba(0,0,0,.25)',
  display: 'flex', 'align-items': 'center', 'justify-content': 'center', padding: '0'
});
button.type = 'button';
button.setAttribute('aria-label', cfg.texts.openChat[lang]);
button.title = cfg.texts.openChat[lang];
button.setAttribute('aria-expanded', 'false');
button.innerHTML = '<svg width="28" height="28" viewBox="0 0 24 24" aria-hidden="true" fill="currentColor"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>';

var panel = null;
function open() {
  if (!panel) {
    panel = css(document.createElement('div'), {
      position: 'fixed', bottom: '92px', [side]: '20px', 'z-index': '2147483000',
      width: 'min(400px, calc(100vw - 40px))', height: 'min(640px, calc(100vh - 120px))',
      'border-radius': '14px', overflow: 'hidden', background: '#fff',
      'box-shadow': '0 8px 30px rgba(0,0,0,.25)', display: 'none'
    });
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-label', cfg.name[lang]);
    var frame = css(document.createElement('iframe'), { border: '0', width: '100%', height: '100%' });
    frame.title = cfg.name[lang];
    frame.src = origin + '/chat' + (lang === 'en' ? '?lang=en' : '');
    frame.allow = 'clipboard-write';
    panel.appendChild(frame);
    document.body.appendChild(panel);
  }
  var opening = panel.style.display === 'none';
  panel.style.display = opening ? 'block' : 'none';
  button.setAttribute('aria-expanded', String(opening));
  var label = opening ? cfg.texts.closeChat[lang] : cfg.texts.openChat[lang];
  button.setAttribute('aria-label', label);
  button.title = label;
}
button.addEventListener('click', open);
document.addEventListener('keydown', function (e) {
  if (e.key === 'Escape' && panel && panel.style.display !== 'none') open();
});
(document.body ? Promise.resolve() : new Promise(function (r) { document.addEventListener('DOMContentLoaded', r); })).then(function () {
  document.body.appendChild(button);
});
