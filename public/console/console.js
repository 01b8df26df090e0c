/* Sanad officers' console: the live parts. The pages work without this script (plain forms);
   with it, the queue and the transcript follow server-sent events, and a new chat rings and
   shows a badge in the tab's title. */
(function () {
  'use strict';
  document.documentElement.classList.add('js');
  var body = document.body;
  // "Edit first": a quick reply or the suggested answer goes into the reply box.
  document.addEventListener('click', function (e) {
    var fill = e.target && e.target.getAttribute && e.target.getAttribute('data-fill');
    var box = document.getElementById('text');
    if (fill === null || !box) return;
    box.value = fill;
    box.focus();
  });
  var page = body.getAttribute('data-page');
  if (page !== 'queue' && page !== 'conversation') return;
  var handoff = body.getAttribute('data-handoff');
  var baseTitle = document.title;
  var waiting = -1;
  // A form being sent navigates by itself: events it causes must not reload the page under it.
  var submitting = false;
  document.addEventListener('submit', function () { submitting = true; });

  function beep() {
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) return;
      var ctx = new Ctx();
      var osc = ctx.createOscillator();
      var gain = ctx.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.08;
      osc.connect(gain);
      gain.connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.18);
    } catch (e) { /* sound is a courtesy */ }
  }

  function badge(count, rang) {
    document.title = count > 0 ? '(' + count + ') ' + baseTitle : baseTitle;
    if (rang && count > waiting && waiting >= 0) beep();
    waiting = count;
  }

  function swap(id, url, after) {
    fetch(url, { credentials: 'same-origin', headers: { accept: 'text/html' } }).then(function (res) {
      if (res.redirected || res.status !== 200) return null;
      return res.text();
    }).then(function (html) {
      if (html === null || html === undefined) return;
      var el = document.getElementById(id);
      if (el) el.innerHTML = html;
      if (after) after(el);
    }).catch(function () { /* the next event tries again */ });
  }

  function refreshQueue(rang) {
    swap('queue', '/console/fragments/queue', function (el) {
      var b = el && el.querySelector('.badge');
      badge(b ? Number(b.getAttribute('data-count')) : 0, rang);
    });
  }

  if (page === 'queue') {
    var b = document.querySelector('#queue .badge');
    badge(b ? Number(b.getAttribute('data-count')) : 0, false);
  } else {
    var list = document.querySelector('.transcript');
    if (list && list.lastElementChild) list.lastElementChild.scrollIntoView({ block: 'end' });
  }

  if (!window.EventSource) return;
  var source = new EventSource('/console/events');
  source.onmessage = function (e) {
    var event;
    try { event = JSON.parse(e.data); } catch (err) { return; }
    if (page === 'queue') return refreshQueue(event.type === 'queued');
    if (event.handoff === handoff) {
      if (event.type === 'message') {
        swap('transcript', '/console/fragments/handoffs/' + encodeURIComponent(handoff), function (el) {
          var last = el && el.querySelector('.transcript li:last-child');
          if (last) last.scrollIntoView({ block: 'end' });
        });
      } else {
        // Claimed, transferred or closed by someone: the buttons change, so the page is reloaded.
        if (!submitting) window.location.reload();
      }
    }
  };
})();
