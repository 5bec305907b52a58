"""The template sandbox: hostile templates are refused with a located, readable TemplateFailure;
ordinary document templates render; repository templates override built-ins."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import pytest

from zhidu_cli.render import environment as environment_module
from zhidu_cli.render import (
    RenderLimits,
    TemplateFailure,
    TemplateSource,
    builtin_template_dir,
    list_templates,
    make_environment,
    render_string,
    render_template,
)


@pytest.fixture
def builtins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An isolated built-in template folder, so tests do not depend on the shipped templates."""
    folder = tmp_path / "builtin"
    folder.mkdir()
    monkeypatch.setattr(environment_module, "builtin_template_dir", lambda: folder)
    return folder


@pytest.fixture
def env(builtins: Path):
    return make_environment(None, limits=RenderLimits(seconds=1.0))


def refused(env, source: str, context: dict | None = None) -> TemplateFailure:
    with pytest.raises(TemplateFailure) as caught:
        render_string(env, source, context or {"x": "text", "n": 3}, name="hostile.md.j2")
    return caught.value


HOSTILE = [
    # (template, words the message must contain, line)
    ("{{ x.__class__ }}", ["__class__", "沙箱", "refused"], 1),
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", ["__class__"], 1),
    ("{{ x.__class__.__base__.__subclasses__() }}", ["__class__"], 1),
    ("{{ n.__class__.mro() }}", ["__class__"], 1),
    ("{{ dict.mro() }}", ["mro"], 1),
    ("{{ x|attr('__class__') }}", ["__class__"], 1),
    ("{{ x|attr('__globals__') }}", ["__globals__"], 1),
    ("{{ x|attr('\\x5f\\x5fclass\\x5f\\x5f') }}", ["__class__"], 1),
    ("{{ [x]|map('attr', '__class__')|list }}", ["__class__"], 1),
    ("{{ [x]|map(attribute='__class__')|list }}", ["__class__"], 1),
    ("{{ [x]|map(attribute='upper.__self__')|list }}", ["__self__"], 1),
    ("{{ [x]|sort(attribute='__class__') }}", ["__class__"], 1),
    ("{{ [x]|groupby('__class__') }}", ["__class__"], 1),
    ("{{ (x|attr('format'))('{0.__class__}') }}", ["format"], 1),
    ("{{ '{0.__class__}'.format(x) }}", ["format"], 1),
    ("{{ '{0}'.format_map({'0': x}) }}", ["format_map"], 1),
    ("{{ x['format']('{0.__class__}') }}", ["format"], 1),
    ("{{ '%s'|format(x) }}", ["format", "printf"], 1),
    ("{{ '%s' % x }}", ["%", "printf"], 1),
    ("{{ x|pprint }}", ["pprint"], 1),
    ("{{ x|tojson }}", ["tojson"], 1),
    ("{{ namespace.__init__.__globals__ }}", ["__init__"], 1),
    ("{% set ns = namespace() %}{{ ns.__class__ }}", ["__class__"], 1),
    ("{{ range.__self__ }}", ["__self__"], 1),
    ("{{ self._TemplateReference__context }}", ["_TemplateReference__context"], 1),
    ("{{ self.__dict__ }}", ["__dict__"], 1),
    ("{{ x.upper.__globals__ }}", ["__globals__"], 1),
    ("{{ x.func_globals }}", ["func_globals"], 1),
    ("{{ cycler.__init__.__globals__ }}", ["cycler"], 1),
    ("{{ lipsum.__globals__ }}", ["lipsum"], 1),
    ("{{ joiner() }}", ["joiner"], 1),
    ("{{ (1).to_bytes(1000000000, 'big') }}", ["to_bytes"], 1),
    ("{{ x.ljust(1000000000) }}", ["ljust"], 1),
    ("{{ x.zfill(1000000000) }}", ["zfill"], 1),
    ("{{ x.replace('t', 'tt') }}", ["replace"], 1),
    ("{% for i in range(10**9) %}{% endfor %}", ["range", "10000"], 1),
    ("{% for i in range(10001) %}{% endfor %}", ["range", "10001"], 1),
    ("{{ 'x' * 2000001 }}", ["字符串", "2000001", "2000000"], 1),
    ("{{ [0] * 10001 }}", ["列表", "10001"], 1),
    ("{{ 2 ** 100000 }}", ["整数", "integer"], 1),
    ("{% set ns = namespace(s='x') %}{% for i in range(40) %}"
     "{% set ns.s = ns.s ~ ns.s %}{% endfor %}", ["文本", "text too large"], 1),
    ("{% set ns = namespace(s='x') %}{% for i in range(40) %}"
     "{% set ns.s = ns.s + ns.s %}{% endfor %}", ["字符串", "string too large"], 1),
    ("{% set ns = namespace(l=[1]) %}{% for i in range(40) %}"
     "{% set ns.l = ns.l + ns.l %}{% endfor %}", ["列表", "list too large"], 1),
    ("{% set ns = namespace(n=3) %}{% for i in range(40) %}"
     "{% set ns.n = ns.n * ns.n %}{% endfor %}", ["整数", "integer too large"], 1),
    ("{% macro d(s, n) %}{% if n %}{% set t %}{{ s }}{{ s }}{% endset %}{{ d(t, n - 1) }}"
     "{% else %}{{ s|length }}{% endif %}{% endmacro %}{{ d('x', 40) }}", ["text too large"], 1),
    ("{% set l = ['x' * 2000000] * 2 %}{{ l }}", ["text too large"], 1),
    ("{% set l = ['x' * 2000000] * 2 %}{{ l|join }}", ["text too large"], 1),
    ("{% set l = ['x' * 2000000] * 2 %}{{ l|string }}", ["text too large"], 1),
    ("{{ 'x'|center(1000000000) }}", ["string too large"], 1),
    ("{{ 'x'|indent(1000000000, true) }}", ["string too large"], 1),
    ("{{ 'ab'|replace('', 'x' * 1000000) }}", ["string too large"], 1),
    ("{{ ('a ' * 100000)|wordwrap(1, wrapstring='x' * 100) }}", ["string too large"], 1),
    ("{{ [1]|batch(1000000000, 0)|list }}", ["list too large"], 1),
    ("{{ [[1], [2]]|sum(start=[]) }}", ["sum"], 1),
    ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", ["递归", "recursion"], 1),
    ("{% include '/etc/passwd' %}", ["/etc/passwd", "找不到模板"], 1),
    ("{% include '../../etc/passwd' %}", ["../../etc/passwd", "not found"], 1),
    ("{% extends '/etc/passwd' %}", ["/etc/passwd"], 1),
    ("{% import '..\\\\secret' as s %}", ["secret"], 1),
    ("first line\n{{ member.phone }}", ["member", "undefined", "未定义"], 2),
    ("a\nb\n{{ x.missing }}", ["missing", "未定义"], 3),
    ("{{ [x, nothing] }}", ["nothing", "未定义"], 1),
    ("{{ {'a': [nothing]}|string }}", ["nothing", "未定义"], 1),
    ("{% for %}", ["语法错误", "syntax"], 1),
    ("line 1\n{{ x|no_such_filter }}", ["no_such_filter", "syntax"], 2),
]


