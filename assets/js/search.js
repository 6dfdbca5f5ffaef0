// Full-text search on the search page (/tim-kiem/), with Pagefind's static index: no backend.
// Loaded with `defer`, no inline script. Pagefind runs WebAssembly, so a Content-Security-Policy
// must allow 'wasm-unsafe-eval' in script-src (and a same-origin worker: worker-src 'self').
//
// Vietnamese: Pagefind folds diacritics itself but not "đ", so the index holds "d" instead (see
// sitegen/search_index.py) and the query is folded here the same way. Each record's `dmap`
// metadata says which "d"s were "đ", so titles and excerpts show the text as written.
(function () {
  "use strict";

  var form = document.querySelector("[data-search-form]");
  if (!form) {
    return;
  }
  var input = form.querySelector("input[name='q']");
  var select = form.querySelector("select[name='chuyen-muc']");
  var status = document.getElementById("trang-thai-tim");
  var list = document.getElementById("ket-qua-tim");
  var more = document.querySelector(".search-more");
  var PAGE_SIZE = 10;
  var EXCERPT_WORDS = 30;
  var pagefind = null;
  var results = [];
  var shown = 0;
  var latest = 0;
  var timer = null;

  // The index is a Pagefind bundle per year, newest first, then the register's documents by runs of
  // years (data-bundles): the newest is loaded and the others merged into it, so one search covers
  // the whole site, results sorted together.
  var bundles = (form.getAttribute("data-bundles") || "").split(" ").filter(Boolean);

  function loadPagefind() {
    if (!pagefind && !bundles.length) {
      pagefind = Promise.reject(new Error("empty"));  // nothing published yet: the site has no index
    } else if (!pagefind) {
      pagefind = import(bundles[0] + "pagefind.js").then(function (module) {
        // Started as the page opens, so the WebAssembly is ready by the time the reader has typed.
        return module.options({ excerptLength: EXCERPT_WORDS })
          .then(function () { return module.init(); })
          .then(function () {
            return Promise.all(bundles.slice(1).map(function (bundle) {
              return module.mergeIndex(bundle, { excerptLength: EXCERPT_WORDS });
            }));
          })
          .then(function () { return module; });
      });
    }
    return pagefind;
  }

  // The same folding as sitegen.vietnamese.fold_d, for the query.
  function foldQuery(text) {
    return text.normalize("NFC").replace(/đ/g, "d").replace(/Đ/g, "D");
  }

  // Put back the "đ"s of a folded text: `map` has one mark per d/D, "-" where it was đ/Đ.
  function restore(text, map) {
    if (!map) {
      return text;
    }
    var index = 0;
    return text.replace(/[dD]/g, function (letter) {
      var mark = map.charAt(index++);
      return mark === "-" ? (letter === "d" ? "đ" : "Đ") : letter;
    });
  }

  // Where the excerpt starts: the window of EXCERPT_WORDS words with the most matches (as Pagefind does).
  function excerptStart(weighted, wordCount) {
    var scores = [];
    weighted.forEach(function (word) {
      scores[word.location] = (scores[word.location] || 0) + (word.balanced_score || 1);
    });
    var sum = 0;
    for (var i = 0; i < EXCERPT_WORDS; i++) {
      sum += scores[i] || 0;
    }
    var best = sum;
    var bestAt = 0;
    for (var start = 1; start + EXCERPT_WORDS <= scores.length; start++) {
      sum += (scores[start + EXCERPT_WORDS - 1] || 0) - (scores[start - 1] || 0);
      if (sum > best) {
        best = sum;
        bestAt = start;
      }
    }
    return Math.max(0, Math.min(bestAt, wordCount - EXCERPT_WORDS));
  }

  // The excerpt as DOM nodes (never innerHTML): real text, matched words in <mark>.
  function excerptNode(data) {
    var words = restore(data.content || "", data.meta.dmap).split(/[\r\n\s]+/g);
    var matched = {};
    (data.locations || []).forEach(function (location) { matched[location] = true; });
    var start = excerptStart(data.weighted_locations || [], words.length);
    var end = Math.min(words.length, start + EXCERPT_WORDS);
    var paragraph = document.createElement("p");
    paragraph.className = "search-excerpt";
    var text = start > 0 ? "… " : "";
    for (var i = start; i < end; i++) {
      if (matched[i]) {
        paragraph.appendChild(document.createTextNode(text));
        var mark = document.createElement("mark");
        mark.textContent = words[i];
        paragraph.appendChild(mark);
        text = " ";
      } else {
        text += words[i] + " ";
      }
    }
    paragraph.appendChild(document.createTextNode(text.replace(/ $/, "") + (end < words.length ? " …" : "")));
    return paragraph;
  }

  // A document of the register shows its trích yếu whole, rather than an excerpt of its text.
  function summaryNode(data) {
    var paragraph = document.createElement("p");
    paragraph.className = "search-excerpt";
    paragraph.textContent = restore(data.meta.summary, data.meta.smap);
    return paragraph;
  }

  // A record's date is written with marks for digits (sitegen/search/index.py, date_marks), so that
  // Pagefind cannot match a query's numbers against it: "@)@$-)#-!@" is 2024-03-12.
  function markedDate(marks) {
    var digits = "1234567890";
    return (marks || "").replace(/[!@#$%^&*()]/g, function (mark) { return digits.charAt("!@#$%^&*()".indexOf(mark)); });
  }

  function displayDate(iso) {
    var match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    return match ? match[3] + "/" + match[2] + "/" + match[1] : "";
  }

  function resultItem(data) {
    var item = document.createElement("li");
    item.className = "search-result";
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = restore(data.meta.title || data.url, data.meta.tmap);
    heading.appendChild(link);
    item.appendChild(heading);
    var meta = document.createElement("p");
    meta.className = "meta";
    if (data.meta.date) {
      var time = document.createElement("time");
      time.dateTime = markedDate(data.meta.date);
      time.textContent = displayDate(time.dateTime);
      meta.appendChild(time);
    }
    if (data.meta.category) {
      if (meta.firstChild) {
        meta.appendChild(document.createTextNode(" · "));
      }
      var category = document.createElement("span");
      category.className = "search-category";
      category.textContent = data.meta.category;
      meta.appendChild(category);
    }
    if (meta.firstChild) {  // static pages have neither date nor category
      item.appendChild(meta);
    }
    item.appendChild(data.meta.summary ? summaryNode(data) : excerptNode(data));
    return item;
  }

  // The chosen option as Pagefind filters: a category, or the documents of the register (data-filter-key).
  function selectedOption() {
    var option = select && select.options[select.selectedIndex];
    return option && option.value ? option : null;
  }

  // Every search leaves out the hidden record of each documents' bundle: the words of every
  // document number, which make a bundle answer only with documents holding all the words typed
  // (RegisterVocabulary in sitegen/site/search_plan.py). A bundle without that filter loads nothing for it.
  function filtersOf(option) {
    var filters = { "tu-vung": { not: "1" } };
    if (option) {
      filters[option.getAttribute("data-filter-key") || "category"] = option.getAttribute("data-filter");
    }
    return filters;
  }

  function say(message) {
    status.textContent = message;
  }

  function showMore(focusFirst) {
    var batch = results.slice(shown, shown + PAGE_SIZE);
    var run = latest;
    return Promise.all(batch.map(function (result) { return result.data(); })).then(function (pages) {
      if (run !== latest) {
        return;
      }
      var first = null;
      pages.forEach(function (data) {
        var item = resultItem(data);
        first = first || item;
        list.appendChild(item);
      });
      shown += batch.length;
      more.hidden = shown >= results.length;
      if (focusFirst && first) {
        first.querySelector("a").focus();
      }
    });
  }

  function search() {
    var query = input.value.trim();
    var option = selectedOption();
    var run = ++latest;
    clearTimeout(timer);
    list.textContent = "";
    results = [];
    shown = 0;
    more.hidden = true;
    if (!query) {
      say("");
      return Promise.resolve();
    }
    say("Đang tìm…");
    var options = { filters: filtersOf(option) };
    return loadPagefind().then(function (module) {
      return module.search(foldQuery(query), options);
    }).then(function (response) {
      if (run !== latest || !response) {
        return;
      }
      results = response.results;
      var where = !option ? "" : (option.hasAttribute("data-filter-key") ? " trong mục " : " trong chuyên mục ")
        + option.getAttribute("data-filter");
      if (!results.length) {
        say("Không tìm thấy kết quả nào cho “" + query + "”" + where +
            ". Hãy thử từ khóa khác, hoặc tìm theo chuyên mục, thời gian ở dưới.");
        return;
      }
      // Announced once the first results are on the page, so the count and the list agree.
      return showMore(false).then(function () {
        if (run === latest) {
          say("Tìm thấy " + results.length + " kết quả cho “" + query + "”" + where + ".");
        }
      });
    }).catch(function () {
      if (run === latest && !bundles.length) {
        say("Trang chưa có bài viết nào để tìm. Mời bạn quay lại sau.");
      } else if (run === latest) {
        say("Không tải được công cụ tìm kiếm. Bạn vẫn tìm được bài theo chuyên mục, thời gian ở dưới.");
      }
    });
  }

  function rememberInAddress() {
    var params = new URLSearchParams();
    if (input.value.trim()) {
      params.set("q", input.value.trim());
    }
    if (select && select.value) {
      params.set("chuyen-muc", select.value);
    }
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    rememberInAddress();
    search();
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      rememberInAddress();
      search();
    }, 300);
  });
  if (select) {
    select.addEventListener("change", function () {
      rememberInAddress();
      search();
    });
  }
  more.addEventListener("click", function () {
    showMore(true);
  });

  // Arrow keys: from the box down into the results, and between results; up from the first back to the box.
  input.addEventListener("keydown", function (event) {
    var first = list.querySelector("a");
    if (event.key === "ArrowDown" && first) {
      event.preventDefault();
      first.focus();
    }
  });
  list.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") {
      return;
    }
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    var index = links.indexOf(document.activeElement);
    if (index < 0) {
      return;
    }
    event.preventDefault();
    if (event.key === "ArrowDown") {
      links[Math.min(index + 1, links.length - 1)].focus();
    } else if (index === 0) {
      input.focus();
    } else {
      links[index - 1].focus();
    }
  });

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  if (select && params.get("chuyen-muc")) {
    select.value = params.get("chuyen-muc");
  }
  if (input.value) {
    search();
  } else {
    loadPagefind().catch(function () {});
  }
})();
