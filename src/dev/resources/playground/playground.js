// The playground's own code: the same flow a partner writes (see the snippets), plus a look inside each step.
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var config = null;
  var widget = null;
  var events = [];

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node[k] = attrs[k]; });
    (children || []).forEach(function (c) { node.append(c); });
    return node;
  }

  function decodeBase64Json(text) {
    var b64 = text.replace(/-/g, '+').replace(/_/g, '/');
    while (b64.length % 4) { b64 += '='; }
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(b64), function (c) { return c.charCodeAt(0); })));
  }

  function short(secret) { return secret.slice(0, 12) + '… (' + secret.length + ' chars)'; }

  function rows(pairs) {
    return el('table', {}, pairs.map(function (p) {
      var value = p[1] instanceof Node ? p[1] : document.createTextNode(String(p[1]));
      return el('tr', {}, [el('td', { textContent: p[0] }), el('td', {}, [value])]);
    }));
  }

  function showToken(body) {
    var inner = decodeBase64Json(body.token);
    var claims = decodeBase64Json(inner.token.split('.')[1]);
    var bound = new URL(body.widgetUrl).searchParams.get('allowedOrigin');
    var match = bound === location.origin;
    var minutes = Math.round((new Date(body.expiresAt) - Date.now()) / 60000);
    $('token').replaceChildren(rows([
      ['workspaceId', body.workspaceId],
      ['expiresAt', body.expiresAt + ' (in ' + minutes + ' min)'],
      ['widgetUrl', body.widgetUrl],
      ['allowedOrigin', el('span', { className: match ? 'ok' : 'bad',
        textContent: bound + (match ? '  ✓ this page' : '  ✗ not this page (' + location.origin +
          '): the widget\'s messages will never arrive') })],
      ['token', short(body.token) + ': base64 of {token, widgetUrl}'],
      ['token.token', short(inner.token) + ': the scoped JWT the loader hands to the iframe'],
      ['JWT claims', el('pre', { textContent: JSON.stringify(claims, null, 2) })]
    ]));
  }

  function showProblem(status, body) {
    $('token').replaceChildren(el('div', { className: 'bad', textContent: 'HTTP ' + status }),
      el('pre', { textContent: typeof body === 'string' ? body : JSON.stringify(body, null, 2) }));
  }

  // What a partner's frontend does with the widget's event: forward it, so its backend gets a verified webhook.
  function forward(event) {
    var message = event.message;
    if ((message === 'source_created' || message === 'partial_user_config_created') && event.data && event.data.id) {
      fetch('/api/airbyte/events', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ userId: $('userId').value, type: 'source_created', sourceId: event.data.id })
      });
    }
  }

  async function showWebhooks() {
    try {
      var list = await (await fetch('/playground/webhooks')).json();
      if (list.length) {
        $('webhooks').replaceChildren.apply($('webhooks'), list.map(function (d) {
          return el('li', {}, [el('strong', { textContent: d.webhookId }), ' ',
            el('span', { className: d.verified ? 'ok' : 'bad', textContent: d.verified ? '✓ signature verified' : '✗ bad signature' }),
            el('pre', { textContent: JSON.stringify(d.event, null, 2) })]);
        }));
      }
    } catch (ignored) { /* the next poll tries again */ }
  }

  function onEvent(event) {
    forward(event);
    events.push(event);
    $('events').replaceChildren.apply($('events'), events.map(function (e) {
      return el('li', {}, [el('strong', { textContent: e.message || e.type }), ' ',
        el('span', { className: 'muted', textContent: new Date().toLocaleTimeString() }),
        el('pre', { textContent: JSON.stringify(e, null, 2) })]);
    }));
  }

  async function connect() {
    $('connect').disabled = true;
    try {
      var response = await fetch('/api/airbyte/widget-token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ userId: $('userId').value })
      });
      var text = await response.text();
      var body;
      try { body = JSON.parse(text); } catch (notJson) { body = text; }
      if (!response.ok) { showProblem(response.status, body); return; }
      showToken(body);
      if (widget) { widget.destroy(); }
      widget = new window.AirbyteEmbeddedWidget({ token: body.token, onEvent: onEvent });
      widget.open();
    } catch (error) {
      showProblem('(no response)', String(error));
    } finally {
      $('connect').disabled = false;
    }
  }

  async function start() {
    config = await (await fetch('/playground/config')).json();
    ['react', 'packageJson', 'cdn'].forEach(function (k) { $(k).textContent = config.snippets[k]; });
    var note = 'Allowed origins: ' + config.allowedOrigins.join(', ') + '. This page (' + location.origin +
      ') is same-origin with the gateway, which binds its tokens to the default origin, ' + config.defaultOrigin + '.';
    $('origin-note').textContent = note;
    if (config.defaultOrigin !== location.origin) {
      $('origin-note').className = 'note warn';
      $('origin-note').textContent = note + ' Open the playground at ' + config.defaultOrigin +
        '/ instead, or the widget cannot answer this page.';
    }
    document.querySelectorAll('button.copy').forEach(function (b) {
      b.addEventListener('click', function () { navigator.clipboard.writeText(config.snippets[b.dataset.copy]); });
    });
    var loader = el('script', { src: config.loaderUrl });
    loader.onload = function () { $('connect').disabled = false; };
    loader.onerror = function () { showProblem('(loader)', 'Could not load the widget loader from ' + config.loaderUrl); };
    document.head.appendChild(loader);
    $('connect').addEventListener('click', connect);
    setInterval(showWebhooks, 1000);
  }

  start();
})();
