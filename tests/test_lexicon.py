"""Lexicon files: validation, compilation into one automaton, matching with clitics."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasad.lexicon.loader import Lexicon, LexiconError
from rasad.text.normalize import normalize

MINI = {
    "actors.yaml": """
- id: t.isis
  name: "Islamic State (Syria)"
  type: rebel
  country: Syria
  aliases: [تنظيم داعش, داعش, تنظيم الدولة]
- id: t.hts
  name: "HTS: Hayat Tahrir al Sham"
  type: rebel
  country: Syria
  aliases: [هيئة تحرير الشام]
- id: t.army
  name: "Military Forces of Syria (2000-2024)"
  names_by_date:
    - {until: "2024-12-08", name: "Military Forces of Syria (2000-2024)"}
    - {from: "2024-12-09", name: "Military Forces of Syria (2024-)"}
  type: state
  country: Syria
  aliases: [قوات النظام]
- id: t.civ
  name: "Civilians ({country})"
  generic: true
  type: civilians
  country: null
  aliases: [مدنيين]
""",
    "triggers.yaml": """
- id: trg.t.sayt
  type: Non-state actor overtakes territory
  family: territory
  verbs: [سيطر]
  imperfect: {سيطر: يسيطر}
  nouns: [سيطرة]
- id: trg.t.qasf
  type: Shelling/artillery/missile attack
  family: strike
  verbs: [قصف]
  nouns: [قصف]
- id: trg.t.tahrir
  type: Non-state actor overtakes territory
  family: territory
  forms: [تحرير]
""",
    "cues.yaml": """
instrument:
  - {id: cue.t.air, value: Air/drone strike, forms: [الطيران الحربي]}
""",
    "place_types.yaml": """
- {id: pt.t.village, kind: village, precision: 1, forms: [قرية]}
""",
    "demonyms.yaml": """
- {id: dem.t.syria, actor: "Military Forces of Syria (2000-2024)", forms: [النظام السوري]}
""",
    "words.yaml": """
construct_heads: [أم, تل]
name_stops: [التابعة]
force_words: [قوات]
subordinators: [بعد]
exposure_words: [تعرضت]
air_words: [طائرات]
affiliation_words: [من]
capital_words: [عاصمة]
civilian_targets: [سوق]
military_words: [عسكري]
owner_words: [تابعة]
attack_nouns: [هجوم]
exposure_verbs: [تعرضت]
reporter_words: [مراسل]
attribution_words: [بحسب]
report_verbs: [أعلن]
result_verbs: [أسفر]
implementation_words: [تنفيذ]
""",
    "capitals.yaml": """
