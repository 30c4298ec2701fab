// The recovery codes page (templates/two_factor/recovery_codes.html): one button copies the
// codes to the clipboard, one a line, and says so (read out by screen readers too); another
// prints the page, which prints just the codes (static/css/two_factor.css). Without
// JavaScript neither button is shown, as neither would work: the codes can still be selected,
// printed from the browser's menu, or written down.
(function () {
  var texts = document.currentScript.dataset;
  var tools = document.querySelector(".two-factor-code-tools");
  var list = document.querySelector(".two-factor-codes");
  if (!tools || !list) return;
  var status = tools.querySelector("[role=status]");

  function codes() {
    return Array.from(list.querySelectorAll("code"), function (code) {
      return code.textContent.trim();
    });
  }

  function say(text) {
    // Emptied first, so that a second click's same words are read out again.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  // No clipboard for scripts (an older browser, or refused): the codes are selected, for
  // the keyboard's copy.
  function copyByHand() {
    window.getSelection().selectAllChildren(list);
    say(texts.copyByHand);
  }

  tools.querySelector("[data-copy]").addEventListener("click", function () {
    if (!navigator.clipboard) {
      copyByHand();
      return;
    }
    navigator.clipboard.writeText(codes().join("\n")).then(function () {
      say(texts.copied);
    }, copyByHand);
  });
  tools.querySelector("[data-print]").addEventListener("click", function () {
    window.print();
  });
  tools.hidden = false;
})();
