"""What ``zhidu init`` writes for the editor and CI: the schemas the modelines point at, the VS Code
mapping, a GitHub Actions workflow, a GitLab CI job and a ``.yamllint`` that the skeleton and the
example records pass."""

from __future__ import annotations

import json
import pathlib
import re

import pytest
import yaml
from typer.testing import CliRunner
from yamllint import linter
from yamllint.config import YamlLintConfig

import zhidu_cli
from zhidu_cli.cli.app import app
from zhidu_cli.model.editor_schema import GLOBS, KINDS, SHIPPED

PROJECT = pathlib.Path(__file__).parent.parent
ENV = {"NO_COLOR": "1", "COLUMNS": "100", "ZHIDU_AS_OF": None, "ZHIDU_LANG": None}
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


@pytest.fixture(scope="module")
def branch(tmp_path_factory) -> pathlib.Path:
    root = tmp_path_factory.mktemp("init") / "my-branch"
    result = CliRunner().invoke(app, ["init", str(root), "--as-of", "2025-12-31"], env=ENV)
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and "已创建记录仓库" in result.stderr
    assert "docs/editors.md" in result.stderr and "docs/ci.md" in result.stderr     # where to read on
    return root


def records(root: pathlib.Path) -> list[pathlib.Path]:
    return sorted(p for p in root.rglob("*.yaml") if ".zhidu" not in p.parts and ".github" not in p.parts)


def test_init_copies_the_shipped_schemas(branch):
    copied = branch / ".zhidu" / "schema"
    assert sorted(p.name for p in copied.iterdir()) == sorted(p.name for p in SHIPPED.iterdir())
    for path in copied.iterdir():
        assert path.read_bytes() == (SHIPPED / path.name).read_bytes()


def test_every_record_has_a_modeline_pointing_at_its_local_schema(branch):
    expected = {"zhidu.yaml": "zhidu", "members": "member", "meetings": "meeting", "dues": "dues"}
    found = records(branch)
    assert len(found) == 4
    for path in found:
        relpath = path.relative_to(branch)
        match = MODELINE.match(path.read_text(encoding="utf-8").splitlines()[0])
        assert match, f"{relpath} has no modeline on its first line"
        target = (path.parent / match.group(1)).resolve()
        assert target == (branch / ".zhidu" / "schema" / KINDS[expected[relpath.parts[0]]][0]).resolve()
        assert not match.group(1).startswith(("http:", "https:", "/")), "editors must need no network"


def test_vscode_settings_map_every_kind_to_its_schema(branch):
    settings = json.loads((branch / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping == {f"./.zhidu/schema/{KINDS[kind][0]}": list(globs) for kind, globs in GLOBS.items()}
    for schema in mapping:
        assert (branch / schema).is_file()


def test_the_github_workflow_installs_this_version_and_pins_the_date_of_push_checks(branch):
    workflow = yaml.safe_load((branch / ".github" / "workflows" / "zhidu.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert f'pip install "zhidu-cli=={zhidu_cli.__version__}"' in runs
    pinned = next(step for step in steps if "ZHIDU_AS_OF" in step.get("run", ""))
    assert "pull_request" in pinned["if"] and "zhidu check" in pinned["run"]
    today = next(step for step in steps if step.get("if", "").startswith("github.event_name == 'schedule'"))
    assert today["run"] == "zhidu check" and "ZHIDU_AS_OF" not in today["run"]
    assert set(workflow[True] if True in workflow else workflow["on"]) >= {"push", "pull_request", "schedule"}


def test_the_gitlab_job_writes_a_code_quality_report(branch):
    job = yaml.safe_load((branch / ".gitlab-ci.yml").read_text(encoding="utf-8"))["zhidu"]
    assert job["before_script"] == [f'pip install "zhidu-cli=={zhidu_cli.__version__}"']
    assert any("-f gitlab > gl-code-quality-report.json" in line for line in job["script"])
    assert any("ZHIDU_AS_OF" in line for line in job["script"])
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert job["artifacts"]["when"] == "always"


def _yamllint(root: pathlib.Path, config: YamlLintConfig) -> list[str]:
    problems = []
    for path in sorted(root.rglob("*.y*ml")):
        relpath = path.relative_to(root).as_posix()
        if config.is_file_ignored(relpath):
            continue
        problems += [f"{relpath}:{p.line}:{p.column}: {p.message} ({p.rule})"
                     for p in linter.run(path.read_text(encoding="utf-8"), config, relpath)]
    return problems


def test_the_skeleton_passes_its_own_yamllint(branch):
    config = YamlLintConfig(file=str(branch / ".yamllint"))
    assert _yamllint(branch, config) == []


def test_the_examples_follow_the_documented_yaml_style(branch):
    config = YamlLintConfig(file=str(branch / ".yamllint"))
    assert _yamllint(PROJECT / "examples" / "records", config) == []


def test_yamllint_default_would_complain_so_the_file_matters(branch):
    """The default configuration flags the records (document start, long lines): the shipped one is needed."""
    assert _yamllint(PROJECT / "examples" / "records", YamlLintConfig("extends: default"))


def test_the_initialised_repository_checks_clean(branch):
    result = CliRunner().invoke(app, ["check", str(branch), "--as-of", "2025-12-31", "-f", "json"], env=ENV)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["findings"] == []


@pytest.mark.parametrize("doc, relpath", [("ci.md", ".github/workflows/zhidu.yml"), ("ci.md", ".gitlab-ci.yml"),
                                          ("editors.md", ".yamllint")])
def test_the_docs_show_exactly_what_init_writes(branch, doc, relpath):
    text = (PROJECT / "docs" / doc).read_text(encoding="utf-8")
    written = (branch / relpath).read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.DOTALL)
    assert written.replace(zhidu_cli.__version__, "0.1.0") in blocks, f"docs/{doc} does not show {relpath}"