- {capital: دمشق, adjectives: [السورية]}
""",
}


def _write(tmp: Path, **over: str) -> Path:
    for name, body in {**MINI, **over}.items():
        (tmp / name).write_text(body, encoding="utf-8")
    return tmp


def _matches(lex: Lexicon, text: str) -> list[tuple[str, str, str]]:
    n = normalize(text)
    return [(m.category, m.entry_id, n.original_span(m.start, m.end)) for m in lex.match(n.text)]


def test_conjugated_and_cliticized_forms_match(tmp_path):
    lex = Lexicon(_write(tmp_path))
    found = _matches(lex, "وسيطرت لداعش على قريتها، وللتنظيم ويسيطرون")
    assert ("trigger", "trg.t.sayt", "وسيطرت") in found
    assert ("actor", "t.isis", "لداعش") in found
    assert ("place_type", "pt.t.village", "قريتها") in found
    assert ("trigger", "trg.t.sayt", "ويسيطرون") in found


def test_matches_respect_word_boundaries(tmp_path):
    lex = Lexicon(_write(tmp_path))
    # "قصفه" is a form of قصف (with a pronoun); "القصفات" is not a word we know
    assert [c for c, _, _ in _matches(lex, "قصفه")] == ["trigger"]
    assert _matches(lex, "داعشيون") == []


def test_future_prefix_is_reported_on_the_match(tmp_path):
    lex = Lexicon(_write(tmp_path))
    m = [x for x in lex.match(normalize("ستسيطر القوات").text) if x.category == "trigger"]
    assert m and m[0].prefix == "س"


def test_multiword_names_and_place_names(tmp_path):
    lex = Lexicon(_write(tmp_path), place_names=["الخوين", "أريحا"])
    found = _matches(lex, "قصفت هيئة تحرير الشام بالخوين وأريحا")
    assert ("actor", "t.hts", "هيئة تحرير الشام") in found
    assert ("place", "الخوين", "بالخوين") in found
    assert ("place", "اريحا", "وأريحا") in found


def test_dated_and_generic_actor_names(tmp_path):
    from datetime import date

    lex = Lexicon(_write(tmp_path))
    army = lex.actors["t.army"]
    assert army.name_on(date(2018, 2, 12), "Syria") == "Military Forces of Syria (2000-2024)"
    assert army.name_on(date(2025, 1, 5), "Syria") == "Military Forces of Syria (2024-)"
    assert lex.actors["t.civ"].name_on(None, "Yemen") == "Civilians (Yemen)"
    assert army.inter == 1


@pytest.mark.parametrize(
    ("file", "body", "message"),
    [
        ("actors.yaml", "- {id: a, name: A, type: wizard, aliases: [x]}", "unknown type"),
        ("actors.yaml", "- {id: a, name: A, type: rebel}", "lacks aliases"),
        ("triggers.yaml", "- {id: t, type: Picnic, family: strike, nouns: [x]}",
         "unknown sub_event_type"),
        ("triggers.yaml", "- {id: t, type: Armed clash, family: strike}", "no verbs"),
        ("triggers.yaml", "[1, 2", "invalid YAML"),
        ("demonyms.yaml", "- {id: d, actor: Nobody, forms: [x]}", "no actor named"),
        ("place_types.yaml", "{}", "expected a list"),
        ("words.yaml", "construct_heads: [أم]", "missing list"),
    ],
)
def test_malformed_lexicon_files_name_the_file_and_entry(tmp_path, file, body, message):
    with pytest.raises(LexiconError, match=message) as err:
        Lexicon(_write(tmp_path, **{file: body}))
    assert file in str(err.value)


def test_duplicate_ids_are_rejected(tmp_path):
    dup = MINI["actors.yaml"] + "\n- {id: t.hts, name: X, type: rebel, aliases: [y]}\n"
    with pytest.raises(LexiconError, match="duplicate id"):
        Lexicon(_write(tmp_path, **{"actors.yaml": dup}))


def test_shipped_lexicon_loads_with_enough_actors():
    lex = Lexicon()
    assert len(lex.actors) >= 150
    countries = {a.country for a in lex.actors.values()}
    assert {"Syria", "Iraq", "Yemen", "Libya", "Lebanon", "Palestine", "Sudan"} <= countries
    assert lex.stats.keys > 10_000


def test_a_capital_phrase_names_its_city(tmp_path):
    lex = Lexicon(_write(tmp_path))
    found = _matches(lex, "قصف وسط العاصمة السورية وبالعاصمة السورية")
    assert ("capital", "دمشق", "العاصمة السورية") in found
    assert ("capital", "دمشق", "وبالعاصمة السورية") in found
    # a capitals.yaml entry without its city is named with the file
    with pytest.raises(LexiconError, match=r"capitals\.yaml"):
        Lexicon(_write(tmp_path, **{"capitals.yaml": "- {adjectives: [السورية]}\n"}))


def test_a_figure_glued_to_a_word_leaves_the_word_whole(tmp_path):
    lex = Lexicon(_write(tmp_path))
    # "قصف3" still holds the word قصف
    assert [c for c, _, _ in _matches(lex, "قصف3")] == ["trigger"]


def test_a_trigger_noun_matches_in_its_dual(tmp_path):
    lex = Lexicon(_write(tmp_path))
    found = _matches(lex, "السيطرتين وبقصفين")
    assert ("trigger", "trg.t.sayt", "السيطرتين") in found
    assert ("trigger", "trg.t.qasf", "وبقصفين") in found


def test_a_split_form_s_verb_is_a_head_with_its_objects(tmp_path):
    triggers = MINI["triggers.yaml"] + """
- id: trg.t.rasas
  type: Attack
  family: attack
  split_forms: [أطلق النار, فجر نفسه, فجر نفسها]
"""
    lex = Lexicon(_write(tmp_path, **{"triggers.yaml": triggers}))
    heads = [m for m in lex.match(normalize("وأطلق مسلحون النار").text) if m.category == "head"]
    assert [(m.entry_id, m.prefix, m.base) for m in heads] == [("trg.t.rasas", "و", "النار")]
    # one verb, several objects: all are kept on the one head
    (head,) = [m for m in lex.match(normalize("فجر").text) if m.category == "head"]
    assert head.base.split() == ["نفسه", "نفسها"]
    bad = MINI["triggers.yaml"] + """
- id: trg.t.bad
  type: Attack
  family: attack
  split_forms: [أطلق]
"""
    with pytest.raises(LexiconError, match=r"trg\.t\.bad.*split form"):
        Lexicon(_write(tmp_path, **{"triggers.yaml": bad}))
