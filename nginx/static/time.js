/* time.js - optional: live row, day and week totals on the timesheet grid while typing.
   The page works without it; the server computes the same totals on save. Durations
   are read like src/timecalc.c does: 1.5, 1,5, 1:30, 90m, 1h30. */
(function () {
  'use strict';
  var table = document.querySelector('table.timesheet');
  if (!table) return;

  function minutes(s) {
    var m;
    s = String(s || '').trim();
    if (s === '') return 0;
    if ((m = /^(\d*)[.,](\d{1,2})$/.exec(s)) && (m[1] !== '' || m[2] !== '')) {
      var frac = m[2].length === 1 ? m[2] * 10 : +m[2];
      return (+m[1] || 0) * 60 + Math.floor((frac * 60 + 50) / 100);
    }
    if ((m = /^(\d+)$/.exec(s))) return m[1] * 60;
    if ((m = /^(\d+):([0-5]\d)$/.exec(s))) return m[1] * 60 + +m[2];
    if ((m = /^(\d+)\s*m(in)?$/i.exec(s))) return +m[1];
    if ((m = /^(\d+)\s*h\s*(?:(\d{1,2})\s*m?)?$/i.exec(s)) && !(m[2] > 59)) return m[1] * 60 + (+m[2] || 0);
    return NaN;
  }

  /* h:mm, as layout.xsl's `hours` template writes it: 1 → "0:01", 465 → "7:45" */
  function hours(min) {
    var m = Math.round(min);
    return Math.floor(m / 60).toLocaleString('en-US') + ':' + String(m % 60).padStart(2, '0');
  }

  function update() {
    var days = [0, 0, 0, 0, 0, 0, 0], week = 0;
    table.querySelectorAll('tbody tr').forEach(function (tr) {
      var row = 0, cells = tr.querySelectorAll('input.hours-input');
      cells.forEach(function (input, d) {
        var m = minutes(input.value);
        input.classList.toggle('is-invalid', isNaN(m));
        if (isNaN(m)) return;
        row += m; days[d] += m;
      });
      week += row;
      var total = tr.querySelector('.row-total');
      if (total) total.textContent = hours(row);
    });
    table.querySelectorAll('tfoot .day-total').forEach(function (td, d) { td.textContent = hours(days[d]); });
    var wt = table.querySelector('tfoot .week-total strong');
    if (wt) wt.textContent = hours(week);
  }

  table.addEventListener('input', update);
  // a grid sent back with a bad cell (422) shows the typed values: total those, not the saved ones
  if (table.querySelector('input.hours-input[aria-invalid="true"]')) update();
}());
