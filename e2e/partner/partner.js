// The partner's integration code: the documented frontend flow (authentication-module docs, "Frontend option 2"),
// calling the gateway cross-origin. window.partner is what the test reads; nothing here knows it is under test.
(function () {
  'use strict';
  var params = new URLSearchParams(location.search);
  var gateway = params.get('gateway');
  var userId = params.get('userId') || 'user_123';
  var state = window.partner = { token: null, error: null, events: [], widget: null };
  var statusEl = document.getElementById('status');
  var eventsEl = document.getElementById('events');
  document.getElementById('origin').textContent = location.origin;

  function status(text, kind) {
    statusEl.textContent = text;
    statusEl.className = kind || '';
  }

  var loader = document.createElement('script');
  loader.src = params.get('loader');
  document.head.appendChild(loader);

  document.getElementById('connect').addEventListener('click', async function () {
    status('Asking the gateway for a widget token…');
    try {
      var response = await fetch(gateway + '/api/airbyte/widget-token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ userId: userId })
      });
      if (!response.ok) { throw new Error('HTTP ' + response.status); }
      var body = await response.json();
      state.token = { workspaceId: body.workspaceId, widgetUrl: body.widgetUrl, expiresAt: body.expiresAt };
      status('Token for workspace ' + body.workspaceId + ', expires ' + body.expiresAt + '. Widget open.', 'ok');
      state.widget = new window.AirbyteEmbeddedWidget({
        token: body.token,
        onEvent: function (event) {
          state.events.push(event);
          eventsEl.textContent = state.events.map(function (e) {
            return e.type + ': ' + e.message + (e.data ? ' (' + e.data.name + ')' : '');
          }).join('\n');
          if (event.message === 'source_created') { status('Source created: ' + event.data.name, 'ok'); }
        }
      });
      state.widget.open();
    } catch (error) {
      // A CORS rejection surfaces here as a TypeError: the page cannot read any response at all.
      state.error = error.name + ': ' + error.message;
      status('Could not get a widget token: ' + state.error, 'error');
    }
  });
})();
