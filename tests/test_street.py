"""A street workspace: ``branches:`` in the street's zhidu.yaml, and check / overdue / dues over every branch.

Each branch is its own repository with its own configuration; findings are prefixed with the branch id;
``--branch`` narrows to one; ``-j`` sets the processes and never changes the output; a branch that
cannot be opened is reported (exit 2) without stopping the others; a bad ``branches:`` list is a
located CFG006 error (exit 2).
"""

from __future__ import annotations

import json
import os
import pathlib
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from conftest import BASE_CONFIG, RepoBuilder, full_member
from typer.testing import CliRunner

from zhidu_cli.cli.app import app
from zhidu_cli.street.layout import read_layout
from zhidu_cli.street.runner import Outcome, run_per_branch
from zhidu_cli.rules.config import ConfigError

ENV = {"NO_COLOR": "1", "COLUMNS": "200", "ZHIDU_AS_OF": None, "ZHIDU_LANG": None, "GITHUB_ACTIONS": None}
AS_OF = "2025-04-05"
EXAMPLE = pathlib.Path(__file__).parent.parent / "examples" / "street"


def run(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args], env=ENV)


def quiet_branch(root: pathlib.Path, *, name: str, committee_months=(1, 2, 3), extra_config: str = "") -> RepoBuilder:
    """A branch checked only for the committee's monthly meeting (MTG001) from 2025-01-01."""
    repo = RepoBuilder(root)
    repo.write("zhidu.yaml", BASE_CONFIG.replace("中共测试社区支部委员会", name) +
               "records_start: 2025-01-01\nselect: [MTG001]\n" + extra_config)
    repo.member("wang", full_member("wang", "王五"))
    for month in committee_months:
        repo.write(f"meetings/2025/2025-{month:02d}-10-committee.yaml", f"type: 支委会\ndate: 2025-{month:02d}-10\n")
    return repo


def street(tmp_path: pathlib.Path, branches: str | None = None) -> pathlib.Path:
    """A street without records of its own and two branches: ``ok`` (clean) and ``late`` (no March meeting)."""
    root = tmp_path / "street"
    quiet_branch(root / "branches" / "ok", name="中共甲社区支部委员会")
    quiet_branch(root / "branches" / "late", name="中共乙社区支部委员会", committee_months=(1, 2))
    listing = branches if branches is not None else (
        "branches:\n  - {id: ok, path: branches/ok}\n  - {id: late, path: branches/late}\n")
    (root / "zhidu.yaml").write_text("name: 中共测试街道工作委员会\nupper: 中共测试区委员会\n"
                                     "extends: street-committee\n" + textwrap.dedent(listing), encoding="utf-8")
    return root


# --- the branches: list -------------------------------------------------------------------------------

@pytest.mark.parametrize("listing, line, column, expected", [
    ("branches: branches/ok\n", 4, 11, "branches 应为列表"),
    ("branches:\n  - branches/ok\n", 5, 5, "每项应为含 id 和 path 的映射"),
    ("branches:\n  - {path: branches/ok}\n", 5, 5, "缺少 id"),
    ("branches:\n  - {id: OK, path: branches/ok}\n", 5, 10, "只能用小写字母"),
    ("branches:\n  - {id: street, path: branches/ok}\n", 5, 10, "不能是 street"),
    ("branches:\n  - {id: ok, path: branches/ok}\n  - {id: ok, path: branches/late}\n", 6, 10, "支部编号 ok 重复"),
    ("branches:\n  - {id: ok}\n", 5, 5, "支部 ok 缺少 path"),
    ("branches:\n  - {id: ok, path: ../elsewhere}\n", 5, 20, "须是工作区内的子目录"),
    ("branches:\n  - {id: ok, path: /etc}\n", 5, 20, "须是工作区内的子目录"),
    ("branches:\n  - {id: ok, path: branches/nowhere}\n", 5, 20, "支部 ok 的目录 branches/nowhere 不存在"),
    ("branches:\n  - {id: ok, path: branches/ok, colour: red}\n", 5, 33, "未知的键 colour"),
])
def test_a_bad_branches_list_is_a_located_configuration_error(tmp_path, listing, line, column, expected):
    root = street(tmp_path, listing)
    result = run("check", root, "--as-of", AS_OF)
    assert result.exit_code == 2
    assert f"zhidu.yaml:{line}:{column}: CFG006" in result.stderr
    assert expected in result.stderr
    assert "配置有误，未进行检查" in result.stderr