@pytest.mark.parametrize("source, words, line", HOSTILE, ids=[case[0][:50] for case in HOSTILE])
def test_hostile_template_is_refused_with_a_clear_located_message(env, source, words, line):
    failure = refused(env, source)
    assert failure.template_path == "hostile.md.j2"
    assert failure.line == line
    for word in words:
        assert word in failure.message
    assert "Traceback" not in failure.message
    assert str(failure).startswith(f"hostile.md.j2:{line}: ")


def test_endless_loop_is_stopped_by_the_time_budget_and_the_timer_is_cleared(env):
    handler_before = signal.getsignal(signal.SIGALRM)
    failure = refused(env, "x\n{% for i in range(10000) %}{% for j in range(10000) %}"
                           "{% endfor %}{% endfor %}")
    assert "1 秒" in failure.message and "exceeded 1 s" in failure.message
    # the alarm usually lands in the template's own loop (line 2); when it lands inside Jinja's runtime
    # there is no template line to give, and that is still a clean, located-by-file refusal
    assert failure.line in (2, None)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is handler_before


def test_time_budget_restores_an_earlier_timer(env):
    signal.setitimer(signal.ITIMER_REAL, 100.0)
    try:
        assert render_string(env, "{{ n }}", {"n": 1}) == "1"
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 99.0 < remaining <= 100.0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def test_time_budget_off_the_main_thread_is_checked_at_each_call(builtins):
    env = make_environment(None, limits=RenderLimits(seconds=0.2))
    outcome: list[object] = []

    def work() -> None:
        try:
            render_string(env, "{% for i in range(10000) %}{% for j in range(10000) %}"
                               "{% if range(1) %}{% endif %}{% endfor %}{% endfor %}", {})
        except TemplateFailure as failure:
            outcome.append(failure)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert len(outcome) == 1 and "0.2 秒" in outcome[0].message


