"""The ``zhidu`` command: one typer app, each command a few lines over a core function.

Commands load lazily. ``zhidu`` runs in every commit hook, and importing every command's module
(Jinja for render, the dues standard, rich tables, every rule) cost more than checking a small branch
does. :data:`COMMANDS` names each command's module, and the module is imported only when that command
runs (or its own ``--help`` is shown); ``zhidu --help`` lists the commands from the table alone.
Registering a command is one line in the table.
"""

from __future__ import annotations

import importlib
import sys
from typing import Optional

from zhidu_cli import __version__

# name → ("module:attribute", one line for ``zhidu --help``). The attribute is a command function (the
# module's ``HELP`` is its help) or a ``typer.Typer`` of subcommands.
COMMANDS: dict[str, tuple[str, str]] = {
    "agenda": ("zhidu_cli.cli.agenda:agenda", "日程：今后 N 天内到期及已逾期的全部事项——会议、成员期限、党费、公开、报送、培训 / the agenda."),
    "check": ("zhidu_cli.cli.check:check", "检查记录是否符合支部工作制度 / check the records against the rules."),
    "init": ("zhidu_cli.cli.init:init", "新建一个带注释的记录仓库骨架 / create a commented skeleton records repository."),
    "member": ("zhidu_cli.cli.member:member", "一名成员的情况：身份、党小组、职务、外出、发展进程及下一期限，以及与其有关的检查问题 / one member."),
    "overdue": ("zhidu_cli.cli.overdue:overdue", "会议排期：各类会议（及各党小组）每个周期已召开、待召开还是已逾期 / the meeting schedule."),
    "rollup": ("zhidu_cli.cli.rollup:rollup", "汇总：每个支部的问题数、会议、逾期、党费、发展和民主评议（不含隐私信息）/ the roll-up of branches."),
    "rules": ("zhidu_cli.cli.rules:rules", "列出全部规则，或说明一条规则 / list the rules, or explain one."),
    "site": ("zhidu_cli.cli.site:site", "生成只读的静态网站（看板）/ a static, read-only dashboard site."),
    "stats": ("zhidu_cli.cli.stats:stats", "年度统计（党内统计年报）：年末党员构成、年内变化、发展、会议、出勤、党费、培训 / yearly statistics."),
    "dues": ("zhidu_cli.cli.dues:dues_app", "党费：交纳标准、台账与欠交提醒 / dues: the standard, the monthly ledger and arrears."),
    "render": ("zhidu_cli.cli.render:render_app", "生成会议记录和公示 / render minutes and notices."),
    "export": ("zhidu_cli.cli.exchange:export_app", "导出花名册、党费台账为电子表格 / export the roster or the dues ledger as a spreadsheet."),
    "schema": ("zhidu_cli.cli.schema:schema", "为编辑器生成记录的 JSON Schema / write JSON Schemas for editors."),
    "import": ("zhidu_cli.cli.exchange:import_app", "从电子表格导入花名册，生成成员文件 / import a roster spreadsheet as member files."),
}


def __getattr__(name: str):
    """``app`` is built on first use, so ``zhidu --version`` never imports typer."""
    if name == "app":
        global app
        app = _build_app()
        return app
    raise AttributeError(name)


