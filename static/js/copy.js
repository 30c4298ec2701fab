// "Copy citation" (templates/includes/citation.html): copies the text of the element the
// button names (data-copy), with its italics where the clipboard takes HTML, and says so in
// the status it names (data-copy-status), which screen readers read out. The texts come from
// the button's data-copied and data-copy-by-hand (translated on the server). Without
// JavaScript the stylesheet leaves the button out; the citation is selectable text.
(function () {
  "use strict";

  function say(status, text) {
    // Emptied first, so that a second click's same words are read out again.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function plain(source) {
    return source.textContent.replace(/\s+/g, " ").trim();
  }

  // Word processors keep the italics from the HTML; everything else takes the plain text.
  function copy(source) {
    var text = plain(source);
    if (window.ClipboardItem && navigator.clipboard.write) {
      var item = new window.ClipboardItem({
        "text/plain": new Blob([text], { type: "text/plain" }),
        "text/html": new Blob([source.innerHTML.trim()], { type: "text/html" }),
      });
      return navigator.clipboard.write([item]).catch(function () {
        return navigator.clipboard.writeText(text);
      });
    }
    return navigator.clipboard.writeText(text);
  }

  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copy);
    var status = document.getElementById(button.dataset.copyStatus);
    if (!source || !status) return;

    // No clipboard for scripts (an older browser, a page not on https, or refused): the text
    // is selected, for the keyboard's copy.
    function copyByHand() {
      window.getSelection().selectAllChildren(source);
      say(status, button.dataset.copyByHand);
    }

    button.addEventListener("click", function () {
      if (!navigator.clipboard) {
        copyByHand();
        return;
      }
      copy(source).then(function () {
        say(status, button.dataset.copied);
      }, copyByHand);
    });
  });
})();
