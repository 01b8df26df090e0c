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

  // Swaps a live part for its fresh HTML; `done` runs either way.
  function swap(id, url, after, done) {
    fetch(url, { credentials: 'same-origin', headers: { accept: 'text/html' } }).then(function (res) {
      if (res.redirected || res.status !== 200) return null;
      return res.text();
    }).then(function (html) {
      if (html === null || html === undefined) return;
      var el = document.getElementById(id);
      if (el) el.innerHTML = html;
      if (after) after(el);
    }).catch(function () { /* the next event tries again */ }).then(done, done);
  }

  // Events come in bursts (a busy minute, or what a reconnect is sent): one fetch at a time,
  // and one more after it when events came meanwhile, never one per event.
  function coalesced(run) {
    var busy = false;
    var again = false;
    var flag = false;
    return function go(f) {
      if (busy) { again = true; flag = flag || Boolean(f); return; }
      busy = true;
      run(Boolean(f), function () {
        busy = false;
        if (!again) return;
        var next = flag;
        again = false;
        flag = false;
        go(next);
      });
    };
  }

  var refreshQueue = coalesced(function (rang, done) {
    swap('queue', '/console/fragments/queue', function (el) {
      var b = el && el.querySelector('.badge');
      badge(b ? Number(b.getAttribute('data-count')) : 0, rang);
    }, done);
  });

  var refreshTranscript = coalesced(function (_, done) {
    swap('transcript', '/console/fragments/handoffs/' + encodeURIComponent(handoff), function (el) {
      var last = el && el.querySelector('.transcript li:last-child');
      if (last) last.scrollIntoView({ block: 'end' });
    }, done);
  });

  if (page === 'queue') {
    var b = document.querySelector('#queue .badge');
    badge(b ? Number(b.getAttribute('data-count')) : 0, false);
  } else {
    var list = document.querySelector('.transcript');
    if (list && list.lastElementChild) list.lastElementChild.scrollIntoView({ block: 'end' });
  }

  if (!window.EventSource) return;
  // A conversation page hears only its own chat; the queue page every change but messages. Each
  // event has an id: after a reconnect the browser sends the last one (Last-Event-ID) and the
  // server sends what was missed, or `resync` when that is older than it keeps.
  var source = new EventSource(page === 'queue' ? '/console/events' : '/console/events?handoff=' + encodeURIComponent(handoff));
  source.onmessage = function (e) {
    var event;
    try { event = JSON.parse(e.data); } catch (err) { return; }
    if (page === 'queue') return refreshQueue(event.type === 'queued');
    if (event.type === 'message' && event.handoff === handoff) return refreshTranscript();
    // Claimed, transferred or closed by someone (or missed events): the buttons may change, so the page is reloaded.
    if (event.type === 'resync' || event.handoff === handoff) {
      if (!submitting) window.location.reload();
    }
  };
})();
