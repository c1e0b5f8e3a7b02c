/* sok.js: the search of /sok/, in the reader's browser.
 *
 * The page lists every dialogue A–Ö and works without this script. With
 * it, the list is filtered as the reader types or picks a facet, using
 * the index Trappa wrote at build time (sok/index.json; its format is in
 * generator/search.h). A query word matches a dialogue when it is part of
 * one of the dialogue's words ("parkering" finds "cykelparkering"); all
 * words and facets must match. The query stays in the address
 * (history.replaceState), so a reload or a shared link shows the same
 * list, and the number of matches is announced politely to screen
 * readers. No third-party code, no inline script: the site's
 * Content-Security-Policy (default-src 'self') allows it as it is. */
(function () {
	'use strict';

	var form = document.querySelector('form.search-form[data-index]');
	if (!form || !window.fetch || !window.URLSearchParams || !history.replaceState)
		return;
	var input = form.querySelector('input[name="q"]');
	var list = document.getElementById('sok-lista');
	var status = document.getElementById('sok-antal');
	var facetBox = form.querySelector('.search-facets');
	if (!input || !list || !status)
		return;

	// Lower case as search.c folds: ASCII and Latin-1 only, so a query
	// matches what the index wrote.
	function fold(s) {
		return s.replace(/[A-Z\u00C0-\u00D6\u00D8-\u00DE]/g, function (c) {
			return String.fromCharCode(c.charCodeAt(0) + 32);
		});
	}

	// Anything but letters and digits separates words, as in search.c.
	var separators = /[^0-9A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u1FFF\u2070-\u2FFF\u3001-\uFEFE\uFF00-\uFFFC\uD800-\uDFFF]+/;

	var index = null;
	var stop = {};
	var selects = [];   // { el, key, field, values: slug -> index }
	var rows = [];      // { li, words, fields }
	var announceTimer = 0;

	function queryWords() {
		// As search.c leaves them out of the index: stop words, common
		// words and numbers of one or two digits.
		return fold(input.value).split(separators).filter(function (w) {
			return w && !stop[w] && !/^[0-9]{1,2}$/.test(w);
		});
	}

	function matches(row, words, picked) {
		var i;
		for (i = 0; i < words.length; i++)
			if (row.words.indexOf(words[i]) < 0)
				return false;
		for (i = 0; i < picked.length; i++)
			if ([].concat(row.fields[picked[i].field]).indexOf(picked[i].value) < 0)
				return false;
		return true;
	}

	function announce(n) {
		status.textContent = n + ' ' + (n === 1 ? status.getAttribute('data-one')
			: status.getAttribute('data-many'));
	}

	function keepInAddress() {
		var params = new URLSearchParams();
		if (input.value.trim())
			params.set('q', input.value.trim());
		selects.forEach(function (s) {
			if (s.el.value)
				params.set(s.key, s.el.value);
		});
		var qs = params.toString();
		history.replaceState(history.state, '', location.pathname + (qs ? '?' + qs : '') + location.hash);
	}

	// Shows the matching dialogues; the count is announced once the reader
	// pauses, not at every key.
	function apply(now) {
		var words = queryWords(), picked = [], n = 0;
		selects.forEach(function (s) {
			if (s.el.value && s.values.hasOwnProperty(s.el.value))
				picked.push({ field: s.field, value: s.values[s.el.value] });
		});
		rows.forEach(function (row) {
			var show = matches(row, words, picked);
			if (row.li.hidden === show)
				row.li.hidden = !show;
			n += show;
		});
		keepInAddress();
		clearTimeout(announceTimer);
		if (now)
			announce(n);
		else
			announceTimer = setTimeout(function () { announce(n); }, 600);
	}

	function start(data) {
		var params = new URLSearchParams(location.search);
		var items = list.querySelectorAll('li[data-slug]');
		index = data;
		// The index lists the dialogues in the order of the page's list.
		if (!index.dialogues || index.dialogues.length !== items.length)
			return;
		(index.stop || []).forEach(function (w) { stop[w] = true; });
		index.dialogues.forEach(function (d, i) {
			rows.push({ li: items[i], words: d[0], fields: d.slice(1) });
		});
		(index.facets || []).forEach(function (f, field) {
			var el = form.querySelector('select[name="' + f.key + '"]');
			var values = {};
			if (!el)
				return;
			f.values.forEach(function (v, i) { values[v[0]] = i; });
			selects.push({ el: el, key: f.key, field: field, values: values });
			if (params.get(f.key))
				el.value = params.get(f.key);
			el.addEventListener('change', function () { apply(true); });
		});
		if (params.get('q') !== null)
			input.value = params.get('q');
		if (facetBox)
			facetBox.hidden = false;
		input.addEventListener('input', function () { apply(false); });
		form.addEventListener('submit', function (e) {
			e.preventDefault();
			apply(true);
		});
		apply(true);
	}

	fetch(form.getAttribute('data-index'), { credentials: 'same-origin' })
		.then(function (r) {
			if (!r.ok)
				throw new Error(r.status);
			return r.json();
		})
		.then(start)
		.catch(function () { /* the page still lists every dialogue */ });
})();
