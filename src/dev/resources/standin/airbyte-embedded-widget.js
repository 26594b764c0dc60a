/*
 * Stand-in for @airbyte-embedded/airbyte-embedded-widget (dev mode and tests only; never packaged).
 *
 * Written from the protocol in docs/airbyte-contract.md, not from the real package, which is proprietary. Same public
 * API: new AirbyteEmbeddedWidget({token, onEvent}), open(), updateToken(token), destroy(). Loaded as a classic script it
 * sets window.AirbyteEmbeddedWidget, like the package's CDN build.
 *
 * One deliberate difference: the real widget accepts a message when it comes from the widget's origin OR from the
 * iframe's window; this stand-in requires both.
 */
(function (global) {
  'use strict';

  var STYLE_ID = 'airbyte-widget-standin-style';

  function decodeToken(token) {
    try {
      // Standard base64 as Airbyte sends it; URL-safe alphabet and missing padding are accepted too.
      var base64 = String(token).replace(/-/g, '+').replace(/_/g, '/');
      while (base64.length % 4 !== 0) { base64 += '='; }
      var bytes = Uint8Array.from(global.atob(base64), function (c) { return c.charCodeAt(0); });
      var payload = JSON.parse(new TextDecoder().decode(bytes));
      if (!payload || typeof payload.widgetUrl !== 'string' || typeof payload.token !== 'string') {
        throw new Error('no widgetUrl and token in the payload');
      }
      return { scopedAuthToken: payload.token, widgetUrl: payload.widgetUrl };
    } catch (e) {
      throw new Error('Failed to decode token: ' + e.message);
    }
  }

  function injectStyle(document) {
    if (document.getElementById(STYLE_ID)) { return; }
    var style = document.createElement('style');
    style.id = STYLE_ID;
    style.textContent =
      '.airbyte-widget-dialog-wrapper{padding:0;border:0;border-radius:12px;box-shadow:0 12px 48px rgba(0,0,0,.3);}' +
      '.airbyte-widget-dialog-wrapper::backdrop{background:rgba(15,15,40,.45);}' +
      '.airbyte-widget-dialog-wrapper iframe{display:block;width:500px;height:560px;max-height:calc(100vh - 120px);border:0;}' +
      '.airbyte-widget-branding{height:36px;line-height:36px;text-align:center;font:12px system-ui,sans-serif;' +
      'color:#666;background:#f6f6fb;border-top:1px solid #e4e4ef;}';
    document.head.appendChild(style);
  }

  function AirbyteEmbeddedWidget(options) {
    if (!(this instanceof AirbyteEmbeddedWidget)) { throw new TypeError('use new AirbyteEmbeddedWidget(...)'); }
    options = options || {};
    var decoded = decodeToken(options.token);
    var document = global.document;
    this._scopedAuthToken = decoded.scopedAuthToken;
    this._widgetOrigin = new URL(decoded.widgetUrl).origin;
    this._onEvent = typeof options.onEvent === 'function' ? options.onEvent : function () {};

    injectStyle(document);
    this._dialog = document.createElement('dialog');
    this._dialog.className = 'airbyte-widget-dialog-wrapper';
    this._iframe = document.createElement('iframe');
    this._iframe.src = decoded.widgetUrl;
    this._iframe.allow = 'fullscreen';
    this._iframe.title = 'Airbyte';
    var branding = document.createElement('div');
    branding.className = 'airbyte-widget-branding';
    branding.textContent = 'Powered by Airbyte (stand-in)';
    this._dialog.appendChild(this._iframe);
    this._dialog.appendChild(branding);
    document.body.appendChild(this._dialog);

    this._listener = this._onMessage.bind(this);
    global.addEventListener('message', this._listener);
  }

  AirbyteEmbeddedWidget.prototype._onMessage = function (event) {
    if (event.source === global) { return; }
    if (event.origin !== this._widgetOrigin || event.source !== this._iframe.contentWindow) { return; }
    var data = event.data;
    if (data === 'auth_token_request') {
      this._sendToken();
    } else if (data === 'CLOSE_DIALOG') {
      this._dialog.close();
    } else if (data !== null && typeof data === 'object') {
      this._onEvent(data);
    }
  };

  AirbyteEmbeddedWidget.prototype._sendToken = function () {
    if (this._iframe.contentWindow) {
      this._iframe.contentWindow.postMessage({ scopedAuthToken: this._scopedAuthToken }, this._widgetOrigin);
    }
  };

  /** Shows the widget as a modal dialog. */
  AirbyteEmbeddedWidget.prototype.open = function () {
    if (!this._dialog.open) { this._dialog.showModal(); }
  };

  /** Hands a freshly minted token to the open widget (tokens live about 20 minutes). */
  AirbyteEmbeddedWidget.prototype.updateToken = function (token) {
    this._scopedAuthToken = decodeToken(token).scopedAuthToken;
    this._sendToken();
  };

  /** Removes the dialog and the message listener. */
  AirbyteEmbeddedWidget.prototype.destroy = function () {
    global.removeEventListener('message', this._listener);
    this._dialog.remove();
  };

  global.AirbyteEmbeddedWidget = AirbyteEmbeddedWidget;
})(window);
