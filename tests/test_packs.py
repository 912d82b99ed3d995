"""Rule packs: every built-in rule loads and its own examples hold; bad rule files fail
with one line naming the file, the rule and the key.

The per-rule tests are parametrised over the packs themselves, so a new rule is tested
the moment it is written (yamllint's and semgrep's rule examples).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from cleaner import Config, Pipeline, RuleError, builtin_rules, clean_and_explain, load_rules
from cleaner.matcher import LineMatcher
from cleaner.packs import parse_pack
from cleaner.rules import KINDS, STRENGTHS, Rule
from cleaner.structure import CONTEXT_RULES

RULES = builtin_rules()
LINE_RULES = [r for r in RULES if r.kind != "context"]
# Context rules that work on one document (cleaner/structure.py). Other context rules
# (e.g. lines repeated across a folder) need more than one document to fire.
DOCUMENT_RULES = [r for r in RULES if r.kind == "context" and r.id in CONTEXT_RULES]


@pytest.fixture(scope="module")
def matcher() -> LineMatcher:
    return LineMatcher(RULES)


def _ids(rules: list[Rule]) -> list[str]:
    return [r.id for r in rules]


# --- the built-in packs -----------------------------------------------------------------


def test_builtin_rules_load() -> None:
    assert len(RULES) >= len(CONTEXT_RULES)
    assert "structure" in RULES.categories
    LineMatcher(RULES)  # no phrase is claimed by two rules
    Pipeline(Config())  # the default pipeline compiles


def test_builtin_rule_ids_are_unique_and_well_formed() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    for rule in RULES:
        category, _, name = rule.id.partition(".")
        assert category == rule.category and name, rule.id
        assert rule.kind in KINDS and rule.strength in STRENGTHS, rule.id
        assert rule.description, rule.id
        assert rule.examples_remove and rule.examples_keep, rule.id


def test_one_pack_file_per_category() -> None:
    for rule in RULES:
        assert rule.source == f"packs/{rule.category}.toml", (rule.id, rule.source)


def test_every_document_context_rule_has_a_pack_entry_and_vice_versa() -> None:
    structure = {r.id for r in RULES if r.kind == "context" and r.category == "structure"}
    assert structure == set(CONTEXT_RULES)


@pytest.mark.parametrize("rule", LINE_RULES, ids=_ids(LINE_RULES))
def test_line_rule_remove_examples_fire(rule: Rule, matcher: LineMatcher) -> None:
    missed = [ex for ex in rule.examples_remove if rule.id not in {h.rule.id for h in matcher.match(ex)}]
    assert not missed, f"{rule.id} ({rule.source}) does not match its remove examples: {missed}"


@pytest.mark.parametrize("rule", LINE_RULES, ids=_ids(LINE_RULES))
def test_line_rule_keep_examples_match_no_rule(rule: Rule, matcher: LineMatcher) -> None:
    wrong = {ex: [h.rule.id for h in matcher.match(ex)] for ex in rule.examples_keep}
    wrong = {ex: ids for ex, ids in wrong.items() if ids}
    assert not wrong, f"keep examples of {rule.id} ({rule.source}) are matched: {wrong}"


def _reasons(document: str, aggressive: bool = False) -> set[str]:
    """The rules that removed a line of ``document``; ``aggressive`` for a rule that only
    runs under --aggressive."""
    result = clean_and_explain(document, Config(aggressive=aggressive))
    return {v.rule_id for removal in result.removed for v in removal.reasons}


@pytest.mark.parametrize("rule", DOCUMENT_RULES, ids=_ids(DOCUMENT_RULES))
def test_context_rule_remove_examples_fire(rule: Rule) -> None:
    for example in rule.examples_remove:
        assert "\n" in example, f"{rule.id}: a context example is a whole document"
        assert rule.id in _reasons(example, rule.aggressive), f"{rule.id} removes nothing in:\n{example}"


@pytest.mark.parametrize("rule", DOCUMENT_RULES, ids=_ids(DOCUMENT_RULES))
def test_context_rule_keep_examples_do_not_fire(rule: Rule) -> None:
    for example in rule.examples_keep:
        assert rule.id not in _reasons(example, rule.aggressive), f"{rule.id} removes a line of:\n{example}"


# --- bad rule files ---------------------------------------------------------------------

GOOD = """
[[rule]]
name = "good"
kind = "line"
strength = "strong"
description = "fine"
phrases.en = ["zqx good"]
examples.remove = ["zqx good"]
examples.keep = ["zqx bad"]
"""


def _rule(**changes: str | None) -> str:
    """A [[rule]] table named ``bad`` with some keys changed (None drops a key)."""
    keys = {
        "name": '"bad"',
        "kind": '"line"',
        "strength": '"normal"',
        "description": '"broken"',
        "phrases.en": '["zqx broken"]',
        "examples.remove": '["zqx broken"]',
        "examples.keep": '["fine"]',
    }
    keys.update(changes)
    return "\n[[rule]]\n" + "".join(f"{k} = {v}\n" for k, v in keys.items() if v is not None)


@pytest.mark.parametrize(
    "body, rule, key",
    [
        (_rule(colour='"red"'), "zt.bad", "colour"),
        (_rule(kind='"regexp"'), "zt.bad", "kind"),
        (_rule(strength='"mighty"'), "zt.bad", "strength"),
        (_rule(kind='"pattern"', **{"phrases.en": None, "patterns.en": '["fine", "(unclosed"]'}), "zt.bad", "patterns.en"),
        (_rule(**{"examples.remove": None, "examples.keep": None}), "zt.bad", "examples"),
        (_rule(**{"examples.keep": None}), "zt.bad", "examples.keep"),
        (_rule(**{"examples.remove": "[]"}), "zt.bad", "examples.remove"),
        (_rule(**{"examples.keep": '"not a list"'}), "zt.bad", "examples.keep"),
        (_rule(**{"phrases.en": None}), "zt.bad", "phrases"),
        (_rule(**{"phrases.en": '["ok", ""]'}), "zt.bad", "phrases.en"),
        (_rule(description=None), "zt.bad", "description"),
        (_rule(name='"Bad_Name"'), "Bad_Name", "name"),
        (_rule(kind='"split"', **{"phrases.en": None}), "zt.bad", "params.separators"),
    ],
    ids=[
        "unknown-key", "bad-kind", "bad-strength", "bad-regex", "no-examples", "no-keep-examples",
        "empty-remove-examples", "examples-not-a-list", "no-phrases", "empty-phrase",
        "no-description", "bad-name", "split-without-params",
    ],
)
def test_bad_rule_file_names_file_rule_and_key(tmp_path: Path, body: str, rule: str, key: str) -> None:
    path = tmp_path / "my-rules.toml"
    path.write_text('category = "zt"\n' + GOOD + body, encoding="utf-8")
    for attempt in (lambda: load_rules((path,)), lambda: Pipeline(Config(rule_files=(path,)))):
        with pytest.raises(RuleError) as info:
            attempt()
        message = str(info.value)
        assert str(path) in message
        assert rule in message
        assert key in message
        assert "\n" not in message


@pytest.mark.parametrize("body", [GOOD + GOOD, GOOD.replace('"good"', '"sandwich"')], ids=["in-file", "with-builtin"])
def test_duplicate_rule_id_names_file_and_rule(tmp_path: Path, body: str) -> None:
    category = "zt" if body.count("[[rule]]") == 2 else "structure"
    path = tmp_path / "dup.toml"
    path.write_text(f'category = "{category}"\n' + body, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules((path,))
    message = str(info.value)
    rule_id = "zt.good" if category == "zt" else "structure.sandwich"
    assert "duplicate" in message
    assert rule_id in message
    assert str(path) in message
    assert "\n" not in message


def test_phrase_claimed_by_two_rules_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "clash.toml"
    path.write_text('category = "zt"\n' + GOOD + GOOD.replace('name = "good"', 'name = "other"'), encoding="utf-8")
    load_rules((path,))  # the file itself is valid ...
    with pytest.raises(RuleError) as info:
        Pipeline(Config(rule_files=(path,)))  # ... but the matcher cannot tell the rules apart
    assert "zt.good" in str(info.value) and "zt.other" in str(info.value)


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("category = \n", "not valid TOML"),
        ('category = "Bad Category"\n' + GOOD, "category"),
        ('category = "zt"\nversion = 2\n' + GOOD, "version"),
        ('category = "zt"\nrule = "x"\n', "[[rule]]"),
        (GOOD, "category"),
    ],
    ids=["not-toml", "bad-category", "unknown-top-level-key", "rule-not-a-table", "no-category"],
)
def test_bad_pack_level_errors(text: str, fragment: str) -> None:
    with pytest.raises(RuleError) as info:
        parse_pack(text, "site.toml")
    message = str(info.value)
    assert message.startswith("site.toml: ")
    assert fragment in message
    assert "\n" not in message


def test_unreadable_rule_file(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="missing.toml"):
        load_rules((tmp_path / "missing.toml",))
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe")
    with pytest.raises(RuleError, match="binary.toml"):
        load_rules((binary,))


def test_user_rules_add_to_the_builtins(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text('category = "zt"\n' + GOOD, encoding="utf-8")
    rules = load_rules((path,))
    assert len(rules) == len(RULES) + 1
    assert rules.get("zt.good").source == str(path)
    assert rules.get("zt.good").phrases == {"en": ("zqx good",)}


def test_every_builtin_pattern_and_phrase_compiles() -> None:
    """Loading skips compiling patterns for speed; this is where a bad one is caught."""
    from cleaner.matcher import LineMatcher

    for rule in builtin_rules():
        for items in rule.patterns.values():
            for pattern in items:
                regex.compile(pattern)
    LineMatcher(builtin_rules())


@pytest.mark.parametrize(
    "line, rule_id",
    [
        ("ΟΡΟΙ ΧΡΗΣΗΣ", "legal.legal-link"),  # "Όροι χρήσης" in capitals: no accents
        ("ΚΟΙΝΟΠΟΙΗΣΗ", "social.social-button"),
        ("ΔΙΑΒΑΣΤΕ ΕΠΙΣΗΣ: Νέα γέφυρα στο λιμάνι", "navigation.read-also-prefix"),
        ("Όροι Χρήσης", "legal.legal-link"),
    ],
)
def test_greek_in_capitals_matches_its_accented_phrase(line: str, rule_id: str) -> None:
    # Greek drops the tonos in capitals, so a vowel with one is compared as the vowel.
    assert rule_id in {hit.rule.id for hit in Pipeline(Config()).matcher("el").match(line)}


@pytest.mark.parametrize(
    "line, fires",
    [
        ("Read:Harbour board names its new chair", True),  # a link's space left out by the renderer
        ("Related:Ferry strike ends after two weeks", True),
        ("Read: Harbour board names its new chair", True),
        ("Readers wrote to the harbour board about the new chair.", False),  # a word, not the phrase
        ("Reading the report, the board named its new chair.", False),
    ],
)
def test_a_phrase_ending_in_punctuation_ends_its_word(line: str, fires: bool, matcher: LineMatcher) -> None:
    assert ("navigation.teaser-prefix" in {h.rule.id for h in matcher.match(line)}) is fires


@pytest.mark.parametrize(
    "line, rule_id",
    [
        ('One banner read: "We use cookies to improve your experience. By continuing you accept our cookies."', "consent.cookie-notice"),
        ("Auf der Seite steht: „Abonnieren Sie unseren Newsletter“, darunter ein Formular.", "subscription.newsletter-pitch"),
        ("Le bandeau indiquait « Nous utilisons des cookies » sans autre explication.", "consent.cookie-notice"),
    ],
)
def test_a_phrase_inside_quotation_marks_is_reported_speech(line: str, rule_id: str, matcher: LineMatcher) -> None:
    # The same words without the quotation marks are boilerplate: the rule does fire.
    unquoted = line.translate(str.maketrans("", "", '"„“«»'))
    assert rule_id in {h.rule.id for h in matcher.match(unquoted)}
    assert rule_id not in {h.rule.id for h in matcher.match(line)}


# --- checks of a user's rule file: one line naming file, line, rule and key --------------


def _user_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "site.toml"
    path.write_text('category = "zt"\n' + GOOD + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "body, message",
    [
        (_rule(colour='"red"'), "zt.bad: colour: unknown key (known: aggressive, allow, description, examples, kind, max_chars, name, params, patterns, phrases, strength)"),
        (GOOD, "zt.good: name: duplicate rule id (first at line 4)"),
        (_rule(kind='"regexp"'), "zt.bad: kind: 'regexp' is not a kind (one of line, prefix, contains, pattern, split, context)"),
        (_rule(kind='"context"'), "zt.bad: kind: a context rule is code in cleaner/structure.py; a rule file can hold only line, prefix, contains, pattern, split rules"),
        (
            _rule(kind='"pattern"', **{"phrases.en": None, "patterns.en": "['zqx (broken']"}),
            "zt.bad: patterns.en: pattern 'zqx (broken' does not compile at position 11: missing )",
        ),
        (
            _rule(kind='"pattern"', **{"phrases.en": None, "patterns.en": "['zqx|(?:x)?']"}),
            "zt.bad: patterns.en: pattern 'zqx|(?:x)?' matches the empty string: it would match every line",
        ),
        (
            _rule(**{"phrases.en": '["* * *"]', "examples.remove": '["***"]'}),
            "zt.bad: phrases.en: phrase '* * *' is punctuation only: it would match every line of symbols",
        ),
        (
            _rule(kind='"contains"', **{"examples.keep": '["a zqx broken line"]'}),
            "zt.bad: examples.keep: the rule matches its own example 'a zqx broken line', which it should keep",
        ),
        (
            _rule(**{"examples.remove": '["zqx unbroken"]'}),
            "zt.bad: examples.remove: the rule does not match its own example 'zqx unbroken'",
        ),
        (
            _rule(kind='"pattern"', **{"phrases.en": None, "patterns.en": "['^zqx (a|aa)+$']", "examples.remove": '["zqx aa"]'}),
            "zt.bad: patterns.en: pattern '^zqx (a|aa)+$' backtracks catastrophically: more than 0.25 s on a line of 47 characters like 'zqx aaaaaaaa...'",
        ),
    ],
    ids=["unknown-key", "duplicate-id", "bad-kind", "context-kind", "does-not-compile", "empty-match", "punctuation-phrase", "removes-keep-example", "keeps-remove-example", "catastrophic"],
)
def test_user_rule_file_errors_are_exact(tmp_path: Path, body: str, message: str) -> None:
    """Each check's exact line, with the line of the rule's key (tomllib gives none)."""
    from click.testing import CliRunner

    from cleaner.cli import cli

    path = _user_file(tmp_path, body)
    with pytest.raises(RuleError) as info:
        load_rules((path,))
    text = str(info.value)
    assert text.startswith(f"{path}:") and text.endswith(message) and "\n" not in text
    line = int(text[len(str(path)) + 1 :].split(":")[0])
    assert path.read_text(encoding="utf-8").splitlines()[line - 1].startswith(message.split(": ")[1])
    result = CliRunner().invoke(cli, ["clean", "--rules", str(path)], input="zqx\n")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == f"cleaner: error: {text}\n"


def test_duplicate_of_a_builtin_names_its_file(tmp_path: Path) -> None:
    path = tmp_path / "dup.toml"
    path.write_text('category = "structure"\n' + GOOD.replace('"good"', '"outside-article"'), encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules((path,))
    assert str(info.value) == f"{path}:4: structure.outside-article: name: duplicate rule id (also in packs/structure.toml)"


def test_rules_check_reports_every_rule(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cleaner.cli import cli

    path = _user_file(tmp_path, _rule(kind='"regexp"') + _rule(name='"fine"', **{"phrases.en": '["zqx fine"]', "examples.remove": '["zqx fine"]'}))
    result = CliRunner().invoke(cli, ["rules", "--check", str(path)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"PASS {path}:4: zt.good",
        f"FAIL {path}:14: zt.bad: kind: 'regexp' is not a kind (one of line, prefix, contains, pattern, split, context)",
        f"PASS {path}:22: zt.fine",
    ]
    assert result.stderr == "cleaner rules --check: 2 of 3 rules passed\n"
    good = _user_file(tmp_path, "")
    result = CliRunner().invoke(cli, ["rules", "--check", str(good)])
    assert (result.exit_code, result.stdout) == (0, f"PASS {good}:4: zt.good\n")
    broken = tmp_path / "broken.toml"
    broken.write_text("category = \n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["rules", "--check", str(broken)])
    assert result.exit_code == 2 and result.stderr.startswith(f"cleaner: error: {broken}: not valid TOML: ")
