// kehoach: small comforts over pages that work without JavaScript.
(function () {
  'use strict';

  // fold is the server's fold (internal/web/fold.go): lowercase, no
  // diacritics, đ as d, runs of other characters as one space.
  function fold(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd')
      .toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  }

  // Search as you type on the home page.
  var q = document.getElementById('q');
  if (q) {
    var items = Array.prototype.slice.call(document.querySelectorAll('li[data-search]'));
    var groups = Array.prototype.slice.call(document.querySelectorAll('section.group'));
    var count = document.getElementById('count');
    var none = document.getElementById('none');
    var total = count ? count.getAttribute('data-total') : items.length;
    var filter = function () {
      var words = fold(q.value).split(' ').filter(Boolean);
      var shown = 0;
      items.forEach(function (li) {
        var text = li.getAttribute('data-search');
        var hit = words.every(function (w) { return text.indexOf(w) >= 0; });
        li.hidden = !hit;
        if (hit) { shown++; }
      });
      groups.forEach(function (g) {
        g.hidden = !g.querySelector('li[data-search]:not([hidden])');
      });
      if (count) {
        count.textContent = words.length ? shown + ' trên ' + total + ' trường khớp “' + q.value.trim() + '”' : total + ' trường';
      }
      if (none) { none.hidden = shown > 0; }
      // The other plans' links search for the same words.
      Array.prototype.forEach.call(document.querySelectorAll('a.other-plan'), function (a) {
        a.href = '/' + a.getAttribute('data-plan') + '/?q=' + encodeURIComponent(q.value.trim());
      });
    };
    q.addEventListener('input', filter);
    // Enter opens the only school left.
    q.form.addEventListener('submit', function (e) {
      var left = items.filter(function (li) { return !li.hidden; });
      if (left.length === 1) {
        e.preventDefault();
        window.location.href = left[0].querySelector('a').href;
      }
    });
  }

  // The preview is the printed page: where the screen is narrower than
  // A4, scale the page down instead of reflowing its text.
  var docs = Array.prototype.slice.call(document.querySelectorAll('.paper .kh-doc'));
  if (docs.length) {
    var fit = function () {
      docs.forEach(function (d) {
        d.classList.add('kh-fit');
        d.style.zoom = '1';
        var avail = d.parentElement.clientWidth;
        var need = d.scrollWidth;
        d.style.zoom = need > avail ? String(avail / need) : '1';
      });
    };
    fit();
    window.addEventListener('resize', fit);
  }

  // The deputy's field matters only when the deputy signs.
  var sign = document.getElementById('f-hieu_truong-ky');
  var deputy = document.getElementById('f-hieu_truong-pho_hieu_truong');
  if (sign && deputy) {
    var field = deputy.closest('.field');
    var toggle = function () {
      field.classList.toggle('muted', sign.value.indexOf('KT.') !== 0 && deputy.value === '');
    };
    sign.addEventListener('change', toggle);
    toggle();
  }
})();
