// Results refresh themselves while rating is open, and sorting swaps them in place. htmx
// gives focus back to the element with the same id after a swap; this keeps each table's
// sideways scroll too, so a reader halfway along a wide table is not sent back to its start.
(function () {
  "use strict";
  var kept = {};
  document.addEventListener("htmx:beforeSwap", function () {
    kept = {};
    document.querySelectorAll("[data-keep-scroll][id]").forEach(function (element) {
      kept[element.id] = element.scrollLeft;
    });
  });
  document.addEventListener("htmx:afterSwap", function () {
    Object.keys(kept).forEach(function (id) {
      var element = document.getElementById(id);
      if (element) {
        element.scrollLeft = kept[id];
      }
    });
  });
})();
