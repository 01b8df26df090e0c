/*
 * The chat page: renders the official Web Chat widget (served by this server) against our own
 * Direct Line, in Arabic (right to left) or English. The conversation is kept for this tab only
 * (sessionStorage), so a reload reconnects to it with its history, and closing the tab ends it.
 */
(function () {
  'use strict';
  var cfg = JSON.parse(document.getElementById('sanad-config').textContent);
  var chat = document.getElementById('webchat');
  var switcher = document.getElementById('lang');
  var origin = location.origin;
  var KEY = 'sanad.webchat';
  var lang = cfg.lang;
  var store, directLine, saveTimer;

  function widgetLocale(l) { return l === 'ar' ? 'ar-SA' : 'en-US'; }

  function showStatus(key, error) {
    chat.innerHTML = '';
    var p = document.createElement('p');
    p.className = 'status' + (error ? ' error' : '');
    p.setAttribute('role', error ? 'alert' : 'status');
    p.setAttribute('data-t', key);
    p.textContent = cfg.texts[key][lang];
    chat.appendChild(p);
  }

  function applyTexts() {
    document.documentElement.lang = lang;
    document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
    document.title = cfg.name[lang];
    // data-t: the page's own texts; data-p: the association's profile (name, address, hours).
    var nodes = document.querySelectorAll('[data-t], [data-p]');
    for (var i = 0; i < nodes.length; i++) {
      var t = nodes[i].getAttribute('data-t');
      var entry = t ? cfg.texts[t] : cfg.profile[nodes[i].getAttribute('data-p')];
      if (entry) nodes[i].textContent = entry[lang];
    }
    if (chat) chat.setAttribute('aria-label', cfg.texts.chatTitle[lang]);
  }

  /** The claims of our token (a JWT): when it expires. */
  function expiryOf(token) {
    try {
      var part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(atob(part)).exp * 1000;
    } catch (e) {
      return 0;
    }
  }

  function saved() {
    try {
      var s = JSON.parse(sessionStorage.getItem(KEY) || 'null');
      return s && expiryOf(s.token) > Date.now() + 60000 ? s : null;
    } catch (e) {
      return null;
    }
  }

  function remember(conversationId, token) {
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ conversationId: conversationId, token: token }));
    } catch (e) { /* private mode: the conversation lasts as long as the page */ }
  }

  function forget() {
    try { sessionStorage.removeItem(KEY); } catch (e) { /* nothing kept */ }
  }

  function newToken() {
    return fetch('/api/webchat/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ locale: widgetLocale(lang) })
    }).then(function (res) {
      if (!res.ok) throw new Error('token ' + res.status);
      return res.json();
    });
  }

  function render() {
    if (!directLine) return;
    var c = cfg.colour;
    window.WebChat.renderWebChat({
      directLine: directLine,
      store: store,
      locale: widgetLocale(lang),
      styleOptions: {
        accent: c,
        primaryFont: getComputedStyle(document.body).fontFamily,
        backgroundColor: '#ffffff',
        rootHeight: '100%',
        botAvatarInitials: cfg.initials[lang],
        botAvatarBackgroundColor: c,
        bubbleBackground: '#eef3f2',
        bubbleBorderWidth: 0,
        bubbleBorderRadius: 14,
        bubbleFromUserBackground: c,
        bubbleFromUserTextColor: '#ffffff',
        bubbleFromUserBorderWidth: 0,
        bubbleFromUserBorderRadius: 14,
        bubbleMaxWidth: 520,
        suggestedActionLayout: 'flow',
        suggestedActionBackgroundColor: '#ffffff',
        suggestedActionBorderColor: c,
        suggestedActionTextColor: c,
        suggestedActionBorderRadius: 18,
        suggestedActionBackgroundColorOnHover: '#eef3f2',
        sendBoxButtonColorOnHover: c,
        hideUploadButton: false,
        uploadAccept: 'image/*,application/pdf',
        uploadMultiple: false,
        timestampFormat: 'absolute'
      }
    }, chat);
  }

  function connect(resumed) {
    var session = resumed || null;
    var ready = session ? Promise.resolve(session) : newToken().then(function (t) { return { token: t.token, conversationId: t.conversationId, fresh: true }; });
    return ready.then(function (s) {
      chat.innerHTML = '';
      store = window.WebChat.createStore();
      directLine = window.WebChat.createDirectLine({
        domain: origin + '/v3/directline',
        token: s.token,
        conversationId: s.fresh ? undefined : s.conversationId,
        webSocket: true,
        conversationStartProperties: { locale: widgetLocale(lang) }
      });
      remember(s.conversationId, s.token);
      clearInterval(saveTimer);
      // The widget refreshes its token every 15 minutes; keep the newest for a reload.
      saveTimer = setInterval(function () { if (directLine.token) remember(s.conversationId, directLine.token); }, 60000);
      directLine.connectionStatus$.subscribe(function (status) {
        // 4: failed to connect, 5: ended (an expired or unknown conversation): start afresh once.
        if ((status === 4 || status === 5) && !s.fresh) {
          forget();
          connect(null).catch(failed);
        }
      });
      render();
    });
  }

  function failed() {
    showStatus('failed', true);
  }

  function switchLanguage() {
    lang = lang === 'ar' ? 'en' : 'ar';
    applyTexts();
    try { history.replaceState(null, '', lang === 'en' ? '?lang=en' + (cfg.embedded ? '&embed=1' : '') : location.pathname); } catch (e) { /* fine */ }
    render();
    // Tell the bot too, so it answers in the new language (hidden from the transcript).
    if (store) {
      store.dispatch({
        type: 'WEB_CHAT/SEND_MESSAGE_BACK',
        payload: { text: lang === 'ar' ? 'عربي' : 'English', value: { choiceId: lang === 'ar' ? 'cmd:arabic' : 'cmd:english' } }
      });
    }
  }

  applyTexts();
  if (switcher) switcher.addEventListener('click', switchLanguage);
  if (!window.WebChat) {
    showStatus('noBundle', true);
    return;
  }
  showStatus('loading', false);
  connect(saved()).catch(failed);
})();
