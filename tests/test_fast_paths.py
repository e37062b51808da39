"""The shortcuts extraction takes for speed never change what it finds.

``extract`` skips what cannot reach an event (an article with no trigger word is not
split, dates no frame can take are not resolved); caches serve per-name results, and a
check of a word's last letters spares most words the per-word lookups. Each shortcut is
checked here against the full computation.
"""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.extract import analyze, extract
from rasad.extract.document import prepare
from rasad.geo.gazetteer import builtin_gazetteer
from rasad.model import Article
from rasad.runtime import defaults
from rasad.text import dates, numbers
from rasad.text.normalize import normalize
from rasad.text.tokens import ARTICLE, analyses, tokenize

# Sentences in the style of the reports, with and without triggers, dates, places and
# actors, to be combined into articles (a blank line starts a paragraph).
SENTENCES = [
    "سيطرت قوات النظام على بلدة الهبيط في ريف إدلب الجنوبي بعد اشتباكات مع الفصائل.",
    "قتل خمسة مدنيين وأصيب عشرة آخرون جراء غارات جوية روسية استهدفت مدينة أريحا.",
    "وأسفر القصف عن مقتل 3 أشخاص.",
    "وكانت الفصائل قد أعلنت يوم الثلاثاء 12 شباط 2019 عن بدء معركة جديدة.",
    "وقال مراسلنا إن الوضع في مدينة حلب هادئ منذ أسبوع.",
    "إدلب - الاثنين 11 شباط 2019",
    "وتشهد المنطقة تصعيدا منذ مطلع الشهر الجاري.",
    "انفجرت عبوة ناسفة في سوق مدينة الباب أمس.",
    "والتقى وزير الخارجية نظيره التركي في أنقرة.",
    "وفي حمص، تظاهر العشرات يوم الجمعة الماضي.",
]


def _events(article: Article, *, events_only: bool) -> list[dict[str, object]]:
    lexicon, gazetteer = defaults()
    analysis = analyze(article, lexicon, gazetteer, events_only=events_only)
    return [e.to_dict() for e in analysis.events]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=8),
    st.lists(st.booleans(), min_size=8, max_size=8),
    st.sampled_from([date(2019, 2, 13), None]),
)
def test_events_only_finds_the_same_events(picked, breaks, published):
    text = ""
    for k, sentence in enumerate(picked):
        text += sentence + ("\n\n" if breaks[k] else " ")
    article = Article("t", text, published, title=picked[0])
    assert _events(article, events_only=True) == _events(article, events_only=False)


def test_an_article_without_a_trigger_word_is_not_split_and_reports_nothing():
    lexicon, gazetteer = defaults()
    article = Article("t", "والتقى وزير الخارجية نظيره التركي في أنقرة يوم الثلاثاء.",
                      date(2019, 2, 13))
    assert prepare(article, lexicon, need_trigger=True).sentences == []
    assert prepare(article, lexicon).sentences  # the full analysis does split it
    assert extract(article, lexicon, gazetteer) == []
    assert analyze(article, lexicon, gazetteer).events == []


def test_an_article_with_a_trigger_word_is_prepared_in_full():
    lexicon, _ = defaults()
    article = Article("t", SENTENCES[7] + " " + SENTENCES[8], date(2019, 2, 13))
    full = prepare(article, lexicon)
    fast = prepare(article, lexicon, need_trigger=True)
    assert [(v.tokens, v.matches) for v in fast.sentences] == [
        (v.tokens, v.matches) for v in full.sentences]


def test_a_date_no_report_can_take_is_not_tokenized():
    """With ``sparse``, a sentence with only a date is read only when a later sentence of
    its paragraph may report (it dates that report); the events stay the same."""
    lexicon, gazetteer = defaults()
    dated = "وصدر البيان يوم الثلاثاء 12 شباط 2019."
    report = "وأسفر القصف عن مقتل 3 أشخاص في مدينة أريحا."
    for text, read in ((f"{report}\n\n{dated}", False), (f"{dated} {report}", True)):
        article = Article("t", text, date(2019, 2, 13))
        sparse = prepare(article, lexicon, need_trigger=True, sparse=True)
        full = prepare(article, lexicon, need_trigger=True)
        date_view = next(v for v in full.sentences if "2019" in v.words(0, len(v.tokens)))
        k = full.sentences.index(date_view)
        assert bool(sparse.sentences[k].tokens) is read
        assert [v.tokens for j, v in enumerate(sparse.sentences) if j != k] == [
            v.tokens for j, v in enumerate(full.sentences) if j != k]
        assert extract(article, lexicon, gazetteer) == analyze(article, lexicon,
                                                               gazetteer).events


def test_a_sentence_that_reports_nothing_still_gives_its_place_to_an_anaphor():
    lexicon, gazetteer = defaults()
    article = Article("t", "ووصل الوفد إلى مدينة أريحا صباح اليوم. وقصفت الطائرات الروسية المدينة.",
                      date(2019, 2, 13))
    [event] = extract(article, lexicon, gazetteer)
    assert event.location == "Ariha"
    assert "place.anaphor" in event.rules
    assert [e.to_dict() for e in analyze(article, lexicon, gazetteer).events] == [
        event.to_dict()]


