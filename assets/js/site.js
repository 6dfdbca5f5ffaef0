// Progressive enhancement only: every page works without this file.
// It adds the menu button on phones, the text-size control (remembered in localStorage) and the print button.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  // Text size: steps match html[data-text-size] rules in site.css.
  var SIZE_KEY = "co-chu";
  var SIZES = { "-1": "90%", "0": "100%", "1": "112,5%", "2": "125%", "3": "150%" };
  var MIN_SIZE = -1;
  var MAX_SIZE = 3;

  function storedSize() {
    try {
      var value = parseInt(window.localStorage.getItem(SIZE_KEY), 10);
      return value >= MIN_SIZE && value <= MAX_SIZE ? value : 0;
    } catch (error) {
      return 0; // storage blocked (private mode, policy): the control still works for this page
    }
  }

  function applySize(size, announce) {
    if (size === 0) {
      root.removeAttribute("data-text-size");
    } else {
      root.setAttribute("data-text-size", String(size));
    }
    try {
      window.localStorage.setItem(SIZE_KEY, String(size));
    } catch (error) { /* not remembered, still applied */ }
    var status = document.querySelector("[data-text-size-status]");
    if (status && announce) {
      // The words come from the page (its language); English writes "112.5%", Vietnamese "112,5%".
      var percent = SIZES[String(size)];
      status.textContent = (status.getAttribute("data-text-size-status") || "Cỡ chữ") + " " +
        (root.lang === "en" ? percent.replace(",", ".") : percent);
    }
  }

  var size = storedSize();
  if (size !== 0) {
    applySize(size, false);
  }
  document.querySelectorAll("button[data-text-size]").forEach(function (button) {
    button.addEventListener("click", function () {
      var step = parseInt(button.getAttribute("data-text-size"), 10);
      size = step === 0 ? 0 : Math.min(MAX_SIZE, Math.max(MIN_SIZE, size + step));
      applySize(size, true);
    });
  });

  // Menu: the no-JavaScript link (which opens the menu through :target) becomes a disclosure button.
  var link = document.querySelector("a[data-menu-toggle]");
  var nav = link && link.closest("nav");
  if (link && nav) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    button.innerHTML = link.innerHTML;
    button.setAttribute("aria-controls", link.getAttribute("data-menu-toggle"));
    link.replaceWith(button);
    nav.classList.add("menu-js");

    var setOpen = function (open) {
      nav.classList.toggle("is-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    };
    setOpen(window.location.hash === "#" + nav.id);
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    nav.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.classList.contains("is-open") && button.offsetParent !== null) {
        setOpen(false);
        button.focus();
      }
    });
  }

  // Print: the browser's own print dialog (print.css decides what goes on paper).
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-action='print']")) {
      window.print();
    }
  });
})();