def _build_app():
    import typer
    import typer.core
    import typer.main

    def load_command(name: str):
        """Import one command's module and turn its function (or typer app) into a click command."""
        target, _ = COMMANDS[name]
        module_name, attribute = target.split(":")
        module = importlib.import_module(module_name)
        obj = getattr(module, attribute)
        # registered on a throwaway app of the root's settings, exactly as ``app.command`` / ``add_typer`` would
        holder = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False,
                             context_settings={"help_option_names": ["-h", "--help"]})
        if isinstance(obj, typer.Typer):
            holder.add_typer(obj, name=name)
        else:
            holder.command(name, help=module.HELP)(obj)
        command = typer.main.get_group(holder).commands[name]
        command.name = name
        return command

    class LazyGroup(typer.core.TyperGroup):
        """A typer group whose commands come from :data:`COMMANDS`, imported on first use."""

        def list_commands(self, ctx) -> list[str]:
            return [*COMMANDS, *(n for n in self.commands if n not in COMMANDS)]

        def get_command(self, ctx, cmd_name: str):
            if cmd_name not in self.commands and cmd_name in COMMANDS:
                self.commands[cmd_name] = load_command(cmd_name)
            return self.commands.get(cmd_name)

        def format_commands(self, ctx, formatter) -> None:
            """The command list from the table's one-liners: ``zhidu --help`` imports no command."""
            names = self.list_commands(ctx)
            limit = formatter.width - 6 - max(len(n) for n in names)
            rows = [(n, COMMANDS[n][1] if n in COMMANDS else self.get_command(ctx, n).get_short_help_str(limit))
                    for n in names]
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    app = typer.Typer(
        name="zhidu",
        cls=LazyGroup,
        help="制度 zhidu — 社区党支部记录的检查、排期与文书工具 / records toolkit for community Party branches.\n\n"
             "每个命令的示例 / an example of every command (zhidu COMMAND --help for more):\n\n"
             "\b\n"
             "  zhidu init my-branch                       # 新建记录仓库 / a new records repository\n"
             "  zhidu check my-branch --as-of 2025-12-31   # 检查 / check the records\n"
             "  zhidu overdue --horizon 30                 # 会议排期 / meetings due or overdue\n"
             "  zhidu agenda                               # 30 天内到期和已逾期的事项 / what falls due\n"
             "  zhidu stats --year 2025                    # 年度统计 / the year's statistics\n"
             "  zhidu member wang-wu                       # 一名成员 / one member's timeline\n"
             "  zhidu dues --year 2025                     # 党费 / dues owed and paid\n"
             "  zhidu render notice development-target chen-siyu   # 公示、会议记录 / notices, minutes\n"
             "  zhidu export roster --xlsx 花名册.xlsx      # 花名册、党费台账 / roster, dues ledger\n"
             "  zhidu import roster 花名册.xlsx --dry-run   # 从表格建成员文件 / members from a sheet\n"
             "  zhidu rollup my-street                     # 各支部汇总 / the roll-up of a street's branches\n"
             "  zhidu site my-branch -o site               # 静态看板网站 / a static dashboard site\n"
             "  zhidu rules QRM001                         # 规则说明 / explain a rule\n"
             "  zhidu schema -o .zhidu/schema              # 编辑器 JSON Schema / editor schemas",
        no_args_is_help=True,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
        pretty_exceptions_enable=False,
    )

    def _version(value: bool) -> None:
        if value:
            typer.echo(f"zhidu {__version__}")
            raise typer.Exit()

    @app.callback()
    def root(version: Optional[bool] = typer.Option(None, "--version", "-V", callback=_version, is_eager=True,
                                                    help="显示版本 / show the version")) -> None:
        """制度 zhidu."""

    return app


def take_signals() -> None:
    """How a ``zhidu`` process meets SIGPIPE and SIGTERM (its helper children are told otherwise)."""
    import signal

    if hasattr(signal, "SIGPIPE"):   # ``zhidu overdue | head``: end quietly like other Unix tools
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    # ``kill`` (SIGTERM) unwinds like Ctrl-C, so a write in progress removes its temporary file
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def main() -> None:
    """Entry point. A bug must not greet a secretary with a traceback: say so plainly (ZHIDU_DEBUG=1 shows it)."""
    import os

    for stream in ("stdout", "stderr"):     # started with it closed (``zhidu check >&-``): printed to nowhere
        if getattr(sys, stream) is None:
            setattr(sys, stream, open(os.devnull, "w", encoding="utf-8"))
    take_signals()
    try:
        try:
            if sys.argv[1:] in (["--version"], ["-V"]):   # asked by scripts and hooks: no parsing machinery
                sys.stdout.write(f"zhidu {__version__}\n")
                return
            try:
                os.getcwd()
            except FileNotFoundError:    # as git says: paths are read and shown relative to it
                sys.stderr.write("zhidu: the current folder no longer exists: cd to another / "
                                 "当前目录已被删除，请先进入其他目录\n")
                sys.exit(2)
            if sys.argv[1:2] == ["check"]:     # a commit hook's repeated check: answered before typer is imported
                from zhidu_cli.cli import replay

                replay.ARGV = sys.argv[1:]
                code = replay.answer(replay.ARGV)
                if code is not None:
                    sys.exit(code)
                replay.head_start(replay.ARGV)    # a cold cache: the second core parses while typer loads
            __getattr__("app")()
        finally:
            sys.stdout.flush()    # output that cannot be written is said below, with exit status 2
    except KeyboardInterrupt:   # Ctrl-C before typer took over (which ends such a run the same way)
        sys.exit(130)
    except OSError as error:    # the system refused: a full disk, an output that cannot be written
        if os.environ.get("ZHIDU_DEBUG"):
            raise
        where = f": {error.filename}" if error.filename else ""
        try:
            sys.stderr.write(f"zhidu: {error.strerror or error}{where} / 操作系统拒绝了这个操作\n")
        except OSError:
            pass
        sys.exit(2)
    except Exception as error:  # the last line of defence; user errors never get here
        if os.environ.get("ZHIDU_DEBUG"):
            raise
        if isinstance(error, ModuleNotFoundError) and (error.name or "zhidu_cli").split(".")[0] != "zhidu_cli":
            # run from a source tree, or with a Python the dependencies were not installed into
            sys.stderr.write(f"zhidu: missing dependency {error.name!r} / 缺少依赖 {error.name}\n"
                             "  install zhidu first / 请先安装：python3 -m pip install .\n")
            sys.exit(2)
        sys.stderr.write(f"zhidu: internal error / 内部错误: {type(error).__name__}: {error}\n"
                         "  please report it with ZHIDU_DEBUG=1 output / 请附 ZHIDU_DEBUG=1 的输出报告此问题\n")
        sys.exit(2)
