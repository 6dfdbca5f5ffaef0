// Progressive enhancement only: the site works without this file.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-action='print']");
  if (button) {
    window.print();
  }
});
