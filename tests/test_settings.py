"""Project settings: cleaner.toml or [tool.cleaner] in pyproject.toml, found from the
current folder upward; --config FILE, --no-config; the command line wins; `cleaner
config` says where each setting came from; a bad file is one line naming file and key."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import COLUMN_HEADER_ALLOW, article
from cleaner.cli import cli

ALLOW = COLUMN_HEADER_ALLOW
DOC = article("Advertisement")


def run(args: list[str], code: int = 0, input: str | None = None):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli, args, input=input)
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    return result


def effective(args: list[str] = ()) -> dict[str, tuple[str, str]]:  # type: ignore[assignment]
    """`cleaner config` as {key: (value, source)}."""
    out = {}
    for line in run(["config", *args]).stdout.splitlines()[1:]:
        key, rest = line.split(" = ", 1)
        value, source = rest.rsplit("  # ", 1)
        out[key.strip()] = (value, source)
    return out


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with a cleaner.toml at its root; the tests run in a folder below it."""
    (tmp_path / "allow.toml").write_text(ALLOW, encoding="utf-8")
    (tmp_path / "cleaner.toml").write_text('rules = ["allow.toml"]\nkeep = ["metadata"]\njobs = 3\n', encoding="utf-8")
    (tmp_path / "pages").mkdir()
    monkeypatch.chdir(tmp_path / "pages")
    return tmp_path


def test_settings_are_found_upward_and_apply(project: Path) -> None:
    assert "Advertisement" in run(["clean"], input=DOC).stdout.splitlines()  # the project's allow rule
    assert "Advertisement" not in run(["clean", "--no-config"], input=DOC).stdout.splitlines()
    config = effective()
    assert config["rules"] == (f'["{project / "allow.toml"}"]', str(project / "cleaner.toml"))
    assert config["keep"] == ('["metadata"]', str(project / "cleaner.toml"))
    assert config["jobs"] == ("3", str(project / "cleaner.toml"))
    assert config["select"] == ("[]", "default")


def test_the_command_line_wins(project: Path) -> None:
    config = effective(["--keep", "ads", "-j", "1", "--aggressive"])
    assert config["keep"] == ('["ads"]', "command line")
    assert config["jobs"] == ("1", "command line")
    assert config["aggressive"] == ("true", "command line")
    (project / "cleaner.toml").write_text("aggressive = true\n", encoding="utf-8")
    assert effective()["aggressive"] == ("true", str(project / "cleaner.toml"))
    assert effective(["--no-aggressive"])["aggressive"] == ("false", "command line")


def test_config_file_and_no_config(project: Path, tmp_path: Path) -> None:
    other = project / "other.toml"
    other.write_text('select = ["appeal"]\n', encoding="utf-8")
    config = effective(["--config", str(other)])
    assert config["select"] == ('["appeal"]', str(other)) and config["keep"] == ("[]", "default")
    assert set(source for _, source in effective(["--no-config"]).values()) == {"default"}
    assert run(["config", "--no-config"]).stdout.startswith("# settings file: none\n")
    result = run(["config", "--no-config", "--config", str(other)], code=2)
    assert result.stderr == "cleaner: error: --config and --no-config do not go together\n"


def test_cleaner_toml_beats_pyproject_in_one_folder_and_nearest_wins(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.cleaner]\nselect = ["ads"]\n', encoding="utf-8")
    assert effective()["select"] == ("[]", "default")  # cleaner.toml in the same folder wins
    (project / "cleaner.toml").unlink()
    assert effective()["select"] == ('["ads"]', str(project / "pyproject.toml"))
    (project / "pages" / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")  # no [tool.cleaner]: passed over
    assert effective()["select"] == ('["ads"]', str(project / "pyproject.toml"))
    (project / "pages" / "cleaner.toml").write_text('select = ["legal"]\n', encoding="utf-8")
    assert effective()["select"] == ('["legal"]', str(project / "pages" / "cleaner.toml"))


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("cleaner.toml", 'keep = ["metadata"]\nselct = ["ads"]\n', "cleaner.toml:2: selct: unknown key (known: rules, select, ignore, keep, aggressive, jobs, lang, finder, input_format, site, builtin, model, budget, params)"),
        ("cleaner.toml", 'select = "ads"\n', "cleaner.toml:1: select: must be a list of names (strings)"),
        ("cleaner.toml", "aggressive = 1\n", "cleaner.toml:1: aggressive: must be true or false"),
        ("cleaner.toml", "jobs = 0\n", "cleaner.toml:1: jobs: must be a whole number >= 1"),
        ("cleaner.toml", 'finder = "magic"\n', "cleaner.toml:1: finder: must be one of rules, model"),
        ("pyproject.toml", '[tool.cleaner]\nkeep = [1]\n', "pyproject.toml:2: tool.cleaner.keep: must be a list of names (strings)"),
    ],
    ids=["unknown-key", "string-not-list", "not-bool", "jobs-0", "bad-finder", "pyproject"],
)
def test_a_bad_settings_file_exits_2_naming_file_and_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str, message: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for args in (["config"], ["clean"]):
        result = run(args, code=2, input="x\n")
        assert result.stderr == f"cleaner: error: {tmp_path / message}\n" and result.stdout == ""
    run(["clean", "--no-config"], input="x\n")  # the way out


