"""``zhidu init``, ``--version`` and ``--help``: the first three things a secretary types."""

from __future__ import annotations

import json
import pathlib

import pytest
import typer
from typer.testing import CliRunner

import zhidu_cli
from zhidu_cli.cli.app import app

ENV = {"NO_COLOR": "1", "COLUMNS": "100"}


def zhidu(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


def commands() -> list[str]:
    """Every top-level command and command group, as registered (new ones are picked up)."""
    return sorted(typer.main.get_command(app).list_commands(None))


# --- init ---------------------------------------------------------------------------------------

def test_init_writes_a_repository_that_checks_clean(tmp_path: pathlib.Path):
    target = tmp_path / "my-branch"
    result = zhidu("init", str(target), "--as-of", "2025-12-31")
    assert result.exit_code == 0, result.output
    assert "已创建记录仓库" in result.stderr
    assert (target / "zhidu.yaml").is_file() and (target / "members" / "zhang-san.yaml").is_file()
    assert "records_start: 2025-12-01" in (target / "zhidu.yaml").read_text(encoding="utf-8")
    checked = zhidu("check", str(target), "--as-of", "2025-12-31", "-f", "json")   # every rule: a clean start
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.stdout)["findings"] == []


def test_init_into_an_existing_empty_folder(tmp_path: pathlib.Path):
    assert zhidu("init", str(tmp_path)).exit_code == 0
    assert (tmp_path / "zhidu.yaml").is_file()


def test_init_refuses_a_non_empty_folder(tmp_path: pathlib.Path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = zhidu("init", str(tmp_path))
    assert result.exit_code == 2
    assert "目录非空" in result.stderr and "--force" in result.stderr
    assert not (tmp_path / "zhidu.yaml").exists()


def test_init_with_force_keeps_other_files(tmp_path: pathlib.Path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = zhidu("init", str(tmp_path), "--force")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "zhidu.yaml").is_file()
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_init_refuses_a_file(tmp_path: pathlib.Path):
    target = tmp_path / "branch"
    target.write_text("", encoding="utf-8")
    assert zhidu("init", str(target)).exit_code == 2


# --- version and help ---------------------------------------------------------------------------

@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(flag):
    result = zhidu(flag)
    assert result.exit_code == 0
    assert result.stdout == f"zhidu {zhidu_cli.__version__}\n"


def test_help_lists_every_command():
    result = zhidu("--help")
    assert result.exit_code == 0
    assert {"check", "init"} <= set(commands())
    listed = result.stdout.split("Commands:")[1]
    for name in commands():
        assert f"  {name} " in listed, name


def test_root_help_shows_an_example_of_every_command():
    """The README promises ``zhidu --help`` lists every command with an example: one line each."""
    result = zhidu("--help")
    assert result.stderr == ""
    examples = result.stdout.split("Options:")[0]
    for name in commands():
        assert f"\n    zhidu {name} " in examples, f"zhidu --help has no example of {name}"


def test_no_arguments_shows_help():
    result = zhidu()
    assert "Commands:" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("name", commands())
def test_every_command_has_help_with_an_example(name):
    result = zhidu(name, "--help")
    assert result.exit_code == 0
    assert "示例" in result.stdout or "example" in result.stdout.lower(), f"zhidu {name} --help has no example"


# --- init: the day the records begin (issue 8.2) ----------------------------------------------------

def test_init_takes_records_start(tmp_path: pathlib.Path):
    target = tmp_path / "b"
    result = zhidu("init", str(target), "--records-start", "2024-07-01", "--as-of", "2025-12-31")
    assert result.exit_code == 0, result.output
    text = (target / "zhidu.yaml").read_text(encoding="utf-8")
    assert "records_start: 2024-07-01" in text
    assert "仍未完成的义务" in text                                     # the comment explains the choice
    assert "records_start 取本月" not in result.stderr


def test_init_says_which_records_start_it_chose_when_nobody_can_be_asked(tmp_path: pathlib.Path):
    result = zhidu("init", str(tmp_path / "b"), "--as-of", "2025-12-31")
    assert "records_start 取本月 1 日 2025-12-01" in result.stderr and "--records-start" in result.stderr


def test_init_asks_for_records_start_at_a_terminal(tmp_path: pathlib.Path, monkeypatch):
    monkeypatch.setattr("zhidu_cli.cli.init.interactive", lambda: True)
    result = CliRunner().invoke(app, ["init", str(tmp_path / "b"), "--as-of", "2025-12-31"], input="2025-03-01\n",
                                env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert "records_start" in result.output
    assert "records_start: 2025-03-01" in (tmp_path / "b" / "zhidu.yaml").read_text(encoding="utf-8")


def test_init_refuses_a_bad_records_start(tmp_path: pathlib.Path):
    result = zhidu("init", str(tmp_path / "b"), "--records-start", "2025-13-01")
    assert result.exit_code == 2 and "--records-start" in result.stderr
    assert not (tmp_path / "b").exists()


def test_a_missing_dependency_is_said_plainly_not_as_an_internal_error():
    """``python -m zhidu_cli`` from a source tree, with a Python that lacks typer (it is imported only
    when a command runs, so the entry point must say so itself)."""
    import subprocess
    import sys

    blocker = ("import sys\n"
               "class NoTyper:\n"
               "    def find_spec(self, name, path=None, target=None):\n"
               "        if name.split('.')[0] == 'typer':\n"
               "            raise ModuleNotFoundError(\"No module named 'typer'\", name='typer')\n"
               "sys.meta_path.insert(0, NoTyper())\n"
               "sys.argv = ['zhidu', 'check', 'examples/records', '--as-of', '2025-12-31', '--no-cache']\n"
               "from zhidu_cli.cli.app import main\n"
               "main()\n")
    root = __import__("pathlib").Path(__file__).parent.parent
    done = subprocess.run([sys.executable, "-c", blocker], capture_output=True, text=True, cwd=root, timeout=60,
                          env={**__import__("os").environ, "ZHIDU_DEBUG": ""})
    assert done.returncode == 2
    assert "missing dependency 'typer'" in done.stderr and "internal error" not in done.stderr
    assert done.stdout == ""


def test_ctrl_c_while_zhidu_starts_ends_quietly_with_130(monkeypatch, capsys):
    """Ctrl-C before typer has taken over (while a cold check starts its second process, say) ends the
    run as typer ends an interrupted one: exit status 130, no traceback."""
    from zhidu_cli.cli import app, replay

    def interrupted(argv):
        raise KeyboardInterrupt
    monkeypatch.setattr(replay, "head_start", interrupted)
    monkeypatch.setattr(replay, "ARGV", None)        # main() sets it: restored for the tests after this one
    monkeypatch.setattr("sys.argv", ["zhidu", "check", "examples/records", "--as-of", "2025-12-31"])
    with pytest.raises(SystemExit) as ended:
        app.main()
    assert ended.value.code == 130
    assert capsys.readouterr().err == ""


def _zhidu(*args: str, **popen) -> "subprocess.CompletedProcess":
    """``zhidu ARGS`` as a shell runs it, through the entry point."""
    import os
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-c", "import sys; from zhidu_cli.cli.app import main; "
                           "sys.argv[0] = 'zhidu'; sys.exit(main())", *args],
                          cwd=pathlib.Path(__file__).parent.parent, timeout=120,
                          env={**os.environ, "ZHIDU_DEBUG": "", "NO_COLOR": "1"}, **popen)


