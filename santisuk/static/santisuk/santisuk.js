// The menu groups are <details> elements, so the menu works without JavaScript. With it, a
// click elsewhere or the Escape key closes an open group, and opening one closes the others.
(function () {
  "use strict";
  function closeMenus(except) {
    document.querySelectorAll(".menu-group[open]").forEach(function (group) {
      if (group !== except) group.removeAttribute("open");
    });
  }
  document.addEventListener("click", function (event) {
    closeMenus(event.target.closest ? event.target.closest(".menu-group") : null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") closeMenus(null);
  });
})();