def test_output_larger_than_the_limit_is_refused(env):
    failure = refused(env, "{% for i in range(10000) %}{{ 'x' * 1000 }}{% endfor %}")
    assert "输出过大" in failure.message and "output too large" in failure.message
    assert "2001000" in failure.message


def test_limits_are_exact_at_the_boundary(builtins):
    env = make_environment(None, limits=RenderLimits(max_output=10, max_range=5, max_items=4))
    assert render_string(env, "{{ 'x' * 10 }}", {}) == "x" * 10
    assert render_string(env, "{{ range(5)|list|length }}", {}) == "5"
    assert render_string(env, "{{ ([1] * 4)|length }}", {}) == "4"
    for source in ("{{ 'x' * 11 }}", "{{ range(6)|list }}", "{{ ([1] * 5)|length }}",
                   "{{ 'x' * 6 }}{{ 'y' * 5 }}"):
        with pytest.raises(TemplateFailure):
            render_string(env, source, {})


def test_an_ordinary_document_template_renders(env):
    source = (
        "# {{ title }}\n"
        "{% set ns = namespace(present=0) %}\n"
        "{% for person in people %}\n"
        "{% if person.present %}{% set ns.present = ns.present + 1 %}{% endif %}\n"
        "{% endfor %}\n"
        "{% macro row(p) %}| {{ p.name }} | {{ '出席' if p.present else '缺席' }} |{% endmacro %}\n"
        "应到{{ people|length }}人，实到{{ ns.present }}人。\n"
        "{% for p in people|sort(attribute='name') %}\n"
        "{{ row(p) }}\n"
        "{% endfor %}\n"
        "{{ people|map(attribute='name')|join('、') }}；{{ '第%d' | length }}；{{ 7 % 3 }}\n"
        "{{ title.strip().upper() }} {{ dict(a=1).items()|list }} {{ 2 ** 10 }}\n"
    )
    people = [{"name": "王五", "present": False}, {"name": "李四", "present": True}]
    assert render_string(env, source, {"title": "会议记录", "people": people}) == (
        "# 会议记录\n"
        "应到2人，实到1人。\n"
        "| 李四 | 出席 |\n"
        "| 王五 | 缺席 |\n"
        "王五、李四；3；1\n"
        "会议记录 [('a', 1)] 1024\n"
    )


def test_a_str_subclass_keeps_its_own_attributes_but_not_the_refused_str_methods(env):
    import enum

    class Kind(str, enum.Enum):
        BRANCH = "branch-meeting"

        @property
        def label(self) -> str:
            return "支部党员大会"

    context = {"kind": Kind.BRANCH}
    assert render_string(env, "{{ kind.value }} {{ kind.label }} {{ kind.upper() }}", context) == (
        "branch-meeting 支部党员大会 BRANCH-MEETING")
    assert "format" in refused(env, "{{ kind.format('{0.__class__}') }}", context).message


def test_context_is_not_mutated_by_the_template(env):
    data = {"items": [1, 2]}
    failure = refused(env, "{{ items.append(3) }}", data)
    assert "append" in failure.message
    assert data == {"items": [1, 2]}


# --------------------------------------------------------------------------- template lookup


def test_builtin_template_dir_prefers_the_wheel_copy(tmp_path, monkeypatch):
    package = tmp_path / "site-packages" / "zhidu_cli"
    (package / "render").mkdir(parents=True)
    monkeypatch.setattr(environment_module, "__file__", str(package / "render" / "environment.py"))
    assert builtin_template_dir() == tmp_path / "templates"  # not installed: checkout layout
    (package / "_templates").mkdir()
    assert builtin_template_dir() == package / "_templates"


