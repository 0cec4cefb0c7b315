/* Quick exit (SPEC 5.4). The button is a plain link to a neutral site, so it works without
   JavaScript; with it, leaving hides the page at once and replaces the current history entry,
   so the back button does not bring the page back. Pressing Shift three times within three
   seconds also leaves; a Shift held with another key (typing a capital letter) does not count. */
(function () {
  "use strict";
  var link = document.querySelector("[data-wav-exit]");
  if (!link) return;
  var live = document.querySelector("[data-wav-exit-live]");
  var target = link.href;
  var presses = 0;
  var timer = null;

  function leave() {
    document.documentElement.style.display = "none";
    document.title = "";
    window.location.replace(target);
  }

  function reset() {
    presses = 0;
    if (live) live.textContent = "";
  }

  link.addEventListener("click", function (event) {
    event.preventDefault();
    leave();
  });

  // A press counts when Shift is released without any other key pressed meanwhile,
  // so typing capital letters never adds up to an exit.
  var shiftDown = false;
  var otherKey = false;
  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") {
      if (!event.repeat) {
        shiftDown = true;
        otherKey = false;
      }
      return;
    }
    otherKey = true;
    reset();
  }, true);

  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift" || !shiftDown) return;
    shiftDown = false;
    if (otherKey || event.ctrlKey || event.altKey || event.metaKey) return;
    presses += 1;
    clearTimeout(timer);
    timer = setTimeout(reset, 3000);
    if (presses >= 3) {
      leave();
    } else if (live) {
      live.textContent = presses === 1 ? live.getAttribute("data-two") : live.getAttribute("data-one");
    }
  }, true);
})();
