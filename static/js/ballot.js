// The ballot with JavaScript: each tap saves through htmx. This makes a failed save visible
// and retryable (the fan's choice stays checked; "Try again" sends it again), and opens the
// key moments on a wide screen, where they fit beside the first players.
(function () {
  "use strict";

  function card(element) {
    return element && element.closest ? element.closest(".player-ballot") : null;
  }

  function showFailure(fieldset) {
    var failed = fieldset.querySelector(".save-failed");
    fieldset.classList.add("is-failed");
    if (failed) {
      failed.hidden = false;
    }
  }

  function failed(event) {
    var fieldset = card(event.detail.elt);
    if (fieldset) {
      showFailure(fieldset);
    }
  }

  document.addEventListener("htmx:sendError", failed);
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:timeout", failed);

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

  document.addEventListener("htmx:afterSwap", function (event) {
    var fieldset = card(event.detail.target);
    if (fieldset) {
      fieldset.classList.remove("is-failed");
    }
  });

  document.addEventListener("click", function (event) {
    var retry = event.target.closest && event.target.closest("[data-retry]");
    var fieldset = card(retry);
    if (!fieldset || !window.htmx) {
      return;
    }
    retry.closest(".save-failed").hidden = true;
    fieldset.classList.remove("is-failed");
    var chosen = fieldset.querySelector("input:checked");
    if (chosen) {
      chosen.focus();
    }
    window.htmx.trigger(fieldset, "change");
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
