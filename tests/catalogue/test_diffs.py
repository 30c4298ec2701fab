"""The word-level diff that the history and the revision comparison show."""

import re

from catalogue.diffs import rich_text_as_text, time_limit, word_diff


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


def test_the_last_word_of_a_text_is_the_same_word_in_a_longer_one():
    html = str(word_diff("Buurtkeuken De Pan", "Buurtkeuken De Pan in de Oosterkerk"))
    assert html == "Buurtkeuken De Pan <ins>in de Oosterkerk</ins>"


def test_out_of_time_a_diff_is_coarser_but_loses_no_word():
    old = " ".join(f"woord{n}" for n in range(3000))
    new = " ".join(f"woord{n}" for n in reversed(range(3000)))
    with time_limit(0):  # the page's time for diffs is up
        html = str(word_diff(old, new))
    as_old = re.sub(r"</?del>", "", re.sub(r"<ins>.*?</ins>", "", html, flags=re.S))
    as_new = re.sub(r"</?ins>", "", re.sub(r"<del>.*?</del>", "", html, flags=re.S))
    assert as_old.split() == old.split()
    assert as_new.split() == new.split()
