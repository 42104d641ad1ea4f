/**
 * The report's only script, inline (allowed by its hash in the Content-Security-Policy). It
 * adds what plain HTML cannot: copy buttons, and pages and a filter for the clusters. It
 * reads and moves the page's own nodes and text, never parses or inserts markup, and makes
 * no request. Without it every table and every cluster is still there, in full.
 */
export const SCRIPT = `
(function () {
  'use strict';
  function copyText(text, button) {
    var done = function () { button.textContent = 'Copied'; setTimeout(function () { button.textContent = 'Copy'; }, 1500); };
    var fallback = function () {
      var area = document.createElement('textarea');
      area.value = text;
      document.body.appendChild(area);
      area.select();
      try { document.execCommand('copy'); done(); } catch (e) { button.textContent = 'Select and copy'; }
      area.remove();
      button.focus();
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
  }
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    var source = document.getElementById(button.getAttribute('data-copy'));
    if (!source) return;
    button.hidden = false;
    button.addEventListener('click', function () { copyText(source.textContent, button); });
  });

  var list = document.getElementById('cluster-list');
  var pager = document.getElementById('cluster-pager');
  if (!list || !pager) return;
  var clusters = Array.prototype.slice.call(list.querySelectorAll('article.cluster'));
  var size = Number(list.getAttribute('data-page-size')) || 25;
  var filter = document.getElementById('cluster-filter');
  var prev = document.getElementById('cluster-prev');
  var next = document.getElementById('cluster-next');
  var where = document.getElementById('cluster-page');
  var page = 0;
  var matching = clusters;
  function show() {
    var pages = Math.max(1, Math.ceil(matching.length / size));
    if (page >= pages) page = pages - 1;
    clusters.forEach(function (c) { c.hidden = true; });
    matching.slice(page * size, page * size + size).forEach(function (c) { c.hidden = false; });
    where.textContent = 'page ' + (page + 1) + ' of ' + pages + ' (' + matching.length + ' cluster' + (matching.length === 1 ? '' : 's') + ')';
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  }
  filter.addEventListener('input', function () {
    var words = filter.value.toLowerCase().split(/\\s+/).filter(Boolean);
    matching = clusters.filter(function (c) {
      var text = c.querySelector('summary').textContent.toLowerCase();
      return words.every(function (w) { return text.indexOf(w) !== -1; });
    });
    page = 0;
    show();
  });
  prev.addEventListener('click', function () { page -= 1; show(); });
  next.addEventListener('click', function () { page += 1; show(); });
  pager.hidden = false;
  show();
})();
`;