def test_an_empty_branch_folder_is_taken_for_a_submodule_not_checked_out(tmp_path):
    root = street(tmp_path, "branches:\n  - {id: sub, path: vendor/sub}\n")
    (root / "vendor" / "sub").mkdir(parents=True)
    result = run("check", root, "--as-of", AS_OF, "--lang", "en")
    assert result.exit_code == 2
    assert "zhidu.yaml:5:21: CFG006 branch sub: no zhidu.yaml in vendor/sub (a git submodule not checked out?)" \
        in result.stderr
    assert "git submodule update --init" in result.stderr


def test_a_folder_without_zhidu_yaml_is_not_a_repository(tmp_path):
    root = street(tmp_path, "branches:\n  - {id: x, path: notes}\n")
    (root / "notes").mkdir()
    (root / "notes" / "readme.txt").write_text("hi", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        read_layout(root)
    assert [(p.code, p.variant, p.location.line) for p in error.value.problems] == [("CFG006", "not-a-repository", 5)]


def test_the_layout_lists_the_branches_and_whether_the_street_keeps_records(tmp_path):
    root = street(tmp_path)
    layout = read_layout(root)
    assert [(t.id, t.path) for t in layout.branches] == [("ok", "branches/ok"), ("late", "branches/late")]
    assert layout.own_records is False and layout.ids() == ("ok", "late")
    (root / "meetings").mkdir()
    assert read_layout(root).ids() == ("street", "ok", "late")


def test_a_plain_branch_is_no_workspace(repo):
    assert read_layout(repo.root) is None


# --- check over every branch --------------------------------------------------------------------------

def test_check_runs_every_branch_and_prefixes_each_finding_with_it(tmp_path):
    root = street(tmp_path)
    result = run("check", root, "--as-of", AS_OF, "-f", "concise")
    assert result.exit_code == 1
    findings = result.stdout.splitlines()          # findings on stdout, summaries on stderr
    assert len(findings) == 1
    assert findings[0].startswith(f"[late] {root}/branches/late/zhidu.yaml:1:1: MTG001 2025年3月支委会次数不足")
    assert result.stderr.splitlines() == [
        "[ok] 检查了 5 个文件，未发现问题（截至 2025-04-05）",
        "[late] 检查了 4 个文件：1 个错误，0 个警告，0 条提示（截至 2025-04-05）",
        f"工作区 {root}：检查了2 个支部，1 个错误，0 个警告，0 条提示（截至 2025-04-05）"]


def test_branch_narrows_to_one_and_an_unknown_branch_is_a_usage_error(tmp_path):
    root = street(tmp_path)
    assert run("check", root, "--as-of", AS_OF, "--branch", "ok").exit_code == 0
    wrong = run("check", root, "--as-of", AS_OF, "--branch", "nope")
    assert wrong.exit_code == 2 and "--branch nope: no such branch" in wrong.stderr and "ok, late" in wrong.stderr


def test_branch_outside_a_workspace_is_a_usage_error(repo):
    result = run("check", repo.root, "--branch", "ok", "--as-of", AS_OF)
    assert result.exit_code == 2 and "not a street workspace" in result.stderr


def test_processes_do_not_change_the_output(tmp_path):
    root = street(tmp_path)
    one = run("check", root, "--as-of", AS_OF, "-f", "json", "-j", "1")
    two = run("check", root, "--as-of", AS_OF, "-f", "json", "-j", "2")
    assert one.stdout == two.stdout and one.exit_code == two.exit_code == 1


def test_each_branch_keeps_its_own_configuration_and_language(tmp_path):
    root = street(tmp_path)
    quiet_branch(root / "branches" / "late", name="中共乙社区支部委员会", committee_months=(1, 2),
                 extra_config="locale: en\nrules: {MTG001: warning}\n")
    document = json.loads(run("check", root, "--as-of", AS_OF, "-f", "json").stdout)
    late = {b["branch"]: b for b in document["branches"]}["late"]
    assert late["lang"] == "en" and late["repo"] == f"{root}/branches/late"
    assert [(f["code"], f["severity"], f["message"][:33]) for f in late["findings"]] == \
        [("MTG001", "warning", "2025-03: branch committee meeting")]
    assert document["summary"] == {"files": 9, "error": 0, "warning": 1, "info": 0}


def test_a_branch_that_cannot_be_opened_does_not_stop_the_others(tmp_path):
    root = street(tmp_path)
    (root / "branches" / "late" / "zhidu.yaml").write_text(BASE_CONFIG + "rules: {MTG999: off}\n", encoding="utf-8")
    result = run("check", root, "--as-of", AS_OF, "-f", "concise")
    assert result.exit_code == 2
    assert f"[late] {root}/branches/late/zhidu.yaml:6:9: CFG001 没有规则 MTG999" in result.stderr
    assert "[ok] 检查了 5 个文件，未发现问题" in result.stderr
    assert "；1 个无法检查" in result.stderr
    document = json.loads(run("check", root, "--as-of", AS_OF, "-f", "json").stdout)
    assert [b["branch"] for b in document["branches"]] == ["ok"]
    assert document["errors"][0]["branch"] == "late" and "CFG001" in document["errors"][0]["message"]


def test_an_explicit_as_of_date_leaves_later_records_out_in_every_branch(tmp_path):
    root = street(tmp_path)
    late = root / "branches" / "late" / "meetings" / "2025" / "2025-03-20-committee.yaml"
    late.write_text("type: 支委会\ndate: 2025-03-20\n", encoding="utf-8")
    assert run("check", root, "--as-of", "2025-04-05", "--branch", "late").exit_code == 0    # March held
    result = run("check", root, "--as-of", "2025-03-15", "-f", "concise")     # the March meeting not yet written
    assert "[late] 晚于检查日期 2025-03-15 的1 个文件视为尚未写入，未参与检查" in result.stderr + result.stdout
    document = json.loads(run("check", root, "--as-of", "2025-03-15", "-f", "json").stdout)
    assert document["branches"][1]["left_out"] == {"files": ["meetings/2025/2025-03-20-committee.yaml"], "entries": 0}


def test_machine_formats_of_a_workspace(tmp_path):
    root = street(tmp_path)
    sarif = json.loads(run("check", root, "--as-of", AS_OF, "-f", "sarif").stdout)
    assert [run_["automationDetails"]["id"] for run_ in sarif["runs"]] == ["zhidu/ok/", "zhidu/late/"]
    result = sarif["runs"][1]["results"][0]
    assert result["message"]["text"].startswith("[late] 2025年3月支委会次数不足")
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == f"{root}/branches/late/zhidu.yaml"[1:] \
        or result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("branches/late/zhidu.yaml")
    gitlab = json.loads(run("check", root, "--as-of", AS_OF, "-f", "gitlab").stdout)
    assert [issue["description"][:13] for issue in gitlab] == ["[late] MTG001"]
    github = run("check", root, "--as-of", AS_OF, "-f", "github").stdout
    assert "title=[late] MTG001 " in github and f"file={root}/branches/late/zhidu.yaml" in github


def test_the_street_own_records_use_the_street_profile(tmp_path):
    """The street's own records are configured by the street's zhidu.yaml (street-committee), each branch
    by its own (the default community-branch here)."""
    root = street(tmp_path)
    (root / "meetings").mkdir()
    document = json.loads(run("rollup", root, "--as-of", AS_OF, "-f", "json").stdout)
    assert {b["id"]: b["profiles"] for b in document["branches"]} == {
        "street": ["community-branch", "street-committee"], "ok": ["community-branch"], "late": ["community-branch"]}


def test_the_branches_folder_is_not_stray_records_of_the_street(tmp_path):
    root = street(tmp_path)
    (root / "meetings").mkdir()
    result = run("check", root, "--as-of", AS_OF, "--branch", "street", "-f", "concise", "--select", "SCH")
    assert "SCH009" not in result.stdout + result.stderr


# --- overdue and dues over every branch ---------------------------------------------------------------

def test_overdue_lists_every_branch(tmp_path):
    root = street(tmp_path)
    document = json.loads(run("overdue", root, "--as-of", AS_OF, "-f", "json").stdout)
    assert [(b["branch"], [(r["code"], r["period"]["start"], r["status"]) for r in b["rows"]])
            for b in document["branches"]] == [("ok", [("MTG001", "2025-04-01", "due")]),
                                               ("late", [("MTG001", "2025-03-01", "overdue"),
                                                         ("MTG001", "2025-04-01", "due")])]
    table = run("overdue", root, "--as-of", AS_OF)
    assert table.exit_code == 0
    assert " late   支委会 " in table.stdout and "截至 2025-04-05：已逾期 1 项，待召开 2 项" in table.stdout


def test_dues_lists_every_branch(tmp_path):
    root = street(tmp_path)
    for branch in ("ok", "late"):
        (root / "branches" / branch / "members" / "wang.yaml").write_text(
            full_member("wang", "王五") + "dues: {category: employed, base: [{from: 2025-01, amount: \"3000.00\"}]}\n",
            encoding="utf-8")
        (root / "branches" / branch / "dues").mkdir()
        (root / "branches" / branch / "dues" / "2025-01.yaml").write_text(
            "month: 2025-01\npayments:\n  - {member: wang, amount: \"15.00\", paid_on: 2025-01-10}\n", encoding="utf-8")
    result = run("dues", "-C", root, "--year", "2025", "--as-of", AS_OF, "-f", "csv")
    assert result.exit_code == 0
    expected = ["支部,编号,姓名,党小组,月份,应交,已交,结余,连续未交月数,状态,风险"]
    for branch in ("ok", "late"):      # each branch's rows exactly as ``zhidu dues`` prints them alone
        alone = run("dues", "-C", root / "branches" / branch, "--year", "2025", "--as-of", AS_OF, "-f", "csv")
        expected += [f"{branch},{line}" for line in alone.stdout.splitlines()[1:]]
    assert result.stdout.splitlines() == expected
    assert expected[1].startswith("ok,wang,王五,第一党小组,,") and expected[1].endswith(",15.00,-30.00,2,,")
    member = run("dues", "-C", root, "--member", "wang", "--as-of", AS_OF)
    assert member.exit_code == 2 and "--member needs one branch" in member.stderr


def test_agenda_lists_every_branch(tmp_path):
    root = street(tmp_path)
    document = json.loads(run("agenda", root, "--as-of", AS_OF, "-f", "json", "--only", "meeting").stdout)
    assert [(b["branch"], [(i["code"], i["date"], i["status"]) for i in b["items"]]) for b in document["branches"]] == [
        ("ok", [("MTG001", "2025-04-30", "due")]),
        ("late", [("MTG001", "2025-03-31", "overdue"), ("MTG001", "2025-04-30", "due")])]
    table = run("agenda", root, "--as-of", AS_OF, "--only", "meeting")
    assert table.exit_code == 0 and " late " in table.stdout and "已逾期 1 项" in table.stdout
    ics = run("agenda", root, "--as-of", AS_OF, "--ics")
    assert ics.exit_code == 2 and "--ics is one branch's calendar" in ics.stderr


# --- the runner ----------------------------------------------------------------------------------------

def _square(target, factor):
    from zhidu_cli.street.runner import BranchError

    if target.id == "bad":
        raise BranchError(["bad: cannot be opened"])
    return len(target.id) * factor


def test_the_runner_keeps_the_order_and_reports_errors_as_outcomes(tmp_path):
    from zhidu_cli.street.layout import Target

    targets = [Target(i, tmp_path, i) for i in ("a", "bad", "ccc")]
    for jobs in (1, 2):
        outcomes = run_per_branch(_square, targets, 10, jobs=jobs, progress=False)
        assert outcomes == [Outcome(targets[0], 10), Outcome(targets[1], None, ("bad: cannot be opened",)),
                            Outcome(targets[2], 30)]


def _helpers_allowed(target):
    from zhidu_cli.forking import can_fork

    return can_fork()


def test_a_worker_forks_no_helpers_of_its_own(tmp_path):
    """Every core already runs a branch: a worker's cache writer, rules lane and parser stay in it."""
    from zhidu_cli.street.layout import Target

    targets = [Target(i, tmp_path, i) for i in ("a", "b")]
    assert [o.value for o in run_per_branch(_helpers_allowed, targets, jobs=2, progress=False)] == [False, False]
    assert [o.value for o in run_per_branch(_helpers_allowed, targets, jobs=1, progress=False)] == [True, True]


def _dies_in_a_worker(target):
    from zhidu_cli import forking

    if forking._in_pool and target.id == "b":
        os.kill(os.getpid(), signal.SIGKILL)        # as the OOM killer would
    return target.id


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a worker is killed with a POSIX signal")
def test_a_killed_worker_costs_time_never_a_branch(tmp_path, capsys):
    """The pool is broken once a worker dies; the branches it had not done are done in this process."""
    from zhidu_cli.street.layout import Target

    targets = [Target(i, tmp_path, i) for i in ("a", "b", "c", "d")]
    outcomes = run_per_branch(_dies_in_a_worker, targets, jobs=2, progress=False)
    assert [o.value for o in outcomes] == ["a", "b", "c", "d"]
    assert "a worker process ended abruptly" in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the pool's workers are forked")
@pytest.mark.parametrize("forks", [0, 1])
def test_workers_that_cannot_be_started_cost_time_never_a_branch(tmp_path, capsys, monkeypatch, forks):
    """A process limit (``ulimit -u``) lets ``forks`` workers start, then refuses: the branches are
    done here, and the worker that did start is ended rather than left waiting."""
    import errno

    from zhidu_cli.street.layout import Target

    real_fork, started = os.fork, []

    def limited() -> int:
        if len(started) >= forks:
            raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")
        pid = real_fork()
        if pid:
            started.append(pid)
        return pid
    monkeypatch.setattr(os, "fork", limited)
    targets = [Target(i, tmp_path, i) for i in ("a", "bb", "ccc")]
    assert [o.value for o in run_per_branch(_square, targets, 10, jobs=2, progress=False)] == [10, 20, 30]
    assert "cannot start worker processes (Resource temporarily unavailable)" in capsys.readouterr().err
    assert _all_gone(started)


# Every child forked by the pool writes down how it meets SIGTERM the moment it exists.
FORKED_AS = """
import os, pathlib, signal, sys
from zhidu_cli.cli.app import take_signals
from zhidu_cli.street.layout import Target
from zhidu_cli.street.runner import run_per_branch
folder = pathlib.Path(sys.argv[1])

def noted():
    action = signal.getsignal(signal.SIGTERM)
    (folder / f"forked-{os.getpid()}").write_text("default" if action == signal.SIG_DFL else "handler")

def job(target):
    return target.id

take_signals()                           # as every zhidu command has them
os.register_at_fork(after_in_child=noted)
print(run_per_branch(job, [Target(i, folder, i) for i in ("a", "b", "c")], jobs=2, progress=False)[2].value)
"""


@pytest.mark.skipif(not hasattr(os, "register_at_fork"), reason="the workers are forked")
def test_workers_are_born_with_sigterm_s_default_action(tmp_path):
    """A worker the pool ends with SIGTERM before it has run a line of its own must end: it starts
    with SIGTERM's default action, not with zhidu's handler (which the fork's clean-up swallowed)."""
    done = subprocess.run([sys.executable, "-c", FORKED_AS, str(tmp_path)], capture_output=True, text=True,
                          timeout=120)
    assert (done.returncode, done.stdout) == (0, "c\n"), done.stderr
    actions = [p.read_text() for p in tmp_path.glob("forked-*")]
    assert actions == ["default", "default"]


# A command whose workers each take a minute: it writes each worker's process id, then waits.
SLOW_STREET = """
import os, pathlib, sys, time
from zhidu_cli.cli.app import take_signals
from zhidu_cli.street.layout import Target
from zhidu_cli.street.runner import run_per_branch
folder = pathlib.Path(sys.argv[1])

def slow(target):
    (folder / f"worker-{target.id}").write_text(str(os.getpid()))
    time.sleep(60)

take_signals()                           # as every zhidu command has them
run_per_branch(slow, [Target(i, folder, i) for i in ("a", "b")], jobs=2, progress=False)
"""


def _workers_started(folder: pathlib.Path) -> list[int]:
    for _ in range(600):
        pids = [int(p.read_text()) for p in folder.glob("worker-*") if p.read_text()]
        if len(pids) == 2:
            return pids
        time.sleep(0.05)
    raise AssertionError("the workers did not start")


def _gone(pid: int) -> bool:
    """Ended (a zombie left for init to reap counts as ended)."""
    try:
        return pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def _all_gone(pids: list[int], seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if all(_gone(pid) for pid in pids):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not pathlib.Path("/proc/self/stat").exists(), reason="reads /proc to see the workers")
@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL"])
def test_a_stopped_street_command_leaves_no_worker_behind(tmp_path, how):
    """``kill`` ends a street command at once (it used to wait for every branch left), and its workers
    with it; ``kill -9`` cannot stop them, so they end themselves (they used to wait forever)."""
    command = subprocess.Popen([sys.executable, "-c", SLOW_STREET, str(tmp_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        workers = _workers_started(tmp_path)
        number = getattr(signal, how)
        command.send_signal(number)
        assert command.wait(timeout=20) == (128 + number if how == "SIGTERM" else -number)
        assert _all_gone(workers)
    finally:
        command.kill()
        command.wait()


def test_the_example_street_is_checked(tmp_path):
    result = run("check", EXAMPLE, "--as-of", "2025-12-31", "-f", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    found = {b["branch"]: sorted(f["code"] for f in b["findings"]) for b in document["branches"]}
    assert found == {"street": [], "nanyuan": [], "jinxiu": [], "guihua": ["DEV001", "DUE005", "MTG001", "SCH005"]}


# --- golden output of the example street -----------------------------------------------------------------

GOLDEN = pathlib.Path(__file__).parent / "golden" / "street"


def golden(name: str, text: str) -> None:
    import os

    path = GOLDEN / name
    if os.environ.get("ZHIDU_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}: run with ZHIDU_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_golden_example_street(lang):
    env = {**ENV, "COLUMNS": "160"}
    check = CliRunner().invoke(app, ["check", "examples/street", "--as-of", "2025-12-31", "-f", "concise",
                                     "--lang", lang], env=env)
    rollup = CliRunner().invoke(app, ["rollup", "examples/street", "--as-of", "2025-12-31", "--lang", lang], env=env)
    assert (check.exit_code, rollup.exit_code) == (1, 0)
    golden(f"check-{lang}.txt", "# stdout\n" + check.stdout + "# stderr\n" + check.stderr)
    golden(f"rollup-{lang}.txt", rollup.stdout)
