/* tandem.js - optional enhancements; every page works without it.
   - [data-confirm] on a button, link or form: ask before going on.
   - <html data-accent="#rrggbb">: use the brand colour for --accent
     (through the CSSOM, which the Content-Security-Policy allows; no inline style). */
(function () {
  'use strict';

  var root = document.documentElement;
  var accent = root.getAttribute('data-accent');
  if (accent && /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(accent)) {
    root.style.setProperty('--accent', accent);
  }

  function ask(el) {
    var msg = el.getAttribute('data-confirm');
    return !msg || window.confirm(msg);
  }

  /* buttons and links: a click (also the synthetic one of Enter in a form) */
  document.addEventListener('click', function (ev) {
    var t = ev.target;
    var el = t && t.closest ? t.closest('[data-confirm]') : null;
    if (!el || el.tagName === 'FORM') return;
    if (el.disabled) return;
    if (!ask(el)) {
      ev.preventDefault();
      ev.stopImmediatePropagation();
    }
  }, true);

  /* whole forms: any way of submitting them */
  document.addEventListener('submit', function (ev) {
    var f = ev.target;
    if (f && f.hasAttribute && f.hasAttribute('data-confirm') && !ask(f)) {
      ev.preventDefault();
    }
  }, true);
}());