@pytest.mark.skipif(not pathlib.Path("/dev/full").exists(), reason="/dev/full is a full disk on demand")
@pytest.mark.parametrize("args", [("--version",), ("check", "examples/records", "--as-of", "2026-03-01", "--no-cache"),
                                  ("check", "examples/records", "--as-of", "2026-03-01"),
                                  ("overdue", "examples/records", "--as-of", "2026-03-01")])
def test_output_to_a_full_disk_is_said_plainly_with_status_2(args):
    """Findings that cannot be written are not a clean run, nor an internal error to report."""
    with open("/dev/full", "w") as full:
        done = _zhidu(*args, stdout=full, stderr=__import__("subprocess").PIPE, text=True)
    assert done.returncode == 2
    assert "No space left on device" in done.stderr
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr


def test_a_closed_output_is_no_internal_error():
    """``zhidu check >&-``: the findings go nowhere; the exit status still says whether there were any."""
    import os
    import subprocess

    args = ("check", "examples/records", "--as-of", "2026-03-01")
    shown = _zhidu(*args, capture_output=True, text=True)
    closed = _zhidu(*args, stderr=subprocess.PIPE, text=True, preexec_fn=lambda: os.close(1))
    assert shown.returncode == 1 and shown.stdout                  # the example has findings that day
    assert closed.returncode == 1 and "internal error" not in closed.stderr


def test_a_deleted_working_folder_is_said_plainly(tmp_path):
    """Run from a folder deleted meanwhile (another terminal's ``rm -r``): said as git says it."""
    import subprocess
    import sys

    gone = tmp_path / "gone"
    script = ("import os, sys\n"
              f"os.mkdir({str(gone)!r}); os.chdir({str(gone)!r}); os.rmdir({str(gone)!r})\n"
              "from zhidu_cli.cli.app import main\n"
              "sys.argv = ['zhidu', *sys.argv[1:]]\n"
              "main()\n")
    root = pathlib.Path(__file__).parent.parent
    checked = subprocess.run([sys.executable, "-c", script, "check", str(root / "examples" / "records")],
                             capture_output=True, text=True, timeout=120)
    assert checked.returncode == 2
    assert "the current folder no longer exists" in checked.stderr and "internal error" not in checked.stderr
    version = subprocess.run([sys.executable, "-c", script, "--version"], capture_output=True, text=True, timeout=120)
    assert (version.returncode, version.stdout) == (0, f"zhidu {zhidu_cli.__version__}\n"), version.stderr
