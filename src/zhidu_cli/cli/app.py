"""The ``zhidu`` command: one typer app, each command a few lines over a core function."""

from __future__ import annotations

from typing import Optional

import typer

from zhidu_cli import __version__
from zhidu_cli.cli import agenda as agenda_cmd
from zhidu_cli.cli import check as check_cmd
from zhidu_cli.cli import init as init_cmd
from zhidu_cli.cli import member as member_cmd
from zhidu_cli.cli import overdue as overdue_cmd
from zhidu_cli.cli import rules as rules_cmd
from zhidu_cli.cli import schema as schema_cmd
from zhidu_cli.cli import stats as stats_cmd
from zhidu_cli.cli.dues import dues_app
from zhidu_cli.cli.render import render_app

app = typer.Typer(
    name="zhidu",
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


app.command("agenda", help=agenda_cmd.HELP)(agenda_cmd.agenda)
app.command("check", help=check_cmd.HELP)(check_cmd.check)
app.command("init", help=init_cmd.HELP)(init_cmd.init)
app.command("member", help=member_cmd.HELP)(member_cmd.member)
app.command("overdue", help=overdue_cmd.HELP)(overdue_cmd.overdue)
app.command("rules", help=rules_cmd.HELP)(rules_cmd.rules)
app.command("schema", help=schema_cmd.HELP)(schema_cmd.schema)
app.command("stats", help=stats_cmd.HELP)(stats_cmd.stats)
app.add_typer(dues_app, name="dues")
app.add_typer(render_app, name="render")


def main() -> None:
    """Entry point. A bug must not greet a secretary with a traceback: say so plainly (ZHIDU_DEBUG=1 shows it)."""
    import os
    import signal
    import sys

    if hasattr(signal, "SIGPIPE"):   # ``zhidu overdue | head``: end quietly like other Unix tools
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    # ``kill`` (SIGTERM) unwinds like Ctrl-C, so a write in progress removes its temporary file
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        app()
    except Exception as error:  # the last line of defence; user errors never get here
        if os.environ.get("ZHIDU_DEBUG"):
            raise
        sys.stderr.write(f"zhidu: internal error / 内部错误: {type(error).__name__}: {error}\n"
                         "  please report it with ZHIDU_DEBUG=1 output / 请附 ZHIDU_DEBUG=1 的输出报告此问题\n")
        sys.exit(2)
