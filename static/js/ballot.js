// The ballot with JavaScript: each tap saves through htmx. This keeps the fan's latest tap
// when an older save's reply comes back, and opens the key moments on a wide screen. (A failed
// save shows "Could not save" with "Try again": htmx-errors.js, for every htmx request.)
(function () {
  "use strict";

  function card(element) {
    return element && element.closest ? element.closest(".player-ballot") : null;
  }

  function chosenValue(fieldset) {
    var chosen = fieldset.querySelector("input:checked");
    return chosen ? chosen.value : "";
  }

  // Remember what each save sent; a reply for an older choice than the one now checked is not
  // swapped in (it would undo the fan's latest tap): the queued save for that choice follows.
  document.addEventListener("htmx:configRequest", function (event) {
    var fieldset = card(event.detail.elt);
    if (fieldset) {
      fieldset.dataset.sent = chosenValue(fieldset);
    }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var fieldset = card(event.detail.elt);
    if (fieldset && event.detail.xhr.status < 400 && fieldset.dataset.sent !== chosenValue(fieldset)) {
      event.detail.shouldSwap = false;
    }
  });

  // Saves of different players run side by side, and their replies can arrive out of order.
  // A fan's rated count never goes down on the ballot, so an older reply's lower count is not
  // swapped into the progress line over a newer one.
  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var target = event.detail.target;
    var fragment = event.detail.fragment;
    if (!target || target.id !== "ballot-progress" || !fragment || !fragment.querySelector) {
      return;
    }
    var incoming = fragment.querySelector("progress");
    var current = target.querySelector("progress");
    if (incoming && current &&
        Number(incoming.getAttribute("value")) < Number(current.getAttribute("value"))) {
      event.detail.shouldSwap = false;
    }
  });

  function openWide() {
    if (window.matchMedia("(min-width: 60rem)").matches) {
      document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
        details.open = true;
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", openWide);
  } else {
    openWide();
  }
})();
