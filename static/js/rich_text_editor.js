// Admin: a small editor on every rich text field (initiatives/editor.py, RichTextEditor), built
// from django-prose-editor's Tiptap bundle with exactly the tools its data-rich-text lists.
// Started here rather than by the package's own preset: that one needs an inline import map,
// and Tiptap would inject a <style> element; the Content Security Policy refuses both. The
// base styles come from css/rich_text_editor.css instead. Without JavaScript the field stays a
// textarea; the server sanitises what comes back either way.
const SELECTOR = "textarea[data-rich-text]";

// Word's list bullets ("·" and spaces), meant only for programs that cannot show lists.
const WORD_LIST_MARKER = /<!(?:--)?\[if\s+!supportLists\](?:--)?>[\s\S]*?<!(?:--)?\[endif\](?:--)?>/gi;

// The toolbar's and the link dialog's words in the page's language (data-labels, keyed by the
// package's English). Titles and menu options are rebuilt as the selection moves, so this runs
// after every change.
function translate(wrapper, labels) {
  for (const element of wrapper.querySelectorAll("[title]")) {
    const label = labels[element.title];
    if (label) {
      element.title = label;
      element.setAttribute("aria-label", label);
    }
  }
  for (const option of wrapper.querySelectorAll(".prose-menubar__option > *")) {
    const label = labels[option.textContent];
    if (label) option.textContent = label;
  }
}

// Like the package's createTextareaEditor, but without Tiptap's injected <style>.
function start(prose, textarea) {
  if (textarea.closest(".prose-editor")) return null;
  const extensions = Object.entries(JSON.parse(textarea.dataset.richText)).map(
    ([name, options]) => (typeof options === "object" ? prose[name].configure(options) : prose[name])
  );
  const disabled = textarea.hasAttribute("disabled");
  const wrapper = prose.crel("div", { className: disabled ? "prose-editor disabled" : "prose-editor" });
  textarea.before(wrapper);
  wrapper.append(textarea);
  // The textarea is hidden now; its label names the editable area instead.
  const label = textarea.labels.length ? textarea.labels[0].textContent.replace(/:\s*$/, "") : "";
  return new prose.Editor({
    element: wrapper,
    editable: !disabled,
    extensions: extensions,
    content: textarea.value,
    injectCSS: false,
    editorProps: {
      attributes: { role: "textbox", "aria-multiline": "true", "aria-label": label.trim() },
      transformPastedHTML: (html) => html.replace(WORD_LIST_MARKER, ""),
    },
    onCreate({ editor }) {
      const labels = JSON.parse(textarea.dataset.labels);
      translate(wrapper, labels);
      editor.on("transaction", () => translate(wrapper, labels));
    },
    onUpdate({ editor }) {
      const html = editor.getHTML();
      // An empty editor still holds one empty paragraph: store nothing instead.
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
    onDestroy() {
      wrapper.before(textarea);
      wrapper.remove();
    },
  });
}

const first = document.querySelector(SELECTOR);
if (first) {
  // The package's dialogs ask window.gettext when its module loads: answer from data-labels,
  // and leave any other text to the admin's own catalogue if the page has one.
  const labels = JSON.parse(first.dataset.labels);
  const pageGettext = window.gettext;
  window.gettext = (text) => labels[text] || (pageGettext ? pageGettext(text) : text);
  const prose = await import(first.dataset.editorModule);
  prose.initializeEditors((textarea) => start(prose, textarea), SELECTOR);
}
