"""Tests of rasad.text.numbers on invented sentences in the style of Arabic news."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.text.normalize import normalize, normalize_key
from rasad.text.numbers import Quantity, find_quantities, lowest, noun_class
from rasad.text.tokens import Token, tokenize


def run(sentence: str) -> tuple[list[Token], list[Quantity]]:
    tokens = tokenize(normalize(sentence).text)
    return tokens, find_quantities(tokens)


def summary(sentence: str) -> list[tuple[int, bool, str | None, str]]:
    """(value, exact, noun_class, rule) of each figure of ``sentence``."""
    return [(q.value, q.exact, q.noun_class, q.rule) for q in run(sentence)[1]]


def values(sentence: str) -> list[int]:
    return [q.value for q in run(sentence)[1]]


def span(tokens: list[Token], q: Quantity) -> str:
    return " ".join(t.text for t in tokens[q.start:q.end])


# --- Digits ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Eastern Arabic digits
        ("قُتل ٣ عناصر من قوات النظام في ريف حماة الشمالي",
         [(3, True, "fighter", "num.digits")]),
        # Persian digits, accusative noun with tanween
        ("أصيب ۱۲ مدنياً جراء القصف المدفعي على البلدة",
         [(12, True, "civilian", "num.digits")]),
        # ASCII digits glued to the word before them
        ("أسفر الانفجار عن مقتل100 شخص وجرح العشرات",
         [(100, True, "person", "num.digits"), (12, False, None, "num.vague.dozens")]),
        # thousands separator
        ("نزح 1,200 شخص من القرى المحيطة خلال الليل",
         [(1200, True, "person", "num.digits")]),
        # digits with a scale word
        ("فر 5 آلاف مدني ونزح 1.5 مليون لاجئ منذ بداية المعارك",
         [(5000, True, "civilian", "num.digits"), (1500000, True, "civilian", "num.digits")]),
    ],
)
def test_digits(sentence, expected):
    assert summary(sentence) == expected


def test_comma_in_a_list_is_not_a_thousands_separator():
    assert values("قتل 10، 5 منهم من الأطفال") == [10, 5]
    assert values("قتل 10 ، 500 في الريف") == [10, 500]


# --- Number words -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("قتل ثلاثة جنود وثلاث نساء في الهجوم",
         [(3, True, "soldier", "num.word"), (3, True, "woman", "num.word")]),
        ("اعتقلت الدورية أربعة شبان وسبع فتيات",
         [(4, True, "person", "num.word"), (7, True, "woman", "num.word")]),
        ("قتل أحد عشر عنصراً وإحدى عشرة امرأة واثنا عشر طفلاً",
         [(11, True, "fighter", "num.compound"), (11, True, "woman", "num.compound"),
          (12, True, "child", "num.compound")]),
        ("سقط ثمانية عشر قتيلاً وثلاث عشرة جريحة",
         [(18, True, "killed", "num.compound"), (13, True, "wounded", "num.compound")]),
        ("أسفرت الغارة عن خمسة وعشرين قتيلاً",
         [(25, True, "killed", "num.compound")]),
        ("أصيب ثلاثة وثلاثون مدنياً بجروح متفاوتة",
         [(33, True, "civilian", "num.compound")]),
        ("وصل مئة وعشرون مقاتلاً إلى الجبهة",
         [(120, True, "fighter", "num.compound")]),
        ("انتشر ثلاثمئة مقاتل وثلاث مئة جندي على خطوط التماس",
         [(300, True, "fighter", "num.word"), (300, True, "soldier", "num.compound")]),
        ("نزح ثلاثة آلاف وخمسمائة شخص بعد القصف",
         [(3500, True, "person", "num.compound")]),
        ("قتل عشرون ألفاً منذ بداية الحرب ونزح مئتا شخص",
         [(20000, True, None, "num.compound"), (200, True, "person", "num.word")]),
        ("دمرت أربعون آلية وسبعون دبابة",
         [(40, True, "vehicle", "num.word"), (70, True, "vehicle", "num.word")]),
    ],
)
def test_number_words(sentence, expected):
    assert summary(sentence) == expected


def test_compound_span_covers_all_its_words():
    tokens, qs = run("قتل خمسة وعشرون عنصراً")
    assert [span(tokens, q) for q in qs] == ["خمسه وعشرون"]
    assert qs[0].noun == "عنصر" and tokens[qs[0].noun_index].text == "عنصرا"


def test_two_numbers_joined_by_wa_stay_two():
    assert values("قتل ثلاثة وأربعة في الريف") == [3, 4]


def test_ordinals_are_not_quantities():
    assert run("قتل الجندي الثالث والمجندة الخامسة في اليوم الحادي عشر")[1] == []


def test_one_needs_a_counted_noun():
    assert summary("مقتل أحد المسلحين") == [(1, True, "fighter", "num.word")]
    assert run("لم يصب أحد بأذى في آن واحد")[1] == []


def test_number_after_its_noun():
    tokens, qs = run("قتل جندي واحد والجنود الثلاثة")
    assert [(q.value, tokens[q.noun_index].text) for q in qs] == [(1, "جندي"), (3, "والجنود")]


def test_number_without_noun():
    assert summary("سقط قتلى بلغ عددهم ثمانية") == [(8, True, None, "num.word")]
    assert run("سقط قتلى بلغ عددهم ثمانية")[1][0].noun_index is None


def test_the_definite_number_a_total_comes_to():
    assert summary("وأكد ناشطون أن عدد القتلى تجاوز العشرة") == [(10, False, None, "num.word")]
    assert summary("وقال إن عدد القتلى بلغ السبعة") == [(7, True, None, "num.word")]
    # with no total before it, a definite number word without its noun counts nothing
    assert summary("وناقش الوزراء العشرة الخطة") == []
    assert summary("وقال إن الخمسة قتلوا") == []


# --- Duals --------------------------------------------------------------------------------


def test_dual_noun_is_two():
    _, qs = run("قتل عنصرين من التنظيم")
    assert [(q.value, q.noun, q.noun_class, q.rule) for q in qs] == [
        (2, "عنصر", "fighter", "num.dual")]
    assert qs[0].end - qs[0].start == 1 and qs[0].noun_index == qs[0].start


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("قتل طفلان وامرأتان في القصف", [(2, "child"), (2, "woman")]),
        ("أصيب جنديين بجروح خطيرة", [(2, "soldier")]),
        ("دمرت دبابتين وسيارتين للنظام", [(2, "vehicle"), (2, "vehicle")]),
        ("قتل شخصان وأسر مسلحان", [(2, "person"), (2, "fighter")]),
    ],
)
def test_duals(sentence, expected):
    assert [(q.value, q.noun_class) for q in run(sentence)[1]] == expected


def test_sound_plural_is_not_a_dual():
    # مدنيين and مسلحين are plurals ("civilians", "gunmen"), not duals
    assert run("قتل مدنيين في غارة على السوق")[1] == []
    assert run("هاجم مسلحين نقطة للجيش")[1] == []
    assert run("انسحب الجنود من المنطقة")[1] == []


def test_dual_with_ithnan_is_one_quantity():
    tokens, qs = run("قتل مدنيان اثنان في الغارة")
    assert len(qs) == 1
    assert (qs[0].value, qs[0].noun_class, span(tokens, qs[0])) == (2, "civilian", "مدنيان اثنان")


def test_plural_with_ithnayn_after_it():
    tokens, qs = run("قتل مدنيين اثنين في الغارة")
    assert [(q.value, q.noun_class, q.rule) for q in qs] == [(2, "civilian", "num.word")]
    assert tokens[qs[0].noun_index].text == "مدنيين"


# --- Vague amounts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("قتل عشرات المدنيين في المجزرة", [(12, False, "civilian", "num.vague.dozens")]),
        ("نقل العشرات من الجرحى إلى المشافي", [(12, False, "wounded", "num.vague.dozens")]),
        ("اعتقلت القوات مئات الشبان", [(100, False, "person", "num.vague.hundreds")]),
        ("فر آلاف السكان من المدينة", [(1000, False, "civilian", "num.vague.thousands")]),
        ("نزح عشرات الآلاف من الأهالي", [(12000, False, "civilian", "num.vague.dozens")]),
        ("قتل عدة عناصر في الكمين", [(3, False, "fighter", "num.vague.several")]),
        ("أصيب عدد من المدنيين", [(3, False, "civilian", "num.vague.several")]),
        ("اختطف بضعة أطفال من المخيم", [(3, False, "child", "num.vague.several")]),
        ("قتل العديد من المسلحين", [(10, False, "fighter", "num.vague.many")]),
        ("وسقط كثيرون بين قتيل وجريح", [(10, False, None, "num.vague.many")]),
    ],
)
def test_vague(sentence, expected):
    assert summary(sentence) == expected


def test_number_of_is_not_vague():
    assert summary("ارتفع عدد القتلى إلى 20") == [(20, True, None, "num.digits")]


# --- Qualifiers and ranges --------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("قتل أكثر من 10 أشخاص في الانفجار", 10),
        ("أصيب ما لا يقل عن عشرين مدنياً", 20),
        ("قتل 15 مدنياً على الأقل", 15),
        ("قتل نحو 30 عنصراً", 30),
        ("أصيب قرابة 40 شخصاً", 40),
        ("قتل حوالى 50 مسلحاً", 50),
        ("نزح ما يزيد عن 60 عائلة", 60),
        ("قتل بأكثر من 15 عنصراً", 15),
    ],
)
def test_qualifiers_make_the_figure_approximate(sentence, value):
    qs = run(sentence)[1]
    assert [(q.value, q.exact) for q in qs] == [(value, False)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("قتل ما بين 50 و100 مسلح", (50, "fighter")),
        ("أصيب من 5 إلى 7 أطفال", (5, "child")),
        ("قتل 11 أو 12 جندياً", (11, "soldier")),
        ("قتل بين خمسين ومئة مدني", (50, "civilian")),
        ("قتل ثلاثة أو أربعة مدنيين", (3, "civilian")),
        ("قتل 5-7 أشخاص", (5, "person")),
    ],
)
def test_ranges_keep_the_lowest(sentence, expected):
    qs = run(sentence)[1]
    assert [(q.value, q.noun_class, q.rule, q.exact) for q in qs] == [
        (*expected, "num.range.low", False)]


# --- Counted nouns ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "cls"),
    [
        ("قتيلاً", "killed"), ("والقتلى", "killed"), ("شهداء", "killed"),
        ("وجرحى", "wounded"), ("مصابين", "wounded"), ("إصابات", "wounded"),
        ("أسرى", "captured"), ("المعتقلين", "captured"),
        ("للمدنيين", "civilian"), ("الأهالي", "civilian"),
        ("والأطفال", "child"), ("نساء", "woman"),
        ("عناصره", "fighter"), ("عنصرين", "fighter"), ("مرتزقة", "fighter"),
        ("جنود", "soldier"), ("جنديين", "soldier"), ("صف ضابط", "soldier"),
        ("أشخاص", "person"), ("آليات", "vehicle"), ("ضحايا", "other"),
        ("بجروح", None), ("المدينة", None),
    ],
)
def test_noun_class(word, cls):
    assert noun_class(normalize_key(word)) == cls


def test_counted_noun_after_min_and_with_clitics():
    tokens, qs = run("قتل 3 من عناصره و10 قتلى وجرحى")
    assert [(q.value, q.noun, tokens[q.noun_index].text) for q in qs] == [
        (3, "عنصر", "عناصره"), (10, "قتيل", "قتلي")]


def test_noun_after_a_modifier():
    assert summary("قتل أحد أبرز قادة التنظيم") == [(1, True, "fighter", "num.word")]
    assert summary("قتل 5 من كبار الضباط") == [(5, True, "soldier", "num.digits")]
    # إحدى الفتيات is one figure, not also the noun of the following وأحد
    assert values("قتلت إحدى الفتيات وأحد أبرز قادة الفصيل") == [1, 1]


def test_a_noun_with_wa_is_not_the_counted_noun():
    assert summary("قتل 10 والجرحى في المشفى") == [(10, True, None, "num.digits")]


def test_two_word_noun():
    qs = run("قتل 4 صف ضباط و3 من رجال الأمن")[1]
    assert [(q.value, q.noun, q.noun_class) for q in qs] == [
        (4, "صف ضابط", "soldier"), (3, "رجل امن", "soldier")]


# --- Blockers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "تعود المعارك إلى عام 2018 في المنطقة",
        "بدأت الحملة في 2018 واستمرت",
        "وقع الهجوم يوم 12 شباط الماضي",
        "وقع القصف عند الساعة 5 فجراً",
        "تقدمت القوات مسافة 38 كم نحو الشمال",
        "دخل مقاتلو اللواء 444 إلى المدينة",
        "انسحبت الفرقة 17 من مواقعها",
        "أسقطت طائرة من طراز su-24 وأخرى ميغ-21",
        "ارتفعت الأسعار بنسبة 20% أو 30 بالمئة",
        "للتواصل اتصلوا على 0933123456 أو +963 11 2345678",
        "بدأ الاشتباك في 2018-02-12 الساعة 10:30",
        "استمر القصف 24 ساعة متواصلة",
        "قتل طفل يبلغ من العمر 12 عاماً",
        "في الخامس من رمضان 1439 هـ",
        "دفعت الفدية وقدرها 5 آلاف دولار",
    ],
)
def test_figures_that_are_not_counts(sentence):
    assert run(sentence)[1] == []


def test_year_sized_figure_with_a_counted_noun_is_a_count():
    assert summary("قتل 2000 شخص في المعارك") == [(2000, True, "person", "num.digits")]


def test_figures_in_a_long_sentence_left_to_right():
    sentence = ("وفي عام 2018 قتل 5 مدنيين و3 عناصر، بينهم قيادي، "
                "وأصيب عشرات آخرون على بعد 10 كم من البلدة")
    assert summary(sentence) == [
        (5, True, "civilian", "num.digits"),
        (3, True, "fighter", "num.digits"),
        (12, False, "person", "num.vague.dozens"),
    ]


# --- lowest() ---------------------------------------------------------------------------


def test_lowest():
    assert lowest([7, 3, 12]) == 3
    assert lowest(x for x in (100, 12)) == 12
    assert lowest([]) is None


# --- Properties ----------------------------------------------------------------------------

ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويةىءأإآؤئ" + "\u064b\u064e\u0651\u0640"
DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"
LEXICON_WORDS = [
    "ثلاثة", "عشر", "عشرة", "وعشرون", "مئة", "ومئة", "ثلاث", "آلاف", "ألفا", "ألفين",
    "عشرات", "الآلاف", "عدد", "من", "بين", "و", "إلى", "أو", "أكثر", "على", "الأقل",
    "عنصرين", "مدنيان", "اثنان", "مدنيين", "قتلى", "جرحى", "عام", "اللواء", "كم",
    "شباط", "الساعة", "أحد", "واحد", "الثلاثة", "الجنود", "بضعة", "صف", "ضابط",
    "2018", "1,200", "1.5", "مليون", "-", "/", ":", "%", "+", "،", "su", "5", "12",
]


def _check(text: str) -> None:
    tokens = tokenize(normalize(text).text)
    qs = find_quantities(tokens)
    previous_end = 0
    for q in qs:
        assert 0 <= q.start < q.end <= len(tokens)
        assert q.value >= 0
        assert q.start >= previous_end
        previous_end = q.end
        if q.noun_index is not None:
            assert 0 <= q.noun_index < len(tokens)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_never_raises(text):
    _check(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ARABIC + DIGITS + " ,.-", max_size=200))
def test_arabic_letters_and_digits_never_raise(text):
    _check(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LEXICON_WORDS), max_size=25).map(" ".join))
def test_lexicon_word_salad_never_raises(text):
    _check(text)