def test_explain_still_reads_a_date_no_report_can_take():
    lexicon, gazetteer = defaults()
    text = "وقصفت الطائرات الروسية مدينة أريحا.\n\nوصدر البيان يوم الثلاثاء 12 شباط 2019."
    article = Article("t", text, date(2019, 2, 13))
    lean = analyze(article, lexicon, gazetteer, events_only=True).sentences[1]
    full = analyze(article, lexicon, gazetteer, full=True).sentences[1]
    assert not lean.view.tokens
    assert full.view.tokens and full.view.of("dateword")
    assert [d.rule for d in full.dates] == ["date.abs.dmy"]


def test_gazetteer_lookups_are_cached_without_sharing_the_list():
    gazetteer = builtin_gazetteer()
    first = gazetteer.lookup("حلب")
    assert first
    first.clear()  # a caller may change what it was given
    assert gazetteer.lookup("حلب") == gazetteer.lookup("حلب") != []
    assert gazetteer.admin1("حلب", "Syria") is gazetteer.admin1("حلب", "Syria")


def test_names_within_a_governorate_are_those_of_a_full_scan():
    gazetteer = builtin_gazetteer()
    places = list(gazetteer.places())
    for admin1 in sorted({p.admin1 for p in places if p.admin1})[::40]:
        expected = [
            (key, p.id)
            for p, keys in zip(places, gazetteer._names, strict=True)
            if p.kind not in ("country", "admin1", "admin2") and p.admin1 == admin1
            for key in keys
        ]
        assert expected
        assert gazetteer.names_within(admin1=admin1) == expected


_PROCLITICS = ["", "و", "ف", "ب", "ل", "ك", "وب", "فل", "ال", "وال", "بال", "لل", "ولل"]
_ENDINGS = ["", "ه", "ها", "ين", "ات"]


def _words_ending_like(entries: frozenset[str]) -> list[str]:
    """Every proclitic + an entry (or what remains of it without its first letters) +
    an ending: the words a filter on the last letters must judge as the full check does."""
    return sorted({p + w[k:] + e for w in entries for k in range(3) for p in _PROCLITICS
                   for e in _ENDINGS})


def test_the_last_letters_filter_keeps_every_word_a_figure_may_start_with():
    words = _words_ending_like(numbers._STARTERS)
    tokens = tokenize(" ".join([*words, "12"]))
    expected = [k for k, t in enumerate(tokens) if t.kind == "num" or (
        t.kind == "word" and numbers._may_start(t.text))]
    assert len(expected) > len(numbers._STARTERS)
    assert numbers._figure_starts(tokens) == expected


def _date_keys_in_full(word: str) -> tuple[tuple[str, str], ...]:
    """What dates._lookup computes, without its shortcuts and cache."""
    found = list(dates._EXACT.get(word, ()))
    if len(word) < 3 or word[0] not in dates._PROCLITIC_INITIALS:
        return tuple(found)
    if not any(word[k:] in dates._TAILS for k in range(1, min(5, len(word) - 1))):
        return tuple(found)
    for a in analyses(word):
        if not a.prefix or a.suffix:
            continue
        form = ARTICLE + a.stem if a.has_article and not a.stem.startswith(ARTICLE) else a.stem
        if form in dates._KEYS and (form, a.prefix) not in found:
            found.append((form, a.prefix))
    return tuple(found)


def test_the_last_letters_filter_keeps_every_date_key():
    words = _words_ending_like(dates._TAILS)
    assert sum(bool(_date_keys_in_full(w)) for w in words) > len(dates._KEYS)
    for word in words:
        assert dates._lookup(word) == _date_keys_in_full(word), word


_DATED = [
    "قتل 3 مدنيين أمس الأحد 11 شباط 2018 في قصف على البلدة.",
    "وفي مطلع الشهر الجاري، قبل ثلاثة أيام، وخلال الـ24 ساعة الماضية.",
    "ليل السبت - الأحد، في الخامس من الشهر الجاري، عام 2017، 12/2/2018 و15 رمضان 1445 هـ.",
    "هذا اليوم وهذا الأسبوع، في منتصف العام الماضي، يوم 3 يوليو/تموز.",
]


def test_the_parsers_left_out_at_a_token_find_nothing_there():
    """find_dates tries at a token only the parsers its kind of token can begin."""
    for text in [*SENTENCES, *_DATED]:
        tokens = tokenize(normalize(text).text)
        for published in (date(2018, 2, 12), None):
            parser = dates._Parser(tokens, list(map(dates._lookup, (t.text for t in tokens))),
                                   published)
            for i, t in enumerate(tokens):
                tried = dates._parsers_at(t.text)
                for parse, _ in dates._BEGINS_WITH:
                    if parse in tried:
                        continue
                    try:
                        found = parse(parser, i)
                    except (ValueError, OverflowError):
                        found = None
                    assert found is None or found.end <= i, (text, i, parse.__name__)


def test_matches_by_category_are_those_of_a_full_scan():
    lexicon, _ = defaults()
    article = Article("t", " ".join(SENTENCES), date(2019, 2, 13))
    for view in prepare(article, lexicon).sentences:
        for category in ("actor", "trigger", "cue", "place", "place_type", "demonym",
                         "dateword", "none"):
            assert list(view.of(category)) == [
                t for t in view.matches if t.category == category]


def test_matching_for_a_trigger_finds_all_matches_or_none():
    lexicon, _ = defaults()
    with_trigger = "سيطرت قوات النظام على بلدة الهبيط في ريف إدلب."
    without = "والتقى وزير الخارجية نظيره التركي في أنقرة يوم الثلاثاء."
    assert lexicon.match(with_trigger, need_trigger=True) == lexicon.match(with_trigger)
    assert lexicon.match(without)
    assert lexicon.match(without, need_trigger=True) == []
