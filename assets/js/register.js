// The documents register (/van-ban/): filter the table in place by type, issuer, field, year and
// status at once, and by number or words of the summary; each choice shows how many documents it
// leaves, and the address keeps the choice (?loai=quyet-dinh&nam=2024) so it can be shared.
// Loaded with `defer`, no inline script. Without it the listing pages (/van-ban/loai/…/) filter.
//
// The data is one JSON file written by the build (van-ban/du-lieu.json), fetched the first time
// the reader filters (or at once when the address already holds a choice).
(function () {
  "use strict";

  var form = document.querySelector("[data-register-filter]");
  var table = document.querySelector("[data-register-table]");
  if (!form || !table || !window.fetch || !window.URLSearchParams) {
    return;
  }
  var body = table.tBodies[0];
  var status = document.getElementById("ket-qua-loc");
  var pages = document.querySelector("[data-register-pages]");
  var more = document.querySelector("[data-register-more]");
  var textInput = form.elements.q;
  var FACETS = ["loai", "co-quan", "linh-vuc", "nam", "tinh-trang"];
  var perPage = parseInt(form.getAttribute("data-per-page"), 10) || 20;
  var firstPage = Array.prototype.slice.call(body.rows);  // the build's page 1, put back when nothing is chosen
  var data = null;
  var loading = null;
  var matches = [];
  var shown = 0;
  var timer = null;

  // Vietnamese folded for matching: no diacritics, "đ" as "d", lower case; numbers' separators as spaces,
  // so "12/2024/qđ-ubnd", "QĐ-UBND 12" and "qd ubnd 12 2024" are the same words.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }

  function words(text) {
    return fold(text).split(/[\s\/\-.,;:()"“”]+/).filter(Boolean);
  }

  function load() {
    if (!loading) {
      loading = fetch(form.getAttribute("data-source"), { cache: "no-cache" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.json();
        })
        .then(function (json) {
          // Each row: [url, number, ISO date, summary, type, issuer, [fields], status]; facet values by index.
          json.rows.forEach(function (row) {
            var parts = words(row[1]);
            parts.push(parts[0].replace(/^0+(?=\d)/, ""));  // "05/QĐ-UBND" is also typed "QĐ-UBND 5"
            row.parts = " " + parts.join(" ") + " ";
            row.haystack = " " + words(row[1] + " " + row[3]).join(" ") + " ";
            row.values = {
              "loai": [row[4]], "co-quan": [row[5]], "linh-vuc": row[6], "nam": [row[2].slice(0, 4)],
              "tinh-trang": [row[7]]
            };
          });
          data = json;
          return json;
        });
    }
    return loading;
  }

  function choice() {
    var chosen = { q: textInput.value.trim() };
    FACETS.forEach(function (key) {
      var select = form.elements[key];
      chosen[key] = select ? select.value : "";
    });
    return chosen;
  }

  function nothingChosen(chosen) {
    return !chosen.q && FACETS.every(function (key) { return !chosen[key]; });
  }

  // A row's facet values are slugs (years as text); "" matches every row.
  function slugOf(key, value) {
    if (key === "nam") {
      return value;
    }
    var list = data.facets[key];
    return list && list[value] ? list[value][0] : "";
  }

  function matchesFacet(row, key, wanted) {
    if (!wanted) {
      return true;
    }
    return row.values[key].some(function (value) { return slugOf(key, value) === wanted; });
  }

  // A query made only of parts of numbers ("qd ubnd 12 2024", "12/2024/QĐ-UBND") looks for a number:
  // every part must be in the document's number, so a summary mentioning "12 hộ dân năm 2024" is no match.
  function textMatcher(terms) {
    var numberParts = terms.length > 0 && terms.every(function (term) {
      return data.rows.some(function (row) { return row.parts.indexOf(" " + term + " ") >= 0; });
    });
    return numberParts ? function (row) {
      return terms.every(function (term) { return row.parts.indexOf(" " + term + " ") >= 0; });
    } : function (row) { return matchesText(row, terms); };
  }

  function matchesText(row, terms) {
    return terms.every(function (term) {
      // Digits must be a whole word ("12" is not "120"); other words may be the start of one.
      return /^\d+$/.test(term) ? row.haystack.indexOf(" " + term + " ") >= 0
        : row.haystack.indexOf(" " + term) >= 0;
    });
  }

  function cell(content, label, className) {
    var td = document.createElement("td");
    if (className) {
      td.className = className;
    }
    if (label) {
      var span = document.createElement("span");
      span.className = "cell-label";
      span.textContent = label + ": ";
      td.appendChild(span);
    }
    td.appendChild(content);
    return td;
  }

  function rowElement(row) {
    var tr = document.createElement("tr");
    var link = document.createElement("a");
    link.href = data.base + row[0];
    link.textContent = row[1];
    tr.appendChild(cell(link, "", "cell-number"));
    var time = document.createElement("time");
    time.dateTime = row[2];
    time.textContent = row[2].slice(8, 10) + "/" + row[2].slice(5, 7) + "/" + row[2].slice(0, 4);
    tr.appendChild(cell(time, "Ngày ban hành"));
    tr.appendChild(cell(document.createTextNode(row[3]), "", "cell-summary"));
    tr.appendChild(cell(document.createTextNode(data.facets["loai"][row[4]][1]), "Loại văn bản"));
    var state = document.createElement("span");
    state.className = "status status-" + data.facets["tinh-trang"][row[7]][0];
    state.textContent = data.facets["tinh-trang"][row[7]][1];
    tr.appendChild(cell(state, "Tình trạng"));
    return tr;
  }

  // Each option's count: the documents it would leave with every other choice kept.
  function updateCounts(chosen, textMatches) {
    FACETS.forEach(function (key) {
      var select = form.elements[key];
      if (!select) {
        return;
      }
      var counts = {};
      var total = 0;
      data.rows.forEach(function (row) {
        if (!textMatches(row)) {
          return;
        }
        for (var i = 0; i < FACETS.length; i++) {
          if (FACETS[i] !== key && !matchesFacet(row, FACETS[i], chosen[FACETS[i]])) {
            return;
          }
        }
        total += 1;
        row.values[key].forEach(function (value) {
          var slug = slugOf(key, value);
          counts[slug] = (counts[slug] || 0) + 1;
        });
      });
      Array.prototype.forEach.call(select.options, function (option) {
        var name = option.getAttribute("data-name");
        if (name === null) {
          name = option.textContent.replace(/ \(\d+\)$/, "");
          option.setAttribute("data-name", name);
        }
        option.textContent = name + " (" + (option.value ? counts[option.value] || 0 : total) + ")";
      });
    });
  }

  function showMore() {
    var batch = matches.slice(shown, shown + perPage);
    var fragment = document.createDocumentFragment();
    batch.forEach(function (row) { fragment.appendChild(rowElement(row)); });
    body.appendChild(fragment);
    shown += batch.length;
    more.hidden = shown >= matches.length;
    return batch.length;
  }

  function apply() {
    var chosen = choice();
    remember(chosen);
    if (nothingChosen(chosen)) {
      body.textContent = "";
      firstPage.forEach(function (row) { body.appendChild(row); });
      pages.hidden = false;
      more.hidden = true;
      status.textContent = data ? "Đã bỏ lọc: hiện tất cả " + data.rows.length + " văn bản." : "";
      if (data) {
        updateCounts(chosen, function () { return true; });
      }
      return Promise.resolve();
    }
    return load().then(function () {
      chosen = choice();  // the reader may have typed on while the data came
      var textMatches = textMatcher(words(chosen.q));
      matches = data.rows.filter(function (row) {
        return textMatches(row) && FACETS.every(function (key) {
          return matchesFacet(row, key, chosen[key]);
        });
      });
      body.textContent = "";
      shown = 0;
      pages.hidden = true;
      showMore();
      updateCounts(chosen, textMatches);
      status.textContent = matches.length ? "Có " + matches.length + " văn bản phù hợp."
        : "Không có văn bản nào phù hợp. Hãy bỏ bớt điều kiện lọc.";
    }).catch(function () {
      status.textContent = "Không tải được dữ liệu để lọc. Bạn vẫn xem được văn bản theo loại, cơ quan, " +
        "lĩnh vực và năm ở cuối trang.";
    });
  }

  function remember(chosen) {
    var params = new URLSearchParams();
    if (chosen.q) {
      params.set("q", chosen.q);
    }
    FACETS.forEach(function (key) {
      if (chosen[key]) {
        params.set(key, chosen[key]);
      }
    });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    apply();
  });
  form.addEventListener("change", function (event) {
    if (event.target !== textInput) {
      apply();
    }
  });
  textInput.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(apply, 250);
  });
  form.addEventListener("reset", function () {
    setTimeout(apply, 0);  // after the browser has emptied the fields
  });
  more.addEventListener("click", function () {
    var first = shown;
    if (showMore()) {
      body.rows[first].querySelector("a").focus();  // on to the first new row, as "Xem thêm kết quả" does in search
    }
  });

  var params = new URLSearchParams(location.search);
  textInput.value = params.get("q") || "";
  FACETS.forEach(function (key) {
    var select = form.elements[key];
    if (select && params.get(key)) {
      select.value = params.get(key);
    }
  });
  if (!nothingChosen(choice())) {
    apply();
  }
})();