def test_rule_files_in_settings_are_relative_to_the_settings_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project.parent)
    result = run(["clean", "--config", str(project / "cleaner.toml")], input=DOC)
    assert "Advertisement" in result.stdout.splitlines()


def test_diff_report_refuses_only_options_given_on_the_command_line(project: Path) -> None:
    report = project / "r.json"
    (project / "page.txt").write_text(DOC, encoding="utf-8")
    run(["clean", "--check", "--report", str(report), str(project / "page.txt")])  # the allow rule keeps it all
    run(["diff", "--report", str(report)])  # the settings' rules and keep are not an error here
    result = run(["diff", "--report", str(report), "--keep", "ads"], code=2)
    assert "cleaning options do not apply" in result.stderr


# --- structural parameters: from the settings, checked against the built-in schema ------

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
DEMO = README.split("$ cat demo.txt\n", 1)[1].split("\n\n$ ", 1)[0] + "\n"


def test_a_structural_parameter_from_the_settings_changes_the_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cleaner.toml").write_text("[params.structure.outside-article]\nprose_min_size = 200\n", encoding="utf-8")
    tuned = run(["clean"], input=DEMO).stdout
    default = run(["clean", "--no-config"], input=DEMO).stdout
    assert tuned != default and set(tuned.splitlines()) < set(default.splitlines())
    from cleaner import Config, clean

    assert tuned == clean(DEMO, Config(params=(("structure.outside-article", "prose_min_size", 200),)))
    assert effective()["params.structure.outside-article.prose_min_size"] == ("200", str(tmp_path / "cleaner.toml"))


@pytest.mark.parametrize(
    "text, message",
    [
        ("[params.structure.outside-article]\nprose_min_sise = 60\n", "cleaner.toml:2: params.structure.outside-article.prose_min_sise: no such parameter (known: "),
        ("[params.structure.far-from-article]\nmin_distance = 2.5\n", "cleaner.toml:2: params.structure.far-from-article.min_distance: must be a whole number"),
        ("[params.structure.far-from-article]\nmin_distance = -1\n", "cleaner.toml:2: params.structure.far-from-article.min_distance: must be >= 0, not -1"),
        ("[params.structure.outside-article]\nsecondary_share = 1.5\n", "cleaner.toml:2: params.structure.outside-article.secondary_share: must be from 0 to 1 (a share), not 1.5"),
        ("[params.structure.nope]\nx = 1\n", "cleaner.toml:2: params.structure.nope: no structural rule of that name (known: "),
        ("[params.structure]\nx = 1\n", "cleaner.toml:1: params: must be tables [params.<category>.<rule>] of key = value"),
        ("budget = 2\n", "cleaner.toml:1: budget: must be a number from 0 to 1 (a share of the prose)"),
    ],
    ids=["unknown-param", "not-whole", "negative", "share-over-1", "unknown-rule", "not-a-table", "budget"],
)
def test_bad_structural_parameters_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cleaner.toml").write_text(text, encoding="utf-8")
    result = run(["clean"], code=2, input="x\n")
    assert result.stderr.startswith(f"cleaner: error: {tmp_path / message}") and result.stderr.count("\n") == 1


def test_config_params_are_checked_by_the_library() -> None:
    from cleaner import Config, RuleError

    with pytest.raises(RuleError, match=r"^structure.link-run.min_runs: no such parameter \(known: box_end_rules, link_line_rules, max_size, min_run, single_link_headings\)$"):
        Config(params=(("structure.link-run", "min_runs", 3),))
    with pytest.raises(TypeError, match="Config.params must be a tuple of"):
        Config(params=("structure.link-run",))  # type: ignore[arg-type]
    hash(Config(params=[("structure.link-run", "single_link_headings", ["navigation.teaser-heading"])]))  # lists stored as tuples


def test_rules_lists_the_rule_files_of_the_settings(project: Path) -> None:
    ids = [line.split("\t")[0] for line in run(["rules"]).stdout.splitlines()]
    assert "daily-post.column-header" in ids
    assert "daily-post.column-header" not in run(["rules", "--no-config"]).stdout