def test_builtin_template_dir_of_a_source_checkout_is_the_top_level_templates(tmp_path, monkeypatch):
    module = tmp_path / "checkout" / "src" / "zhidu_cli" / "render" / "environment.py"
    module.parent.mkdir(parents=True)
    monkeypatch.setattr(environment_module, "__file__", str(module))
    assert builtin_template_dir() == tmp_path / "checkout" / "templates"


def make_repository(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "records"
    for name, text in files.items():
        path = root / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    root.mkdir(exist_ok=True)
    return root


def test_repository_template_overrides_the_builtin_of_the_same_name(tmp_path, builtins):
    (builtins / "minutes.md.j2").write_text("built-in {{ n }}\n", encoding="utf-8")
    (builtins / "notice.md.j2").write_text("built-in notice {% include 'footer.md.j2' %}",
                                           encoding="utf-8")
    (builtins / "footer.md.j2").write_text("built-in footer", encoding="utf-8")
    root = make_repository(tmp_path, {"minutes.md.j2": "ours {{ n }}\n",
                                      "footer.md.j2": "our footer"})
    env = make_environment(root)
    assert render_template(env, "minutes.md.j2", {"n": 1}) == "ours 1\n"
    # an include from a built-in template also resolves to the repository's override
    assert render_template(env, "notice.md.j2", {}) == "built-in notice our footer"
    assert render_template(make_environment(None), "minutes.md.j2", {"n": 2}) == "built-in 2\n"


def test_list_templates_reports_origin_and_shadowing(tmp_path, builtins):
    (builtins / "minutes.md.j2").write_text("b", encoding="utf-8")
    (builtins / "notice").mkdir()
    (builtins / "notice" / "dues.md.j2").write_text("b", encoding="utf-8")
    (builtins / ".hidden.swp").write_text("b", encoding="utf-8")
    root = make_repository(tmp_path, {"minutes.md.j2": "r", "extra.md.j2": "r"})
    assert list_templates(root) == [
        TemplateSource("extra.md.j2", root / "templates" / "extra.md.j2", "repository", None),
        TemplateSource("minutes.md.j2", root / "templates" / "minutes.md.j2", "repository",
                       builtins / "minutes.md.j2"),
        TemplateSource("notice/dues.md.j2", builtins / "notice" / "dues.md.j2", "built-in", None),
    ]
    assert [source.origin for source in list_templates(None)] == ["built-in", "built-in"]
    assert [s.name for s in list_templates(tmp_path / "no-templates-here")] == [
        "minutes.md.j2", "notice/dues.md.j2"]


def test_errors_in_a_template_file_name_the_file_and_line(tmp_path, builtins):
    root = make_repository(tmp_path, {
        "outer.md.j2": "title\n\n{% include 'inner.md.j2' %}\n",
        "inner.md.j2": "one\ntwo\n{{ meeting.chair }}\n",
        "broken.md.j2": "ok\n{% if x %}\nno end\n",
    })
    env = make_environment(root)
    with pytest.raises(TemplateFailure) as caught:
        render_template(env, "outer.md.j2", {"meeting": {}})
    assert caught.value.template_path == str(root / "templates" / "inner.md.j2")
    assert caught.value.line == 3
    assert "chair" in caught.value.message
    with pytest.raises(TemplateFailure) as caught:
        render_template(env, "broken.md.j2", {"x": True})
    assert caught.value.template_path == str(root / "templates" / "broken.md.j2")
    assert caught.value.line == 3
    assert "语法错误" in caught.value.message


def test_missing_template_fails_without_a_line(env):
    with pytest.raises(TemplateFailure) as caught:
        render_template(env, "nothing.md.j2", {})
    assert caught.value.template_path == "nothing.md.j2"
    assert caught.value.line is None
    assert "找不到模板「nothing.md.j2」" in caught.value.message


def test_symlink_out_of_the_template_folder_is_refused(tmp_path, builtins):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    root = make_repository(tmp_path, {"ok.md.j2": "{% include 'leak.md.j2' %}"})
    (root / "templates" / "leak.md.j2").symlink_to(secret)
    env = make_environment(root)
    for name in ("leak.md.j2", "ok.md.j2"):
        with pytest.raises(TemplateFailure) as caught:
            render_template(env, name, {})
        assert "模板目录之外" in caught.value.message
        assert "TOP SECRET" not in caught.value.message
