"""Text layer: normalization with offsets, sentences, tokens and clitics, verb forms."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.text.normalize import normalize, normalize_key
from rasad.text.sentences import split_sentences
from rasad.text.tokens import (
    analyses,
    dual_forms,
    enclitic_forms,
    proclitic_forms,
    stems,
    tokenize,
)
from rasad.text.verbs import conjugate, default_imperfect


def test_diacritics_tatweel_and_alef_forms_are_normalized():
    assert normalize("شنَّ تنظيمُ داعشٍ").text == "شن تنظيم داعش"
    assert normalize("الـقـصـف").text == "القصف"
    assert normalize("أإآٱا").text == "ااااا"


def test_ya_ta_marbuta_and_hamza_seats():
    assert normalize_key("مستشفى") == normalize_key("مستشفي")
    assert normalize_key("قرية") == normalize_key("قريه")
    assert normalize_key("مسؤول") == normalize_key("مسوول")
    assert normalize_key("هيئة") == "هييه"


def test_digits_of_all_three_sets_become_ascii():
    assert normalize("١٢ شباط ٢٠١٨").text == "12 شباط 2018"
    assert normalize("۱۲۳").text == "123"


def test_arabic_punctuation_and_quotes():
    assert normalize("قال، «نعم»؛ لماذا؟ “هنا”").text == 'قال, "نعم"; لماذا? "هنا"'


def test_offsets_map_back_to_the_original_text():
    original = "قصفت  الطائراتُ الحربيةُ «بلدةَ» كفرنبودة"
    n = normalize(original)
    start = n.text.index("بلده")
    assert n.original_span(start, start + 4) == "بلدة"
    start = n.text.index("الحربيه")
    assert n.original_span(start, start + len("الحربيه")) == "الحربية"
    assert n.original_span(0, len(n.text)) == original


def test_presentation_forms_take_the_slow_path_with_offsets():
    n = normalize("ﻻ تقصف")
    assert n.text == "لا تقصف"
    assert n.original_span(0, 2) == "ﻻ"
    assert n.original_span(3, 7) == "تقصف"


def test_whitespace_runs_collapse_but_lines_stay():
    n = normalize("قصف  \u00a0 عنيف\nثم")
    assert n.text == "قصف عنيف\nثم"


def test_sentences_split_on_terminals_and_lines_not_on_decimals_or_initials():
    text = normalize("قال (ا.ف.ب) إن 3.5 كم فقط. ثم وقع انفجار! وماذا بعد؟\nسطر جديد").text
    parts = [text[s.start:s.end] for s in split_sentences(text)]
    assert parts == ["قال (ا.ف.ب) ان 3.5 كم فقط.", "ثم وقع انفجار!", "وماذا بعد?", "سطر جديد"]


def test_tokens_split_digits_glued_to_words():
    toks = tokenize(normalize("مقتل100 شخص").text)
    assert [(t.text, t.kind) for t in toks] == [("مقتل", "word"), ("100", "num"), ("شخص", "word")]


def test_clitic_readings_find_lexicon_stems():
    assert "اسلحه" in stems(normalize_key("بالأسلحة"))
    assert "سيطرت" in stems(normalize_key("وسيطرت"))
    assert "داعش" in stems(normalize_key("لداعش"))
    assert "عناصر" in stems(normalize_key("عناصره"))
    assert "تنظيم" in stems(normalize_key("للتنظيم"))
    readings = {(a.prefix, a.stem, a.suffix) for a in analyses(normalize_key("قريتها"))}
    assert ("", "قريه", "ها") in readings


def test_short_stems_are_not_split_off():
    # بلدة must keep its ب: the stem لده would be shorter than three letters
    assert ("ب", "لده", "") not in {(a.prefix, a.stem, a.suffix) for a in analyses("بلد")}
    assert all(len(a.stem) >= 2 for a in analyses("ولد"))


def test_proclitic_forms_of_a_noun_with_the_article():
    forms = proclitic_forms("الجيش", article=True)
    assert {"والجيش", "بالجيش", "للجيش", "فالجيش"} <= set(forms)
    assert "لالجيش" not in forms
    assert "سالجيش" not in forms


def test_dual_forms_of_a_singular_noun_and_none_of_a_plural_or_phrase():
    assert dual_forms(normalize_key("غارة")) == ["غارتان", "غارتين"]
    assert dual_forms("هجوم") == ["هجومان", "هجومين"]
    assert dual_forms("غارات") == []  # a sound feminine plural
    assert dual_forms("هجوما") == []  # accusative with tanwin, not a base
    assert dual_forms(normalize_key("غارة جوية")) == []


def test_enclitic_forms_write_ta_marbuta_as_ta():
    assert "قريتها" in enclitic_forms(normalize_key("قرية"))
    assert "عناصره" in enclitic_forms("عناصر")


def test_conjugation_of_regular_and_derived_verbs():
    forms = conjugate("قصف")
    assert {"قصف", "قصفت", "قصفوا", "يقصف", "تقصف", "يقصفون"} <= set(forms)
    assert forms["قصفت"] == "perfect" and forms["يقصفون"] == "imperfect"
    assert default_imperfect("استهدف") == "يستهدف"
    assert default_imperfect(normalize_key("اعتقل")) == "يعتقل"
    assert "ياسر" in conjugate("أسر", "يأسر")


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_normalize_never_crashes_and_offsets_stay_consistent(s):
    n = normalize(s)
    prev = -1
    for i in range(len(n.text)):
        o = n.orig_index(i)
        assert 0 <= o < len(s)
        assert o >= prev  # a presentation form expands to several letters
        prev = o
    for tok in tokenize(n.text):
        a, b = n.to_original(tok.start, tok.end)
        assert 0 <= a < b <= len(s)
    for sent in split_sentences(n.text):
        assert 0 <= sent.start < sent.end <= len(n.text)


_ARABIC = st.text(
    alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويىءأإآةؤئ ًٌٍَُِّْـ،.؟!«»٠١٢٣ \n")),
    max_size=200,
)


@given(_ARABIC)
@settings(max_examples=300, deadline=None)
def test_normalized_arabic_keeps_every_letter_reachable(s):
    n = normalize(s)
    for tok in tokenize(n.text):
        for a in analyses(tok.text):
            assert a.prefix + a.stem + a.suffix == tok.text or a.stem.endswith("ه")
        orig = n.original_span(tok.start, tok.end)
        assert normalize_key(orig) == tok.text


def test_a_full_stop_inside_a_latin_word_ends_no_sentence() -> None:
    from rasad.text.sentences import split_sentences

    text = "نقل موقع aljazeera.net الخبر. وقال المصدر إن window.open لا يعمل.وأضاف أن القصف استمر"
    spans = [text[s.start:s.end] for s in split_sentences(text)]
    assert spans == ["نقل موقع aljazeera.net الخبر.", "وقال المصدر إن window.open لا يعمل.",
                     "وأضاف أن القصف استمر"]