def test_no_builtin_uses_only_the_rule_files(project: Path) -> None:
    from cleaner import Config, RuleError, clean

    (project / "cleaner.toml").write_text('rules = ["allow.toml"]\nbuiltin = false\n', encoding="utf-8")
    page = "Support us\n" + DOC
    assert run(["clean"], input=page).stdout == page  # no built-in rule, no structural stage
    assert effective()["builtin"] == ("false", str(project / "cleaner.toml"))
    assert "Support us" not in run(["clean", "--builtin"], input=page).stdout  # the command line wins
    assert clean(page, Config(rule_files=(project / "allow.toml",), builtin=False)) == page
    with pytest.raises(RuleError, match=r"^no rules to apply: without the built-in rules, give rule files \(Config.rule_files\)$"):
        Config(builtin=False)  # the library names its option; the command line, its flag:
    result = run(["clean", "--no-config", "--no-builtin"], code=2, input=page)
    assert result.stderr == "cleaner: error: no rules to apply: without the built-in rules, give rule files (--rules)\n"


def test_model_file_from_the_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`model` names the article model for --finder model, relative to the settings file;
    a file that is no model is one line and exit 2; another model changes the fingerprint."""
    import json

    from cleaner import Config, Pipeline
    from cleaner.model import MODEL_FILE

    monkeypatch.chdir(tmp_path)
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "mine.json").write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "cleaner.toml").write_text('finder = "model"\nmodel = "models/mine.json"\n', encoding="utf-8")
    assert effective()["model"] == (json.dumps(str(tmp_path / "models" / "mine.json")), str(tmp_path / "cleaner.toml"))
    assert run(["clean"], input=DEMO).stdout == run(["clean", "--no-config", "--finder", "model"], input=DEMO).stdout  # the same model
    data["article_bias"] = data.get("article_bias", 0.0) + 1.0
    (tmp_path / "models" / "mine.json").write_text(json.dumps(data), encoding="utf-8")
    assert Pipeline(Config(finder="model", model=tmp_path / "models" / "mine.json")).fingerprint != Pipeline(Config(finder="model")).fingerprint
    (tmp_path / "models" / "mine.json").write_text('{"trees": 1}', encoding="utf-8")
    result = run(["clean"], code=2, input=DEMO)
    assert result.stderr.startswith(f"cleaner: error: {tmp_path / 'models' / 'mine.json'}: not an article model: ") and result.stderr.count("\n") == 1


def test_input_format_from_the_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`input_format` in the settings is `--input-format`: Markdown read as plain lines
    keeps what reading it as Markdown removes; a bad value names the key."""
    page = (Path(__file__).parent.parent / "fixtures" / "en" / "markdown" / "orchard_cider_html2text.txt").read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cleaner.toml").write_text('input_format = "lines"\n', encoding="utf-8")
    as_lines = run(["clean", "-q"], input=page).stdout
    assert as_lines == run(["clean", "-q", "--no-config", "--input-format", "lines"], input=page).stdout
    assert as_lines != run(["clean", "-q", "--no-config"], input=page).stdout
    (tmp_path / "cleaner.toml").write_text('input_format = "html"\n', encoding="utf-8")
    result = run(["clean"], code=2, input=page)
    assert result.stderr == f"cleaner: error: {tmp_path / 'cleaner.toml'}:1: input_format: must be one of auto, lines, wrapped, markdown, tagsplit, tagsplit-stripped\n"


def test_the_built_in_model_is_in_the_model_finders_fingerprint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A refit of the built-in model changes what --finder model does, so its fingerprint
    (batch skips outputs made with the same one); the hand-set finder's stays as it was."""
    import dataclasses

    from cleaner import Config, Pipeline, model as model_module

    before = (Pipeline(Config(finder="model")).fingerprint, Pipeline(Config()).fingerprint)
    refit = tmp_path / "article.json"
    refit.write_text(model_module.MODEL_FILE.read_text(encoding="utf-8").replace('"article_bias"', '"article_bias" ', 1) + " ", encoding="utf-8")
    monkeypatch.setattr(model_module, "MODEL_FILE", refit)
    assert Pipeline(Config(finder="model")).fingerprint != before[0]
    assert Pipeline(Config()).fingerprint == before[1]
    given = Pipeline(Config(finder="model")).model
    other = dataclasses.replace(given, article_bias=given.article_bias + 1.0)
    assert Pipeline(Config(finder="model"), model=given).fingerprint != Pipeline(Config(finder="model"), model=other).fingerprint
