// A failed HTMX request is never silent. htmx swaps nothing on a 4xx/5xx response or a
// network error, so the page would look as if it had worked; this shows what happened.
// - A rating save (inside a .player-ballot card): the card turns to the failure state with
//   "Could not save" and a "Try again" button that re-sends the fan's choice, which stays
//   selected because nothing was swapped.
// - Anything else: the error fragment the server sent (templates/4xx.html and 5xx.html,
//   "error-message" partial) is shown just before the region that was to be updated.
(function () {
  "use strict";

  var OFFLINE = "Could not reach Terrace: check your connection and try again.";

  function errorFragment(xhr) {
    if (!xhr || !xhr.responseText) {
      return null;
    }
    var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
    return doc.querySelector(".error-message");
  }

  function headline(xhr) {
    if (!xhr || !xhr.status) {
      return "no connection";
    }
    var fragment = errorFragment(xhr);
    var title = fragment && fragment.querySelector("h1, h2");
    return title ? title.textContent.trim() : "the server answered " + xhr.status;
  }

  function failSave(card, xhr) {
    card.classList.add("is-failed");
    var notice = card.querySelector(".save-failed");
    if (!notice) {
      notice = document.createElement("p");
      notice.className = "save-failed";
      notice.setAttribute("role", "alert");
      card.appendChild(notice);
    }
    notice.hidden = false;
    notice.textContent = "Could not save (" + headline(xhr) + "), try again. ";
    var retry = document.createElement("button");
    retry.type = "button";
    retry.textContent = "Try again";
    retry.addEventListener("click", function () {
      notice.hidden = true;
      card.classList.remove("is-failed");
      htmx.trigger(card, "change");
    });
    notice.appendChild(retry);
  }

  function showInPlace(target, xhr) {
    var region = target.previousElementSibling;
    if (!region || !region.classList.contains("htmx-error")) {
      region = document.createElement("div");
      region.className = "htmx-error";
      target.parentNode.insertBefore(region, target);
    }
    var fragment = errorFragment(xhr);
    region.replaceChildren();
    if (fragment) {
      region.appendChild(document.importNode(fragment, true));
    } else {
      var message = document.createElement("p");
      message.className = "error-message";
      message.setAttribute("role", "alert");
      message.textContent = xhr && xhr.status ? "Something went wrong (" + xhr.status + "): try again." : OFFLINE;
      region.appendChild(message);
    }
  }

  function onError(event) {
    var detail = event.detail;
    var card = detail.elt && detail.elt.closest(".player-ballot");
    if (card) {
      failSave(card, detail.xhr);
    } else {
      showInPlace(detail.target || detail.elt, detail.xhr);
    }
  }

  function onSuccess(event) {
    var detail = event.detail;
    if (!detail.successful) {
      return;
    }
    var target = detail.target || detail.elt;
    var region = target && target.previousElementSibling;
    if (region && region.classList.contains("htmx-error")) {
      region.remove();
    }
    var card = detail.elt && detail.elt.closest(".player-ballot");
    if (card) {
      card.classList.remove("is-failed");
    }
  }

  document.addEventListener("htmx:responseError", onError);
  document.addEventListener("htmx:sendError", onError);
  document.addEventListener("htmx:timeout", onError);
  document.addEventListener("htmx:afterRequest", onSuccess);
})();
