"""The word-level diff that the history and the revision comparison show."""

from catalogue.diffs import rich_text_as_text, word_diff


def test_rich_text_keeps_its_blocks_apart():
    html = (
        "<p>Samen tuinieren.</p><h2>Wat we doen</h2>"
        "<ul><li>Tuinieren</li><li>Koken &amp; eten</li></ul>"
    )
    assert rich_text_as_text(html) == "Samen tuinieren.\nWat we doen\n• Tuinieren\n• Koken & eten"


def test_a_change_deep_in_a_long_text_shows_with_its_words():
    before = "Buren ontmoeten elkaar. " * 40 + "Elke dinsdag in het buurthuis."
    after = "Buren ontmoeten elkaar. " * 40 + "Elke woensdag in het buurthuis."
    html = str(word_diff(before, after))
    assert "<del>dinsdag </del><ins>woensdag </ins>in het buurthuis." in html
    assert html.count("<del>") == 1 and html.count("<ins>") == 1


def test_text_is_escaped_and_nothing_is_lost():
    html = str(word_diff("<script>x</script> a", "a & b"))
    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "&amp; b" in html


def test_equal_texts_show_no_change():
    assert "<ins>" not in str(word_diff("Samen koken", "Samen koken"))
