// The reference pages' behaviour: site-wide search over the prebuilt index
// (assets/search-index.js), the navigation filter, and try-it forms that send the pre-filled
// request to the local mock and show its answer with the mock's journal line. Plain DOM, no
// framework; every request goes to the try-it target only (the local mock by default).
(function referencePage() {
  'use strict';

  // ---- search -------------------------------------------------------------------------------
  var index = window.contractKitSearchIndex || [];
  var searchInput = document.getElementById('ck-search');
  var results = document.getElementById('ck-search-results');
  var MAX_RESULTS = 30;
  var KIND_WEIGHT = { variant: 0, operation: 0, observed: 1, quirk: 1, schema: 2, field: 3, answer: 4 };

  // Lower-cased copies, made once, so that typing filters without re-lowering the index.
  var haystacks = index.map(function (entry) {
    return { title: entry.title.toLowerCase(), text: entry.text.toLowerCase() };
  });

  function score(i, terms, phrase) {
    var h = haystacks[i];
    var all = h.title + ' ' + h.text;
    for (var t = 0; t < terms.length; t++) if (all.indexOf(terms[t]) < 0) return -1;
    if (h.title === phrase) return 0;
    if (h.title.indexOf(phrase) === 0) return 1;
    if (h.title.indexOf(phrase) >= 0) return 2;
    return 3;
  }

  function search(query) {
    var phrase = query.trim().toLowerCase();
    if (!phrase) return [];
    var terms = phrase.split(/\s+/);
    var found = [];
    for (var i = 0; i < index.length; i++) {
      var s = score(i, terms, phrase);
      if (s >= 0) found.push({ entry: index[i], rank: s * 10 + (KIND_WEIGHT[index[i].kind] || 5) });
    }
    found.sort(function (a, b) { return a.rank - b.rank; });
    return found.slice(0, MAX_RESULTS).map(function (f) { return f.entry; });
  }

  function showResults() {
    var found = search(searchInput.value);
    results.textContent = '';
    results.hidden = searchInput.value.trim() === '';
    if (!results.hidden && found.length === 0) {
      var none = document.createElement('li');
      none.className = 'ck-search-none';
      none.textContent = 'Nothing matches “' + searchInput.value.trim() + '”.';
      results.appendChild(none);
    }
    found.forEach(function (entry) {
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = entry.href;
      link.className = 'ck-search-hit';
      var kind = document.createElement('span');
      kind.className = 'ck-search-kind';
      kind.textContent = entry.kind + ' · ' + entry.api;
      var title = document.createElement('strong');
      title.textContent = entry.title;
      var text = document.createElement('span');
      text.className = 'ck-search-text';
      text.textContent = entry.text.length > 160 ? entry.text.slice(0, 160) + '…' : entry.text;
      link.appendChild(title);
      link.appendChild(kind);
      link.appendChild(text);
      item.appendChild(link);
      results.appendChild(item);
    });
  }

  if (searchInput && results) {
    searchInput.addEventListener('input', showResults);
    searchInput.addEventListener('keydown', function (event) {
      if (event.key === 'Enter') {
        var first = results.querySelector('a');
        if (first) first.click();
      } else if (event.key === 'Escape') {
        searchInput.value = '';
        showResults();
      }
    });
    results.addEventListener('click', function (event) {
      if (event.target.closest('a')) results.hidden = true;
    });
  }

  // ---- navigation filter --------------------------------------------------------------------
  var filter = document.querySelector('.ck-nav-filter');
  if (filter) {
    filter.addEventListener('input', function () {
      var q = filter.value.trim().toLowerCase();
      document.querySelectorAll('.ck-nav-tags > li.ck-nav-tag').forEach(function (tag) {
        var anyShown = false;
        tag.querySelectorAll(':scope > ul > li').forEach(function (op) {
          var opLink = op.querySelector(':scope > a');
          var opMatch = !q || (opLink && opLink.getAttribute('data-search').toLowerCase().indexOf(q) >= 0);
          var variantShown = false;
          op.querySelectorAll('.ck-nav-variants > li').forEach(function (v) {
            var show = opMatch || v.querySelector('a').getAttribute('data-search').toLowerCase().indexOf(q) >= 0;
            v.hidden = !show;
            variantShown = variantShown || show;
          });
          op.hidden = !(opMatch || variantShown);
          anyShown = anyShown || !op.hidden;
        });
        if (tag.querySelector(':scope > ul')) tag.hidden = !anyShown;
      });
    });
  }

  // ---- try-it -------------------------------------------------------------------------------
  var target = document.getElementById('ck-target');
  // The header contract-kit mocks set on a request they rejected, naming the problems.
  var PROBLEM_HEADER = 'x-contract-kit-problem';
  var JOURNAL = '/__contract-kit/requests?limit=20';

  function baseUrl() {
    return (target ? target.value : '').replace(/\/+$/, '');
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function prettyBody(text) {
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch (e) {
      return text;
    }
  }

  // The journal line the mock wrote for this exchange: the newest with the same method and path.
  // A journal that does not answer gives none.
  function journalLine(method, path) {
    return fetch(baseUrl() + JOURNAL, { cache: 'no-store' })
      .then(function (response) { return response.ok ? response.json() : { requests: [] }; })
      .then(function (journal) {
        var lines = (journal && journal.requests) || [];
        for (var i = lines.length - 1; i >= 0; i--) {
          if (lines[i].method === method && String(lines[i].path).split('?')[0] === path) return lines[i];
        }
        return undefined;
      })
      .catch(function () { return undefined; });
  }

  function showJournal(answer, line) {
    if (!line) return;
    var box = el('div', 'ck-journal');
    var problems = line.problems || [];
    box.appendChild(el('strong', '', 'Mock journal: '));
    box.appendChild(el('span', 'ck-journal-route', (line.operation || '(no operation)') + (line.variant ? ' · ' + line.variant : '') + ' · ' + line.status + (problems.length ? ' · rejected' : '')));
    if (problems.length) {
      var list = el('ul', 'ck-journal-problems');
      problems.forEach(function (p) {
        list.appendChild(el('li', '', p.in + (p.pointer ? ' ' + p.pointer : '') + ': ' + p.message));
      });
      box.appendChild(list);
    }
    answer.appendChild(box);
  }

  // An accepted async job (Klustron) is polled with the get_status variant of the same operation:
  // its try-it form is filled with the new job_id, opened, and sent.
  function offerPoll(details, answer, text) {
    var anchor = details.closest('section[id]');
    var operation = anchor && anchor.id.split('/')[0];
    var poll = operation && document.getElementById(operation + '/get_status');
    var accepted;
    try {
      accepted = JSON.parse(text);
    } catch (e) {
      return;
    }
    if (!poll || !accepted || accepted.status !== 'accept' || !accepted.job_id || anchor === poll) return;
    var button = el('button', 'ck-try-poll', 'Poll get_status for job ' + accepted.job_id);
    button.type = 'button';
    button.addEventListener('click', function () {
      var pollDetails = poll.querySelector('details.ck-try');
      var body = pollDetails.querySelector('textarea[name="body"]');
      var request = JSON.parse(body.value);
      request.job_id = String(accepted.job_id);
      body.value = JSON.stringify(request, null, 2);
      pollDetails.open = true;
      poll.scrollIntoView();
      send(pollDetails, pollDetails.querySelector('form'));
    });
    answer.appendChild(button);
  }

  function send(details, form) {
    var answer = details.querySelector('.ck-try-answer');
    var method = form.elements.method.value;
    var path = details.getAttribute('data-path');
    var query = new URLSearchParams();
    form.querySelectorAll('input[name="query"]').forEach(function (input) {
      if (input.value !== '') query.append(input.getAttribute('data-name'), input.value);
    });
    var headers = {};
    var user = form.elements.user;
    if (user) headers.Authorization = 'Basic ' + btoa(user.value + ':' + form.elements.password.value);
    var init = { method: method, headers: headers, cache: 'no-store' };
    var bodyField = form.elements.body;
    if (bodyField && method !== 'GET' && method !== 'HEAD') {
      init.body = bodyField.value;
      headers['Content-Type'] = details.getAttribute('data-media-type') || 'application/json';
    }
    var url = baseUrl() + path + (query.toString() ? '?' + query.toString() : '');
    answer.textContent = '';
    answer.appendChild(el('p', 'ck-try-sending', method + ' ' + url));
    var started = performance.now();
    fetch(url, init)
      .then(function (response) {
        return response.text().then(function (text) {
          var ms = Math.round(performance.now() - started);
          var rejected = response.headers.get(PROBLEM_HEADER);
          var status = el('p', 'ck-try-status');
          status.appendChild(el('span', 'ck-status ck-status-' + String(response.status).charAt(0), String(response.status)));
          status.appendChild(document.createTextNode(' ' + (response.headers.get('content-type') || 'no content type') + ' · ' + ms + ' ms'));
          answer.appendChild(status);
          if (rejected) answer.appendChild(el('p', 'ck-try-problem', 'Rejected by the mock: ' + rejected));
          answer.appendChild(el('pre', 'ck-try-body-out', prettyBody(text)));
          offerPoll(details, answer, text);
          // Only mocks that keep a journal send the problem header; others are not asked (no 404 noise).
          if (rejected) return journalLine(method, path).then(function (line) { showJournal(answer, line); });
        });
      })
      .catch(function (error) {
        answer.appendChild(el('p', 'ck-try-problem', 'No answer from ' + baseUrl() + ' (' + error.message + '). Is the mock running? npx contract-kit mock'));
      });
  }

  document.querySelectorAll('details.ck-try').forEach(function (details) {
    var form = details.querySelector('form');
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      send(details, form);
    });
  });
})();
