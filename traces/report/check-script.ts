// SPDX-License-Identifier: GPL-2.0-only
/**
 * The script report.html runs once its plots are parsed: for every
 * figure.plot it asks the browser for the laid-out box of each "datum"
 * element and counts those with a size (a polyline counts its parsed
 * points), then writes the count into the figure's data-rendered.  The body
 * gets data-plots (figures) and data-plots-rendered (figures whose count
 * equals their data-expected).  A headless browser's DOM dump thus shows
 * whether every plot was drawn with all its data.  Plain ES5, no
 * dependencies, so the report opens offline in any browser.
 */
export const CHECK_SCRIPT = `(function () {
  var figs = document.querySelectorAll('figure.plot');
  var ok = 0;
  for (var i = 0; i < figs.length; i++) {
    var f = figs[i];
    var n = 0;
    var data = f.querySelectorAll('.datum');
    for (var j = 0; j < data.length; j++) {
      var el = data[j];
      var b = el.getBBox();
      if (!(b.width > 0 || b.height > 0)) continue;
      n += el.tagName === 'polyline' ? el.points.numberOfItems : 1;
    }
    f.setAttribute('data-rendered', String(n));
    if (n > 0 && String(n) === f.getAttribute('data-expected')) ok++;
  }
  document.body.setAttribute('data-plots', String(figs.length));
  document.body.setAttribute('data-plots-rendered', String(ok));
})();`;
